/**
 * The bundled lab: when the config has `lab: { enabled: true }`, the daemon (and `poll --once`)
 * start the snmprec agent in-process on loopback first, with the simulated SSH and RouterOS API
 * devices, so the built-in default config has devices to poll without any hardware or Redis.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { Logger } from '../log';
import { startSimulator, type SimulatorHandle } from './agent';
import { LAB_SSH_SUBDIR, startLabSshDevices } from './ssh/lab';
import type { SshDeviceHandle } from './ssh/device';
import { LAB_ROUTEROS_SUBDIR, startLabRouterosDevices } from './routeros/lab';
import type { RouterosApiServer } from './routeros/server';

export interface LabHandle {
  snmp: SimulatorHandle;
  ssh: SshDeviceHandle[];
  routeros: RouterosApiServer[];
  close(): Promise<void>;
}

/**
 * The SNMP agent for every recording, plus a simulated SSH device for each config file under
 * `<recordings>/ssh` whose device the config backs up over SSH on loopback, and a simulated
 * RouterOS API device for each `<recordings>/routeros/<device>.json` whose device the config
 * reads over the API on loopback.
 */
export async function startLabIfConfigured(config: RuntimeConfig, logger: Logger): Promise<LabHandle | undefined> {
  if (!config.lab?.enabled) return undefined;
  const snmp = await startSimulator({ recordingsDir: config.lab.recordings, host: '127.0.0.1', port: config.lab.port, logger });
  let ssh: SshDeviceHandle[] = [];
  let routeros: RouterosApiServer[];
  try {
    ssh = await startLabSshDevices(config.devices, { dir: path.join(config.lab.recordings, LAB_SSH_SUBDIR), changeEveryMs: config.lab.configChangeEveryMs, logger });
    routeros = await startLabRouterosDevices(config.devices, { dir: path.join(config.lab.recordings, LAB_ROUTEROS_SUBDIR), logger });
  } catch (err) {
    await Promise.all([snmp.close(), ...ssh.map((h) => h.close())]);
    throw err;
  }
  logger.info(
    { address: `${snmp.address}:${snmp.port}`, devices: snmp.communities().length, sshDevices: ssh.length, routerosDevices: routeros.length, recordings: config.lab.recordings },
    'simulated lab started',
  );
  return {
    snmp,
    ssh,
    routeros,
    close: async () => {
      await Promise.all([snmp.close(), ...ssh.map((h) => h.close()), ...routeros.map((r) => r.close())]);
    },
  };
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
