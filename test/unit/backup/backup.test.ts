import { execFileSync } from 'node:child_process';
import { blobId, commitMessage } from '../../../src/backup/git-store';
import { decodeOutcome, streamEntries } from '../../../src/backup/redis-sink';
import { escapeHtml } from '../../../src/backup/render-html';
import { scrubTarget } from '../../../src/backup/scrub';
import { statusLine, statusSamples } from '../../../src/backup/status';
import { nextWeeklyRun } from '../../../src/backup/weekly';
import { Secret } from '../../../src/config/secret';
import { silentLogger } from '../../../src/log';
import { createProbeRegistry } from '../../../src/probes/registry';
import type { Probe, ProbeResult } from '../../../src/probes/types';
import type { runProbe } from '../../../src/probes/runner';
import { MemoryResultStore } from '../../../src/results/store';
import type { BackupOutcome } from '../../../src/scheduler/config-sink';
import { createJobHandler } from '../../../src/scheduler/job-handler';
import { StandInConfigs } from '../../helpers/backup-probe';
import { deviceTarget } from '../../helpers/targets';

describe('nextWeeklyRun (local time)', () => {
  const at = (y: number, m: number, d: number, hh = 0, mm = 0) => new Date(y, m - 1, d, hh, mm).getTime();
  it.each([
    ['a Sunday evening → the next Monday 07:00', at(2026, 3, 1, 20), 'monday', '07:00', at(2026, 3, 2, 7)],
    ['Monday 06:59 → the same day', at(2026, 3, 2, 6, 59), 'monday', '07:00', at(2026, 3, 2, 7)],
    ['Monday 07:00 exactly → a week later', at(2026, 3, 2, 7), 'monday', '07:00', at(2026, 3, 9, 7)],
    ['Wednesday → Friday 18:30', at(2026, 3, 4, 12), 'friday', '18:30', at(2026, 3, 6, 18, 30)],
  ] as const)('%s', (_t, now, day, time, expected) => {
    expect(nextWeeklyRun(now, day, time)).toBe(expected);
  });
});

describe('backup status', () => {
  const base = { device: 'sw', client: 'acme', site: '', changes: 2, drift: true, hostKeyChanged: false };
  it('renders one line per outcome', () => {
    expect(statusLine({})).toBe('never backed up');
    expect(statusLine({ last: { result: 'stored', atMs: 0, rev: 'a'.repeat(40) } })).toBe('stored aaaaaaaaaaaa');
    expect(statusLine({ last: { result: 'failed', atMs: 0, reason: 'auth: denied' } })).toBe('failed: auth: denied');
  });
  it('gives the contract series; no drift or changes before the first version', () => {
    expect(statusSamples({ ...base, last: { result: 'failed', atMs: 0 } }).map((s) => s.name)).toEqual(['quarkpulse_config_backup_success', 'quarkpulse_config_hostkey_changed']);
    const withHead = statusSamples({ ...base, head: 'r', lastSuccessMs: 1_700_000_000_500, last: { result: 'unchanged', atMs: 0 } });
    expect(withHead).toEqual([
      { name: 'quarkpulse_config_backup_success', labels: {}, value: 1 },
      { name: 'quarkpulse_config_backup_last_success_timestamp_seconds', labels: {}, value: 1_700_000_000 },
      { name: 'quarkpulse_config_changes_total', labels: {}, value: 2 },
      { name: 'quarkpulse_config_drift', labels: {}, value: 1 },
      { name: 'quarkpulse_config_hostkey_changed', labels: {}, value: 0 },
    ]);
  });
});

test('blobId is the git blob id of the text', () => {
  const text = 'hostname sw\nend\n';
  expect(blobId(text)).toBe(execFileSync('git', ['hash-object', '--stdin'], { input: text, encoding: 'utf8' }).trim());
});

test('commit message carries device, client, profile and time as trailers', () => {
  expect(commitMessage({ device: 'sw', client: 'acme', profile: 'junos', fetchedAtMs: Date.UTC(2026, 0, 5) }, true)).toBe(
    'acme/sw: first junos config (2026-01-05T00:00:00.000Z)\n\nDevice: sw\nClient: acme\nProfile: junos\nFetched-At: 2026-01-05T00:00:00.000Z',
  );
});

test('stream replies in both RESP shapes; garbage outcomes are refused', () => {
  const entries = [['1-0', ['outcome', '{}']]];
  expect(streamEntries([['k', entries]])).toEqual(entries);
  expect(streamEntries(['k', entries])).toEqual(entries);
  expect(streamEntries(null)).toEqual([]);
  expect(decodeOutcome('{"device":"a"}')).toBeUndefined();
  expect(decodeOutcome('not json')).toBeUndefined();
  expect(decodeOutcome('{"device":"a","client":"c","probe":"ssh","fetchedAtMs":1,"config":{"profile":"p","text":"t"}}')).toMatchObject({ device: 'a', site: '' });
});

test('reasons lose every secret of the device; HTML is escaped', () => {
  const target = deviceTarget('sw', { ssh: { profile: 'cisco_ios', port: 22, username: 'u', password: new Secret('hunter22') } });
  expect(scrubTarget('auth failed for password hunter22', target)).toBe('auth failed for password <secret>');
  expect(escapeHtml('<b class="x">&\'')).toBe('&lt;b class=&quot;x&quot;&gt;&amp;&#39;');
});

describe('job handler and configs', () => {
  const standin = new StandInConfigs();
  const registry = createProbeRegistry({ standin: standin.definition() });
  const unused: Probe = { kind: 'standin', run: () => Promise.reject(new Error('not used')) };
  const target = deviceTarget('sw', { ssh: { profile: 'cisco_ios', port: 22, username: 'u' } });
  const setup = (result: Partial<ProbeResult>) => {
    const store = new MemoryResultStore();
    const sent: BackupOutcome[] = [];
    const run: typeof runProbe = async (probe) => ({ probe: probe.kind, success: true, durationMs: 1, samples: [], ...result });
    const handler = createJobHandler({ devices: () => [target], registry, probes: new Map([['standin', unused]]), store, configs: { submit: async (o) => void sent.push(o) }, logger: silentLogger, runProbe: run });
    return { handler, store, sent };
  };
  const job = { scheduleId: 'sw:standin', device: 'sw', probe: 'standin', dueAtMs: Date.now(), attempt: 1, canRetry: false };

  it('hands the config to the sink and keeps it out of the result store', async () => {
    const { handler, store, sent } = setup({ config: { profile: 'cisco_ios', text: 'hostname sw\n' } });
    await handler(job, new AbortController().signal);
    expect(sent).toEqual([expect.objectContaining({ device: 'sw', probe: 'standin', config: { profile: 'cisco_ios', text: 'hostname sw\n' } })]);
    const [entry] = await store.all();
    expect(entry.result.success).toBe(true);
    expect(JSON.stringify(entry)).not.toContain('hostname sw');
  });

  it('a final failure of a config kind is a failed backup (with the host-key flag)', async () => {
    const { handler, sent } = setup({ success: false, error: { kind: 'auth', message: 'host key changed' }, samples: [{ name: 'quarkpulse_config_hostkey_changed', labels: {}, value: 1 }] });
    await handler(job, new AbortController().signal);
    expect(sent).toEqual([expect.objectContaining({ error: { kind: 'auth', message: 'host key changed' }, hostKeyChanged: true })]);
  });

  it('a version blocked by the leak scan (a failed run) reaches the store owner as blocked, with line and rule only', async () => {
    const leak = { line: 12, rule: 'high-entropy' };
    const { handler, store, sent } = setup({ success: false, error: { kind: 'config', message: 'config line 12 still looks like a secret' }, config: { profile: 'cisco_ios', text: '', leak } });
    await handler(job, new AbortController().signal);
    expect(sent).toEqual([expect.objectContaining({ config: { profile: 'cisco_ios', text: '', leak } })]);
    expect((await store.all())[0].result.config).toBeUndefined();
  });

  it('a transient failure that will be retried is not reported yet', async () => {
    const { handler, sent } = setup({ success: false, error: { kind: 'timeout', message: 'slow' } });
    expect(await handler({ ...job, canRetry: true }, new AbortController().signal)).toMatchObject({ retry: true });
    expect(sent).toEqual([]);
  });
});
