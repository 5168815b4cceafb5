/**
 * The config store with the real system git: first fetch stores, an identical fetch makes no
 * commit, a changed line makes exactly one commit whose diff is that line, the review shows it,
 * a flagged (leak) version is never committed, drift follows the approved baseline, and the
 * backup --once / config approve / report commands tell the operator so.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { GitConfigStore } from '../../src/backup/git-store';
import { BackupOwner } from '../../src/backup/owner';
import { renderMarkdown } from '../../src/backup/render-md';
import { buildConfigDiffReport } from '../../src/backup/report';
import { statusSamples } from '../../src/backup/status';
import { runBackupOnce } from '../../src/commands/backup';
import { runConfigApprove } from '../../src/commands/config';
import { runConfigDiffReport } from '../../src/commands/report';
import { silentLogger } from '../../src/log';
import { createProbeRegistry } from '../../src/probes/registry';
import type { BackupOutcome } from '../../src/scheduler/config-sink';
import { StandInConfigs } from '../helpers/backup-probe';
import { deviceTarget } from '../helpers/targets';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
const commits = (dir: string) => Number(git(dir, 'rev-list', '--count', '--all').trim());

const BASE = ['hostname core-1', 'interface Gi0/1', ' description uplink', ' switchport mode trunk', 'snmp-server community <removed> RO', 'end', ''].join('\n');

function outcome(device: string, text: string, atMs: number, extra: Partial<BackupOutcome> = {}): BackupOutcome {
  return { device, client: 'acme', site: 'hq', probe: 'standin', fetchedAtMs: atMs, config: { profile: 'cisco_ios', text }, ...extra };
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('config store (system git)', () => {
  let dir: string;
  let owner: BackupOwner;
  const t0 = Date.parse('2026-03-02T07:00:00Z');
  const devices = [deviceTarget('core-1', { client: 'acme', site: 'hq' })];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-store-'));
    owner = new BackupOwner({ store: new GitConfigStore(dir), logger: silentLogger, devices: () => devices });
    await owner.open();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the first fetch as one commit with device, client, profile and time in the message', async () => {
    const v = await owner.accept(outcome('core-1', BASE, t0));
    expect(v).toMatchObject({ result: 'stored' });
    expect(commits(dir)).toBe(1);
    const message = git(dir, 'log', '-1', '--format=%B');
    expect(message).toContain('Device: core-1');
    expect(message).toContain('Client: acme');
    expect(message).toContain('Profile: cisco_ios');
    expect(message).toContain('Fetched-At: 2026-03-02T07:00:00.000Z');
    expect(git(dir, 'show', 'HEAD:acme/core-1.cfg')).toBe(BASE);
    // The first version is the baseline: no drift.
    expect(owner.status('core-1')).toMatchObject({ drift: false, changes: 0, approved: v.rev });
  });

  it('makes no commit for an identical fetch', async () => {
    const v = await owner.accept(outcome('core-1', BASE, t0 + 3_600_000));
    expect(v.result).toBe('unchanged');
    expect(commits(dir)).toBe(1);
    expect(owner.status('core-1')?.lastSuccessMs).toBe(t0 + 3_600_000);
  });

  it('makes exactly one commit for a changed line, whose diff is that line; drift follows', async () => {
    const changed = BASE.replace(' description uplink', ' description uplink to dist-2');
    const v = await owner.accept(outcome('core-1', changed, t0 + 86_400_000));
    expect(v.result).toBe('stored');
    expect(commits(dir)).toBe(2);
    const diff = git(dir, 'show', '--format=', '--unified=0', 'HEAD');
    const changedLines = diff.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l));
    expect(changedLines).toEqual(['- description uplink', '+ description uplink to dist-2']);
    expect(owner.status('core-1')).toMatchObject({ drift: true, changes: 1 });
    expect(statusSamples(owner.status('core-1')!)).toEqual(
      expect.arrayContaining([
        { name: 'quarkpulse_config_drift', labels: {}, value: 1 },
        { name: 'quarkpulse_config_changes_total', labels: {}, value: 1 },
        { name: 'quarkpulse_config_backup_success', labels: {}, value: 1 },
      ]),
    );
  });

  it('shows the change in the weekly review, not approved, as a unified diff', async () => {
    const report = await buildConfigDiffReport({ store: owner.store, devices, status: (d) => owner.status(d), sinceMs: t0 + 3_600_000, nowMs: t0 + 2 * 86_400_000 });
    const md = renderMarkdown(report);
    expect(report.clients[0].changed[0].changes).toHaveLength(1);
    expect(md).toContain('## Client acme');
    expect(md).toContain('### core-1 (cisco_ios) — differs from the approved baseline');
    expect(md).toMatch(/2026-03-03T07:00:00Z changed, \*\*not approved\*\*/);
    expect(md).toContain('- description uplink\n+ description uplink to dist-2');
  });

  it('never commits a version the fail-closed scan flagged, and keeps the last good one', async () => {
    const leaky = `${BASE}username admin secret LEAK-ME\n`;
    const v = await owner.accept(outcome('core-1', leaky, t0 + 2 * 86_400_000, { config: { profile: 'cisco_ios', text: leaky, leak: { line: 7, rule: 'keyword_value' } } }));
    expect(v).toMatchObject({ result: 'blocked', reason: 'line 7 still looks like a secret (keyword_value); version not stored' });
    expect(commits(dir)).toBe(2);
    expect(git(dir, 'log', '-p', '--all')).not.toContain('LEAK-ME');
    expect(statusSamples(owner.status('core-1')!)).toEqual(
      expect.arrayContaining([
        { name: 'quarkpulse_config_secret_leak_blocked', labels: { line: '7', rule: 'keyword_value' }, value: 1 },
        { name: 'quarkpulse_config_backup_success', labels: {}, value: 0 },
      ]),
    );
  });

  it('a failed fetch keeps the last good version and says why in one line', async () => {
    const v = await owner.accept({ device: 'core-1', client: 'acme', site: 'hq', probe: 'standin', fetchedAtMs: t0 + 3 * 86_400_000, error: { kind: 'auth', message: 'All configured\nauthentication methods failed' } });
    expect(v).toMatchObject({ result: 'failed', reason: 'auth: All configured authentication methods failed' });
    expect(await owner.store.text('core-1')).toContain('uplink to dist-2');
  });

  it('approving the newest version ends the drift; an unknown revision is refused', async () => {
    await expect(owner.approve('core-1', 'deadbeef')).rejects.toThrow(/not a stored version/);
    const done = await owner.approve('core-1');
    expect(done.drift).toBe(false);
    expect(owner.status('core-1')?.drift).toBe(false);
  });

  it('rebuilds counts, drift and the last fetch from disk on reopen', async () => {
    await owner.idle();
    const again = new BackupOwner({ store: new GitConfigStore(dir), logger: silentLogger, devices: () => devices });
    await again.open();
    expect(again.status('core-1')).toMatchObject({ changes: 1, drift: false, last: { result: 'failed' } });
    expect(execFileSync('git', ['-C', dir, 'fsck', '--strict'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
  });
});

describe('backup --once, config approve and report config-diff', () => {
  let dir: string;
  let cfg: string;
  const standin = new StandInConfigs();
  const registry = createProbeRegistry({ standin: standin.definition() });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-backup-cmd-'));
    cfg = path.join(dir, 'quarkpulse.yml');
    writeFileSync(
      cfg,
      [
        `backup: { dir: ${JSON.stringify(path.join(dir, 'configs'))} }`,
        'defaults: { icmp: { enabled: false } }',
        'devices:',
        '  - { name: sw-1, client: acme, kind: switch, address: 127.0.0.1, ssh: { profile: cisco_ios, username: backup, password: "pw-sw-1-secret" } }',
        '  - { name: sw-2, client: acme, kind: switch, address: 127.0.0.1, ssh: { profile: cisco_ios, username: backup, password: "pw-sw-2-secret" } }',
        '  - { name: fw-1, client: globex, kind: firewall, address: 127.0.0.1, ssh: { profile: fortios, username: backup, password: "pw-fw-1-secret" } }',
        '  - { name: prn-1, client: acme, kind: printer, address: 127.0.0.1 }',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const backupOnce = async (device: string[] = []) => {
    const out = new Capture();
    const code = await runBackupOnce({ config: cfg, device, once: true }, { registry, out, logger: silentLogger });
    return { code, lines: out.text.trim().split('\n').sort() };
  };

  it('prints one line per device: stored, unchanged, failed: reason; exit 0 even when devices fail', async () => {
    standin.set('sw-1', BASE);
    standin.set('sw-2', BASE.replace('core-1', 'core-2'));
    standin.set('fw-1', new Error('connect ECONNREFUSED 127.0.0.1:22'));
    const first = await backupOnce();
    expect(first.code).toBe(0);
    expect(first.lines).toEqual([
      'fw-1: failed: unreachable: connect ECONNREFUSED 127.0.0.1:22',
      'prn-1: skipped: no config backup configured (ssh or routeros)',
      expect.stringMatching(/^sw-1: stored [0-9a-f]{12}$/),
      expect.stringMatching(/^sw-2: stored [0-9a-f]{12}$/),
    ]);
    standin.set('sw-1', BASE.replace('trunk', 'access'));
    const second = await backupOnce(['sw-1', 'sw-2']);
    expect(second.lines).toEqual([expect.stringMatching(/^sw-1: stored /), 'sw-2: unchanged']);
    await expect(backupOnce(['nope'])).rejects.toThrow(/unknown device "nope"/);
  });

  it('report config-diff lists changes per client, failing and never backed-up devices', async () => {
    const out = new Capture();
    expect(await runConfigDiffReport({ config: cfg, since: '7d', format: 'md' }, { registry, out, logger: silentLogger })).toBe(0);
    expect(out.text).toContain('## Client acme');
    expect(out.text).toContain('## Client globex');
    expect(out.text).toContain('- switchport mode trunk\n+ switchport mode access');
    expect(out.text).toContain('- fw-1: failed: unreachable: connect ECONNREFUSED 127.0.0.1:22');
    expect(out.text).toContain('**Never backed up:** fw-1');
    const html = path.join(dir, 'r.html');
    await runConfigDiffReport({ config: cfg, since: '7d', format: 'html', client: 'acme', out: html }, { registry, logger: silentLogger });
    expect(execFileSync('grep', ['-c', 'Client acme', html], { encoding: 'utf8' }).trim()).toBe('1');
    await expect(runConfigDiffReport({ config: cfg, since: 'soon', format: 'md' }, { registry, logger: silentLogger })).rejects.toThrow(/--since/);
  });

  it('config approve sets the baseline; a wrong revision is a usage error', async () => {
    const out = new Capture();
    expect(await runConfigApprove({ config: cfg, device: 'sw-1' }, { out, logger: silentLogger })).toBe(0);
    expect(out.text).toMatch(/^sw-1: approved [0-9a-f]{40} as the baseline \(no drift\)\n$/);
    await expect(runConfigApprove({ config: cfg, device: 'sw-1', rev: 'zzzz' }, { logger: silentLogger })).rejects.toMatchObject({ exitCode: 2 });
    await expect(runConfigApprove({ config: cfg, device: 'fw-1' }, { logger: silentLogger })).rejects.toThrow(/no stored config yet/);
  });

  it('nothing of the device credentials reaches the store', () => {
    const log = git(path.join(dir, 'configs'), 'log', '-p', '--all');
    for (const secret of ['pw-sw-1-secret', 'pw-sw-2-secret', 'pw-fw-1-secret']) expect(log).not.toContain(secret);
  });
});
