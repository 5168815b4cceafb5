/**
 * The SSH side of the lab: simulated devices that play the configs in config/lab/ssh
 * (`<device>.<profile>.cfg`), changing one line now and then so backups, changes and drift show
 * up on the dashboards. Host keys are derived from the device name, so pinning holds across restarts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SSH_PROFILES, type SshProfileName } from '../../config/vocabulary';
import type { DeviceTarget } from '../../inventory/types';
import type { Logger } from '../../log';
import { startSshDevice, type SshDeviceHandle } from './device';
import { seededHostKey } from './host-key';
import { fixtureDevice } from './personality';

export const LAB_SSH_SUBDIR = 'ssh';
const FILE = /^(?<device>[A-Za-z0-9][A-Za-z0-9_.:+@-]*)\.(?<profile>[a-z_]+)\.cfg$/;

export interface LabSshFile {
  device: string;
  profile: SshProfileName;
  file: string;
}

export function listLabSshFiles(dir: string): LabSshFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const m = FILE.exec(name);
      const profile = m?.groups?.profile as SshProfileName | undefined;
      const device = m?.groups?.device;
      if (!profile || !device || !SSH_PROFILES.includes(profile)) return [];
      return [{ device, profile, file: path.join(dir, name) }];
    });
}

/**
 * The config as the device shows it at `nowMs`: every `everyMs` the first line mentioning
 * "uplink" takes the next of three revisions, so a change appears, then another, then the
 * original comes back (drift clears by itself).
 */
export function labConfigAt(base: string, nowMs: number, everyMs: number): string {
  const rev = Math.floor(nowMs / everyMs) % 3;
  return rev === 0 ? base : base.replace(/uplink/i, (m) => `${m}-rev${rev}`);
}

/** Login of the lab's SSH devices when `quarkpulse simulate` serves them without a config. */
export const LAB_SSH_LOGIN = { username: 'backup', password: 'lab-backup' } as const;

/**
 * Every lab config file as a device on `host`, ports `firstPort`, `firstPort + 1`, … (in file
 * name order), all with LAB_SSH_LOGIN; for `quarkpulse simulate --ssh-port`.
 */
export async function serveLabSshFiles(dir: string, host: string, firstPort: number, opts: Omit<LabSshOptions, 'dir'>): Promise<Array<{ file: LabSshFile; handle: SshDeviceHandle }>> {
  const now = opts.now ?? Date.now;
  const out: Array<{ file: LabSshFile; handle: SshDeviceHandle }> = [];
  try {
    for (const [i, lab] of listLabSshFiles(dir).entries()) {
      const base = fs.readFileSync(lab.file, 'utf8');
      const { answer } = fixtureDevice(lab.profile, () => labConfigAt(base, now(), opts.changeEveryMs));
      const handle = await startSshDevice({ profile: lab.profile, hostname: lab.device, hostKey: seededHostKey(lab.device), ...LAB_SSH_LOGIN, answer, host, port: firstPort + i, logger: opts.logger });
      out.push({ file: lab, handle });
    }
  } catch (err) {
    await Promise.all(out.map((d) => d.handle.close()));
    throw err;
  }
  return out;
}

export interface LabSshOptions {
  dir: string;
  changeEveryMs: number;
  logger: Logger;
  now?: () => number;
}

/** One simulated device per lab file whose device the config points at loopback with `ssh:`. */
export async function startLabSshDevices(devices: readonly DeviceTarget[], opts: LabSshOptions): Promise<SshDeviceHandle[]> {
  const now = opts.now ?? Date.now;
  const handles: SshDeviceHandle[] = [];
  for (const lab of listLabSshFiles(opts.dir)) {
    const target = devices.find((d) => d.name === lab.device && d.ssh?.profile === lab.profile && /^127\./.test(d.address));
    const ssh = target?.ssh;
    if (!target || !ssh) continue;
    const base = fs.readFileSync(lab.file, 'utf8');
    const { answer } = fixtureDevice(lab.profile, () => labConfigAt(base, now(), opts.changeEveryMs));
    const handle = await startSshDevice({
      profile: lab.profile,
      hostname: lab.device,
      hostKey: seededHostKey(lab.device),
      username: ssh.username,
      password: ssh.password?.reveal(),
      enableSecret: ssh.enablePassword?.reveal(),
      answer,
      host: target.address,
      port: ssh.port,
      logger: opts.logger,
    });
    handles.push(handle);
    opts.logger.debug({ device: lab.device, profile: lab.profile, address: `${handle.address}:${handle.port}` }, 'simulated SSH device started');
  }
  return handles;
}
