/**
 * The config-backup commands through the real `quarkpulse` binary: argument handling, exit codes
 * and the host-key acceptance (file store, no Redis).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';

describe('quarkpulse backup / config / report (CLI)', () => {
  let dir: string;
  let cfg: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-backup-cli-'));
    cfg = path.join(dir, 'q.yml');
    writeFileSync(
      cfg,
      [
        `backup: { dir: ${JSON.stringify(path.join(dir, 'configs'))} }`,
        'defaults: { icmp: { enabled: false } }',
        'devices:',
        '  - { name: sw-1, client: acme, kind: switch, address: 127.0.0.1, ssh: { profile: cisco_ios, username: backup, password: "pw-cli-secret" } }',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backup accept-hostkey pins the refused key; nothing refused is exit 1, an unknown device exit 2', async () => {
    const none = await runCli(['backup', 'accept-hostkey', 'sw-1', '--config', cfg]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('sw-1: no refused host key to accept');
    mkdirSync(path.join(dir, 'configs', '.quarkpulse'), { recursive: true });
    const file = path.join(dir, 'configs', '.quarkpulse', 'hostkeys.json');
    writeFileSync(file, JSON.stringify({ pinned: { 'sw-1': 'ssh-ed25519 AAAAold' }, refused: { 'sw-1': 'ssh-ed25519 AAAAnew' } }));
    const ok = await runCli(['backup', '--config', cfg, 'accept-hostkey', 'sw-1']);
    expect(ok).toMatchObject({ code: 0, stdout: 'sw-1: the new host key is pinned; the next backup uses it\n' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ pinned: { 'sw-1': 'ssh-ed25519 AAAAnew' }, refused: {} });
    expect((await runCli(['backup', 'accept-hostkey', 'nope', '--config', cfg])).code).toBe(2);
  });

  it('usage errors exit 2 with one line; nothing stored yet is exit 1', async () => {
    const noOnce = await runCli(['backup', '--config', cfg]);
    expect(noOnce.code).toBe(2);
    expect(noOnce.stderr).toMatch(/^quarkpulse: backup: only --once/);
    const badFormat = await runCli(['report', 'config-diff', '--config', cfg, '--format', 'pdf']);
    expect(badFormat).toMatchObject({ code: 2, stderr: 'quarkpulse: --format: expected md or html, got "pdf"\n' });
    expect((await runCli(['report', 'config-diff', '--config', cfg, '--since', 'lately'])).code).toBe(2);
    const approve = await runCli(['config', 'approve', 'sw-1', '--config', cfg]);
    expect(approve.code).toBe(1);
    expect(approve.stderr).toContain('sw-1: no stored config yet');
    const report = await runCli(['report', 'config-diff', '--config', cfg, '--since', '7d']);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^# Config changes /);
    expect(report.stdout + report.stderr).not.toContain('pw-cli-secret');
  });
});
