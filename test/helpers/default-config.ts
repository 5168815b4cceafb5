/**
 * The built-in default config (config/quarkpulse.yml) as shipped, but with its fixed lab ports
 * (1161/udp, SSH 2201-2203, RouterOS API 8728) moved to free ones, so a test can start its lab
 * beside any other.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../src/inventory/load';
import type { RuntimeConfig } from '../../src/inventory/runtime-config';
import { REPO_ROOT } from './cli';
import { freeTcpPort, freeUdpPort } from './ports';

export async function defaultConfigOnFreePorts(): Promise<RuntimeConfig> {
  const file = path.join(REPO_ROOT, 'config/quarkpulse.yml');
  let text = fs.readFileSync(file, 'utf8').replace(/port: 1161/g, `port: ${await freeUdpPort()}`);
  for (const p of ['2201', '2202', '2203', '8728']) text = text.replace(`port: ${p}`, `port: ${await freeTcpPort()}`);
  return parseConfig(text, file, {});
}
