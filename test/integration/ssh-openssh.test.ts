/**
 * The SSH backup probe against a real OpenSSH sshd (Debian openssh-server) started by the test:
 * own host key, key-only auth, a ForceCommand playing a Cisco IOS switch; over an exec channel
 * and over an interactive shell.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Secret } from '../../src/config/secret';
import type { DeviceTarget } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import { normalizeConfig } from '../../src/platforms/normalize';
import { runProbe } from '../../src/probes/runner';
import { createSshProbe } from '../../src/probes/ssh';
import { createMemoryHostKeyStore } from '../../src/probes/ssh/host-key';
import { runCli } from '../helpers/cli';
import { startOpensshIos, type OpensshServer } from '../helpers/openssh';
import { describeWith } from '../helpers/requires';
import { capturingLogger, fixtureSecrets, fixtureText } from '../helpers/ssh-device';

jest.setTimeout(30_000);

describeWith(['sshd'], 'ssh probe against OpenSSH sshd playing Cisco IOS', () => {
  let sshd: OpensshServer;
  beforeAll(async () => {
    sshd = await startOpensshIos(fixtureText('cisco_ios'));
  });
  afterAll(async () => sshd?.stop());

  const target = (over: Partial<NonNullable<DeviceTarget['ssh']>> = {}): DeviceTarget => ({
    name: 'sshd-ios',
    client: 'acme',
    site: '',
    kind: 'switch',
    address: '127.0.0.1',
    intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 3_600_000 },
    importantInterfaces: [],
    ssh: { profile: 'cisco_ios', port: sshd.port, username: sshd.user, privateKey: new Secret(sshd.clientKey), commandTimeoutMs: 5_000, ...over },
  });
  const expected = () => normalizeConfig('cisco_ios', fixtureText('cisco_ios')).text;

  test.each(['shell', 'exec'] as const)('%s: the normalised running-config, no secret in outcome or logs, host key pinned', async (mode) => {
    const hostKeys = createMemoryHostKeyStore();
    const { logger, text } = capturingLogger();
    const r = await runProbe(createSshProbe({ hostKeys }), target({ mode }), { logger, deadlineMs: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.config).toEqual({ profile: 'cisco_ios', text: expected() });
    expect(await hostKeys.get('sshd-ios')).toBe(sshd.hostPublicKey);
    const everything = `${JSON.stringify(r)}\n${text()}`;
    for (const secret of fixtureSecrets('cisco_ios')) expect(everything).not.toContain(secret);
  });

  test('a changed line on the switch is exactly that line changed in the backup', async () => {
    const probe = createSshProbe();
    const before = await runProbe(probe, target(), { logger: silentLogger, deadlineMs: 20_000 });
    sshd.setConfig(fixtureText('cisco_ios').replace(' description Printers', ' description Printers 2nd floor'));
    try {
      const after = await runProbe(probe, target(), { logger: silentLogger, deadlineMs: 20_000 });
      const a = (before.config?.text ?? '').split('\n');
      const b = (after.config?.text ?? '').split('\n');
      expect(b.length).toBe(a.length);
      expect(b.filter((l, i) => l !== a[i])).toEqual([' description Printers 2nd floor']);
    } finally {
      sshd.setConfig(fixtureText('cisco_ios'));
    }
  });

  test('password auth is refused by a key-only sshd: one-line auth failure', async () => {
    const r = await runProbe(createSshProbe(), target({ privateKey: undefined, password: new Secret('Not-Accepted-1') }), { logger: silentLogger, deadlineMs: 20_000 });
    expect(r.error?.kind).toBe('auth');
    expect(r.error?.message).toMatch(/^ssh: authentication to 127\.0\.0\.1:\d+ failed \(All configured authentication methods failed\)$/);
  });
});

/**
 * The whole path against the real sshd, through the real command: `quarkpulse backup --once`
 * fetches, normalises and commits; the same config again makes no commit; one changed line makes
 * exactly one commit whose diff is that line; the config-diff review shows it; no secret of the
 * fixture is anywhere in the store's history.
 */
describeWith(['sshd'], 'quarkpulse backup --once against OpenSSH sshd', () => {
  let sshd: OpensshServer;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    sshd = await startOpensshIos(fixtureText('cisco_ios'));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-sshd-backup-'));
    fs.writeFileSync(path.join(dir, 'backup.key'), sshd.clientKey, { mode: 0o600 });
    file = path.join(dir, 'quarkpulse.yml');
    fs.writeFileSync(
      file,
      [
        `backup: { dir: ${path.join(dir, 'configs')} }`,
        'defaults: { icmp: { enabled: false } }',
        'devices:',
        `  - { name: core-sw, client: acme, kind: switch, address: 127.0.0.1, ssh: { profile: cisco_ios, port: ${sshd.port}, username: ${sshd.user}, private_key: { file: backup.key } } }`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await sshd?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const git = (...args: string[]) => execFileSync('git', ['-C', path.join(dir, 'configs'), ...args], { encoding: 'utf8' });
  const backup = async () => {
    const r = await runCli(['backup', '--config', file, '--once'], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    return r.stdout.trim();
  };

  test('stored, unchanged, one changed line = one commit of that line; the review shows it; no secret in the history', async () => {
    expect(await backup()).toMatch(/^core-sw: stored [0-9a-f]+/);
    const commits = () => Number(git('rev-list', '--count', 'HEAD').trim());
    expect(commits()).toBe(1);
    expect(await backup()).toMatch(/^core-sw: unchanged/);
    expect(commits()).toBe(1);

    sshd.setConfig(fixtureText('cisco_ios').replace(' description Printers', ' description Printers 2nd floor'));
    try {
      expect(await backup()).toMatch(/^core-sw: stored [0-9a-f]+/);
    } finally {
      sshd.setConfig(fixtureText('cisco_ios'));
    }
    expect(commits()).toBe(2);
    const changed = git('show', '--format=', '--unified=0', 'HEAD')
      .split('\n')
      .filter((l) => /^[-+][^-+]/.test(l));
    expect(changed).toEqual(['- description Printers', '+ description Printers 2nd floor']);

    const review = await runCli(['report', 'config-diff', '--config', file, '--since', '7d', '--format', 'md'], { timeoutMs: 30_000 });
    expect(review.code).toBe(0);
    expect(review.stdout).toContain('core-sw');
    expect(review.stdout).toContain('+ description Printers 2nd floor');

    const history = git('log', '-p', '--all');
    for (const secret of fixtureSecrets('cisco_ios')) expect(history).not.toContain(secret);
  }, 120_000);
});
