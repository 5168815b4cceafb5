/**
 * Test side of the simulated SSH devices: a fixture as a device on loopback, a DeviceTarget
 * pointing at it, and a logger whose lines the test can search for secrets.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { utils } from 'ssh2';
import { Secret } from '../../src/config/secret';
import type { SshProfileName } from '../../src/config/vocabulary';
import type { DeviceTarget, SshSettings } from '../../src/inventory/types';
import { createLogger, type Logger } from '../../src/log';
import { fixtureDevice } from '../../src/simulate/ssh/personality';
import { startSshDevice, type SshDeviceHandle, type SshDeviceOptions } from '../../src/simulate/ssh/device';

export const FIXTURES = path.join(__dirname, '../fixtures/configs');
export const fixtureText = (profile: string): string => fs.readFileSync(path.join(FIXTURES, `${profile}.cfg`), 'utf8');
export const fixtureSecrets = (profile: string): string[] =>
  fs
    .readFileSync(path.join(FIXTURES, `${profile}.secrets`), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

/** One key pair per test run; ssh2 writes OpenSSH format. */
export const HOST_KEY = utils.generateKeyPairSync('ed25519').private;
export const OTHER_HOST_KEY = utils.generateKeyPairSync('ed25519').private;

export const PASSWORD = 'Lab-Login-Pa55!';

export interface TestDevice {
  handle: SshDeviceHandle;
  target: DeviceTarget;
}

export async function startFixtureDevice(
  profile: SshProfileName,
  over: Partial<SshDeviceOptions> = {},
  ssh: Partial<SshSettings> = {},
  text: () => string = () => fixtureText(profile),
): Promise<TestDevice> {
  const { device, answer } = fixtureDevice(profile, text);
  const handle = await startSshDevice({ profile, hostname: `lab-${profile.replace(/_/g, '-')}`, hostKey: HOST_KEY, username: 'backup', password: PASSWORD, answer, ...over });
  const target: DeviceTarget = {
    name: `dev-${profile}`,
    client: 'acme',
    site: '',
    kind: 'switch',
    address: '127.0.0.1',
    intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 3_600_000 },
    importantInterfaces: [],
    ssh: {
      profile,
      port: handle.port,
      username: 'backup',
      password: new Secret(PASSWORD),
      commandTimeoutMs: 5_000,
      connectTimeoutMs: 5_000,
      ...(device.files ? { files: device.files } : {}),
      ...(device.commands ? { commands: device.commands } : {}),
      ...ssh,
    },
  };
  return { handle, target };
}

/** A logger at debug level whose output the test reads back. */
export function capturingLogger(): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), text: () => chunks.join('') };
}
