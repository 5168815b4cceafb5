/**
 * The bundled lab: when the config has `lab: { enabled: true }`, the daemon (and `poll --once`)
 * start the snmprec agent in-process on loopback first, so the built-in default config has
 * devices to poll without any hardware or Redis.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { Logger } from '../log';
import { startSimulator, type SimulatorHandle } from './agent';

export async function startLabIfConfigured(config: RuntimeConfig, logger: Logger): Promise<SimulatorHandle | undefined> {
  if (!config.lab?.enabled) return undefined;
  const handle = await startSimulator({ recordingsDir: config.lab.recordings, host: '127.0.0.1', port: config.lab.port, logger });
  logger.info({ address: `${handle.address}:${handle.port}`, devices: handle.communities().length, recordings: config.lab.recordings }, 'simulated lab started');
  return handle;
}

const LAB = path.join('config', 'lab');

/**
 * Absolute path of the bundled lab recordings (config/lab: a printer, a switch, a router and a
 * firewall written for this project). Found by walking up from this file, which lives in
 * src/simulate/ under ts-jest and in dist/src/simulate/ when compiled.
 */
export function labRecordingsDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, LAB);
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`bundled lab recordings (${LAB}) not found above ${__dirname}`);
}
