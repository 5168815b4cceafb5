/**
 * The RouterOS API side of the lab: a simulated MikroTik for each fixture in config/lab/routeros
 * (`<device>.json`), so the RouterOS dashboard has data without a router. Like the lab's SSH
 * devices, the config decides where each one listens: the device's `routeros:` port and login.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DeviceTarget } from '../../inventory/types';
import type { Logger } from '../../log';
import { loadRouterosFixture } from './fixture';
import { startRouterosApiServer, type RouterosApiServer } from './server';

export const LAB_ROUTEROS_SUBDIR = 'routeros';
const FILE = /^(?<device>[A-Za-z0-9][A-Za-z0-9_.:+@-]*)\.json$/;

/** Login of the lab's RouterOS devices when `quarkpulse simulate` serves them without a config. */
export const LAB_ROUTEROS_LOGIN = { username: 'monitoring', password: 'lab-api' } as const;

export interface LabRouterosFile {
  device: string;
  file: string;
}

export function listLabRouterosFiles(dir: string): LabRouterosFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const device = FILE.exec(name)?.groups?.device;
      return device ? [{ device, file: path.join(dir, name) }] : [];
    });
}

export interface LabRouterosOptions {
  dir: string;
  logger: Logger;
  now?: () => number;
}

async function closeAll(servers: readonly RouterosApiServer[]): Promise<void> {
  await Promise.all(servers.map((s) => s.close()));
}

/**
 * One simulated device per lab file whose device the config reads over the API on a loopback
 * address, with that device's port, user name and password. The lab speaks plain API only: a
 * device with `tls: true` is left alone (its probe then says so).
 */
export async function startLabRouterosDevices(devices: readonly DeviceTarget[], opts: LabRouterosOptions): Promise<RouterosApiServer[]> {
  const servers: RouterosApiServer[] = [];
  try {
    for (const lab of listLabRouterosFiles(opts.dir)) {
      const target = devices.find((d) => d.name === lab.device && d.routeros !== undefined && /^127\./.test(d.address));
      const settings = target?.routeros;
      if (!target || !settings) continue;
      if (settings.tls) {
        opts.logger.warn({ device: lab.device }, 'the lab RouterOS devices speak the plain API only: set tls: false to poll this one');
        continue;
      }
      const server = await startRouterosApiServer({
        fixture: loadRouterosFixture(lab.file),
        username: settings.username,
        password: settings.password.reveal(),
        host: target.address,
        port: settings.port,
        logger: opts.logger,
        now: opts.now,
      });
      servers.push(server);
    }
  } catch (err) {
    await closeAll(servers);
    throw err;
  }
  return servers;
}

/**
 * Every lab fixture as a device on `host`, ports `firstPort`, `firstPort + 1`, … (in file name
 * order), all with LAB_ROUTEROS_LOGIN; for `quarkpulse simulate --routeros-port`.
 */
export async function serveLabRouterosFiles(dir: string, host: string, firstPort: number, opts: Omit<LabRouterosOptions, 'dir'>): Promise<Array<{ file: LabRouterosFile; server: RouterosApiServer }>> {
  const out: Array<{ file: LabRouterosFile; server: RouterosApiServer }> = [];
  try {
    for (const [i, lab] of listLabRouterosFiles(dir).entries()) {
      const server = await startRouterosApiServer({ fixture: loadRouterosFixture(lab.file), ...LAB_ROUTEROS_LOGIN, host, port: firstPort + i, logger: opts.logger, now: opts.now });
      out.push({ file: lab, server });
    }
  } catch (err) {
    await closeAll(out.map((d) => d.server));
    throw err;
  }
  return out;
}
