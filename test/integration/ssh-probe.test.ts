/**
 * The SSH backup probe's edges against simulated devices on loopback: every way of logging in,
 * host-key pinning, legacy algorithms, and the failures an operator must be able to read in one
 * line (unreachable port, wrong password, a device that never prints its prompt).
 */
import { utils } from 'ssh2';
import { Secret } from '../../src/config/secret';
import { normalizeConfig } from '../../src/platforms/normalize';
import { builtinProbeRegistry } from '../../src/probes/registry';
import { runProbe } from '../../src/probes/runner';
import { createSshProbe } from '../../src/probes/ssh';
import { createMemoryHostKeyStore } from '../../src/probes/ssh/host-key';
import type { ProbeResult } from '../../src/probes/types';
import { silentLogger } from '../../src/log';
import { freeTcpPort } from '../helpers/ports';
import { fixtureText, OTHER_HOST_KEY, PASSWORD, startFixtureDevice, type TestDevice } from '../helpers/ssh-device';

jest.setTimeout(30_000);

const EXPECTED = normalizeConfig('cisco_ios', fixtureText('cisco_ios')).text;
const run = (target: TestDevice['target'], probe = createSshProbe(), deadlineMs = 20_000): Promise<ProbeResult> => runProbe(probe, target, { logger: silentLogger, deadlineMs });
const oneLine = (r: ProbeResult) => {
  expect(r.error?.message).toBeDefined();
  expect(r.error?.message).not.toContain('\n');
  return r.error?.message ?? '';
};
const sample = (r: ProbeResult, name: string) => r.samples.find((s) => s.name === name)?.value;

let devices: TestDevice[] = [];
afterEach(async () => {
  await Promise.all(devices.map((d) => d.handle.close()));
  devices = [];
});
const start = async (...args: Parameters<typeof startFixtureDevice>) => {
  const d = await startFixtureDevice(...args);
  devices.push(d);
  return d;
};

describe('logging in', () => {
  test('cisco_ios over an exec channel instead of the shell', async () => {
    const d = await start('cisco_ios', {}, { mode: 'exec' });
    expect((await run(d.target)).config?.text).toBe(EXPECTED);
  });

  test('keyboard-interactive (the device asks "Password:")', async () => {
    const d = await start('cisco_ios', { keyboardInteractive: true });
    const r = await run(d.target);
    expect(r.error).toBeUndefined();
    expect(r.config?.text).toBe(EXPECTED);
  });

  test('a private key with a passphrase', async () => {
    const pair = utils.generateKeyPairSync('ed25519', { passphrase: 'Key-Pa55phrase', cipher: 'aes256-ctr', rounds: 16 });
    const d = await start('cisco_ios', { password: undefined, publicKey: pair.public }, { password: undefined, privateKey: new Secret(pair.private), passphrase: new Secret('Key-Pa55phrase') });
    const r = await run(d.target);
    expect(r.error).toBeUndefined();
    expect(r.config?.text).toBe(EXPECTED);
  });

  test('a wrong passphrase is a config failure, not a retry', async () => {
    const pair = utils.generateKeyPairSync('ed25519', { passphrase: 'Key-Pa55phrase', cipher: 'aes256-ctr', rounds: 16 });
    const d = await start('cisco_ios', { password: undefined, publicKey: pair.public }, { password: undefined, privateKey: new Secret(pair.private), passphrase: new Secret('wrong') });
    const r = await run(d.target);
    expect(r.error?.kind).toBe('config');
    expect(oneLine(r)).toMatch(/^ssh: cannot use the private key/);
    expect(JSON.stringify(r)).not.toContain('Key-Pa55phrase');
  });
});

describe('failures, each one line', () => {
  test('nothing listens on the port', async () => {
    const port = await freeTcpPort();
    const d = await start('cisco_ios');
    const r = await run({ ...d.target, ssh: { ...d.target.ssh!, port } });
    expect(r.success).toBe(false);
    expect(r.error?.kind).toBe('unreachable');
    expect(oneLine(r)).toBe(`ssh: connection to 127.0.0.1:${port} refused`);
    expect(sample(r, 'quarkpulse_config_backup_success')).toBe(0);
    expect(r.config).toBeUndefined();
  });

  test('a wrong password', async () => {
    const d = await start('cisco_ios', {}, { password: new Secret('not-the-password') });
    const r = await run(d.target);
    expect(r.error?.kind).toBe('auth');
    expect(oneLine(r)).toMatch(/^ssh: authentication to 127\.0\.0\.1:\d+ failed/);
    expect(JSON.stringify(r)).not.toContain('not-the-password');
  });

  test('a device that logs in and never prints its prompt', async () => {
    const d = await start('cisco_ios', { noPrompt: true, motd: 'Welcome' }, { commandTimeoutMs: 800 });
    const r = await run(d.target);
    expect(r.error?.kind).toBe('timeout');
    expect(oneLine(r)).toMatch(/^ssh: no prompt after login from 127\.0\.0\.1:\d+ within 1 s of silence$/);
    expect(sample(r, 'quarkpulse_config_backup_success')).toBe(0);
  });

  test('the run deadline stops a slow device, with a reason', async () => {
    const d = await start('cisco_ios', { slow: { chunkBytes: 16, delayMs: 50 } });
    const r = await run(d.target, createSshProbe(), 1_500);
    expect(r.error?.kind).toBe('timeout');
    expect(oneLine(r)).toMatch(/^ssh: deadline passed while waiting for prompt after `show running-config`/);
  });

  test('enable asks for a secret the config does not have', async () => {
    const d = await start('cisco_ios', { enableSecret: 'En4ble-S3cret' });
    const r = await run(d.target);
    expect(r.error?.kind).toBe('auth');
    expect(oneLine(r)).toMatch(/asks for the enable secret; set ssh\.enable_password$/);
  });

  test('a wrong enable secret', async () => {
    const d = await start('cisco_ios', { enableSecret: 'En4ble-S3cret' }, { enablePassword: new Secret('Wrong-Enable') });
    const r = await run(d.target);
    expect(r.error?.kind).toBe('auth');
    expect(oneLine(r)).toMatch(/refused the enable secret$/);
    expect(JSON.stringify(r)).not.toContain('Wrong-Enable');
  });

  test('a secret in a shape no rule knows blocks the version: no text, the line named', async () => {
    const leaky = () => `${fixtureText('cisco_ios')}banner motd ^C Zx9Qm2Lk8Vb4Nc7Rt1Yu6Io3Pa5Sd0FgHj ^C\n`;
    const d = await start('cisco_ios', {}, {}, leaky);
    const r = await run(d.target);
    expect(r.success).toBe(false);
    expect(r.config?.leak?.rule).toBe('high-entropy');
    expect(r.config?.text).toBe('');
    expect(oneLine(r)).toMatch(/^config line \d+ still looks like a secret \(high-entropy\); version not stored$/);
    expect(JSON.stringify(r)).not.toContain('Zx9Qm2Lk8Vb4Nc7Rt1Yu6Io3Pa5Sd0FgHj');
  });
});

describe('host keys', () => {
  test('first key pinned, a changed key refused (auth, hostkey_changed 1) until accepted', async () => {
    const hostKeys = createMemoryHostKeyStore();
    const probe = createSshProbe({ hostKeys });
    const first = await start('cisco_ios');
    const ok = await run(first.target, probe);
    expect(ok.success).toBe(true);
    expect(sample(ok, 'quarkpulse_config_hostkey_changed')).toBe(0);
    const pinned = await hostKeys.get(first.target.name);
    expect(pinned).toMatch(/^ssh-ed25519 AAAA/);

    // Same device name and port, new host key: a replaced box or a man in the middle.
    const port = first.target.ssh!.port;
    await first.handle.close();
    devices = [];
    const second = await start('cisco_ios', { hostKey: OTHER_HOST_KEY, port });
    const refused = await run(second.target, probe);
    expect(refused.success).toBe(false);
    expect(refused.error?.kind).toBe('auth');
    expect(oneLine(refused)).toMatch(/^ssh: host key of 127\.0\.0\.1:\d+ changed \(pinned SHA256:\S+, offered SHA256:\S+\); refused until an operator runs `quarkpulse backup accept-hostkey dev-cisco_ios`$/);
    expect(sample(refused, 'quarkpulse_config_hostkey_changed')).toBe(1);
    expect(sample(refused, 'quarkpulse_config_backup_success')).toBe(0);
    expect(await hostKeys.get(second.target.name)).toBe(pinned);

    expect(await hostKeys.accept(second.target.name)).toBe(true);
    const accepted = await run(second.target, probe);
    expect(accepted.success).toBe(true);
    expect(sample(accepted, 'quarkpulse_config_hostkey_changed')).toBe(0);
  });

  test('the password is not sent to a host whose key was refused', async () => {
    const hostKeys = createMemoryHostKeyStore();
    await hostKeys.pinFirst('dev-cisco_ios', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPinnedKeyOfTheRealDevice000000000000000');
    let attempts = 0;
    const d = await start('cisco_ios', {
      answer: () => {
        attempts++;
        return '';
      },
    });
    const r = await run(d.target, createSshProbe({ hostKeys }));
    expect(r.error?.kind).toBe('auth');
    expect(attempts).toBe(0);
  });
});

describe('legacy algorithms, opt-in per device', () => {
  const OLD_KEX = ['diffie-hellman-group14-sha1'];

  test('refused by default with a hint, accepted with legacy_algorithms: true', async () => {
    const d = await start('cisco_ios', { kex: OLD_KEX });
    const refused = await run(d.target);
    expect(refused.error?.kind).toBe('protocol');
    expect(oneLine(refused)).toMatch(/handshake with 127\.0\.0\.1:\d+ failed: .*legacy_algorithms: true/);
    const ok = await run({ ...d.target, ssh: { ...d.target.ssh!, legacyAlgorithms: true } });
    expect(ok.error).toBeUndefined();
    expect(ok.config?.text).toBe(EXPECTED);
  });
});

test('registry: ssh runs at intervals.backup and never counts for device_up', async () => {
  const d = await start('cisco_ios');
  expect(builtinProbeRegistry.configuredKinds(d.target)).toContain('ssh');
  expect(builtinProbeRegistry.countsForAvailability('ssh')).toBe(false);
  expect(builtinProbeRegistry.intervalMs(d.target, 'ssh')).toBe(3_600_000);
  const view = JSON.stringify(builtinProbeRegistry.get('ssh')?.settingsView(d.target));
  expect(view).not.toContain(PASSWORD);
  expect(JSON.parse(view)).toMatchObject({ profile: 'cisco_ios', auth: 'password' });
});
