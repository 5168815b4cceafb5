/**
 * Config backup through the daemon (in-process queue, a stand-in backup kind in its own registry):
 * versions reach the store through the job handler and the one writer, /metrics shows the
 * quarkpulse_config_* series of the owner's status, the API serves history, diff, approval and
 * the last backup's reason, and drift goes end to end to a REAL Alertmanager: change → drift 1 →
 * ConfigDrift firing there; approve → drift 0 → resolved. Nothing secret appears anywhere.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { createAlerting } from '../../src/alerts/service';
import { MemoryStateStore } from '../../src/alerts/state-store';
import { startDaemon, type Daemon } from '../../src/daemon/daemon';
import type { DaemonParts } from '../../src/daemon/parts';
import { loadConfig } from '../../src/inventory/load';
import { createLogger } from '../../src/log';
import { createProbeRegistry } from '../../src/probes/registry';
import { InProcessQueue } from '../../src/queue/in-process';
import { MemoryResultStore } from '../../src/results/store';
import { createJobHandler } from '../../src/scheduler/job-handler';
import { silentLogger } from '../../src/log';
import { StandInConfigs } from '../helpers/backup-probe';
import { startAlertmanager, waitFor, type ManagedProcess } from '../helpers/prom-stack';
import { describeWith } from '../helpers/requires';

const SECRETS = { ssh: 'ssh-pass-Qx7!vL', ssh2: 'other-ssh-pass-9Zr', token: 'api-token-5c1f0e2a', community: 'snmp-comm-77aa' };
const BASE = ['hostname sw-1', 'interface Gi0/1', ' description uplink', 'username backup secret <removed>', 'end', ''].join('\n');

class LogSink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface AmAlert {
  labels: Record<string, string>;
  status: { state: string };
}

describeWith(['alertmanager'], 'config backup through the daemon, drift to a real Alertmanager', () => {
  let dir: string;
  let am: { proc: ManagedProcess; url: string };
  let daemon: Daemon;
  const logs = new LogSink();
  const standin = new StandInConfigs();
  const answers: string[] = [];
  const auth = { authorization: `Bearer ${SECRETS.token}` };

  const api = async (p: string, init: RequestInit = {}) => {
    const res = await fetch(`${daemon.url}${p}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
    const text = await res.text();
    answers.push(text);
    return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  };
  const metrics = async () => {
    const text = await (await fetch(`${daemon.url}/metrics`)).text();
    answers.push(text);
    return text;
  };
  const amAlerts = async () => (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as AmAlert[];
  const driftLine = (v: number) => `quarkpulse_config_drift{client="acme",device="sw-1",site="hq"} ${v}`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-backup-daemon-'));
    const amConfig = path.join(dir, 'alertmanager.yml');
    writeFileSync(amConfig, ['route: { receiver: none, group_wait: 0s, group_interval: 1s, repeat_interval: 1h }', 'receivers: [ { name: none } ]', ''].join('\n'));
    am = await startAlertmanager({ configFile: amConfig, storageDir: path.join(dir, 'am') });
    const file = path.join(dir, 'quarkpulse.yml');
    writeFileSync(
      file,
      [
        `http: { listen: 127.0.0.1:0, token: ${SECRETS.token} }`,
        `backup: { dir: ${JSON.stringify(path.join(dir, 'configs'))}, weekly_report: { dir: ${JSON.stringify(path.join(dir, 'reports'))} } }`,
        `alerting: { alertmanagers: [ ${am.url} ], evaluation: { interval: 1s }, resend_interval: 1s, state: { store: memory } }`,
        'defaults: { icmp: { enabled: false } }',
        'devices:',
        `  - { name: sw-1, client: acme, site: hq, kind: switch, address: 127.0.0.1, ssh: { profile: cisco_ios, username: backup, password: "${SECRETS.ssh}" }, snmp: { community: ${SECRETS.community}, modules: [system] } }`,
        `  - { name: sw-2, client: acme, site: hq, kind: switch, address: 127.0.0.1, ssh: { profile: cisco_ios, username: backup, password: "${SECRETS.ssh2}" } }`,
        '',
      ].join('\n'),
    );
    standin.set('sw-1', BASE);
    standin.set('sw-2', new Error('connect ECONNREFUSED 127.0.0.1:22'));
    const registry = createProbeRegistry({ standin: standin.definition({ intervalMs: 300 }) });
    const parts: DaemonParts = {
      probes: registry,
      createQueue: () => new InProcessQueue({ logger: silentLogger }),
      createStore: () => new MemoryResultStore(),
      createHandler: (deps) => createJobHandler(deps),
      createAlerting: (config, deps) => createAlerting(config, { ...deps, stateStore: new MemoryStateStore() }),
      startLab: async () => undefined,
    };
    const logger = createLogger({ level: 'debug', destination: logs });
    daemon = await startDaemon({ config: await loadConfig(file, {}), roles: ['scheduler', 'worker', 'http'], logger, parts, loadConfig: (f) => loadConfig(f, {}) });
  }, 30_000);

  afterAll(async () => {
    await daemon?.close();
    await am?.proc.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores the first version and shows the backup series in /metrics', async () => {
    await waitFor(() => daemon.configStore?.owner.store.has('sw-1'), 'the first version of sw-1');
    const text = await waitFor(async () => {
      const t = await metrics();
      const both = t.includes('quarkpulse_config_backup_success{client="acme",device="sw-2",site="hq"} 0') && t.includes('device="sw-1",site="hq"} 1');
      return both ? t : undefined;
    }, 'backup series of both devices');
    expect(text).toContain('quarkpulse_config_backup_success{client="acme",device="sw-1",site="hq"} 1');
    expect(text).toContain(driftLine(0));
    expect(text).toContain('quarkpulse_config_changes_total{client="acme",device="sw-1",site="hq"} 0');
    expect(text).toMatch(/quarkpulse_config_backup_last_success_timestamp_seconds\{client="acme",device="sw-1",site="hq"\} \d{10}/);
    expect(text).toContain('quarkpulse_config_hostkey_changed{client="acme",device="sw-1",site="hq"} 0');
    // The config text itself is not a probe result.
    const device = (await api('/api/devices/sw-1')).json() as { probes: Array<Record<string, unknown>>; backup: Record<string, unknown> };
    expect(JSON.stringify(device)).not.toContain('description uplink');
    expect(device.backup).toMatchObject({ drift: false, changes: 0 });
    expect(String(device.backup.status)).toMatch(/^(stored [0-9a-f]{12}|unchanged)$/);
    const failing = (await api('/api/devices/sw-2')).json() as { backup: Record<string, unknown> };
    expect(failing.backup).toMatchObject({ status: 'failed: unreachable: connect ECONNREFUSED 127.0.0.1:22', head: null });
  });

  it('a changed line: one new version, drift 1, and ConfigDrift fires in Alertmanager', async () => {
    standin.set('sw-1', BASE.replace(' description uplink', ' description uplink to core-2'));
    await waitFor(async () => (await metrics()).includes(driftLine(1)) || undefined, 'drift 1 in /metrics');
    expect(await metrics()).toContain('quarkpulse_config_changes_total{client="acme",device="sw-1",site="hq"} 1');
    const alert = await waitFor(async () => (await amAlerts()).find((a) => a.labels.alertname === 'ConfigDrift' && a.labels.device === 'sw-1'), 'ConfigDrift in Alertmanager', 20_000);
    expect(alert.labels).toMatchObject({ client: 'acme', site: 'hq', severity: 'warning' });
    expect(logs.text).toMatch(/"event":"config_changed".*"device":"sw-1"|"device":"sw-1".*"event":"config_changed"/);
  }, 30_000);

  it('history and diff show the change; the routes need the token', async () => {
    const history = (await api('/api/configs/sw-1/history')).json() as { versions: Array<{ rev: string; approved: boolean; newest: boolean }> };
    expect(history.versions).toHaveLength(2);
    expect(history.versions[0]).toMatchObject({ newest: true, approved: false });
    expect(history.versions[1]).toMatchObject({ newest: false, approved: true });
    const diff = (await api('/api/configs/sw-1/diff')).json() as { diff: string; from: string; to: string };
    expect(diff.from).toBe(history.versions[1].rev);
    expect(diff.diff).toContain('- description uplink\n+ description uplink to core-2');
    const explicit = (await api(`/api/configs/sw-1/diff?from=${history.versions[1].rev.slice(0, 10)}&to=${history.versions[0].rev}`)).json() as { diff: string };
    expect(explicit.diff).toBe(diff.diff);
    expect((await api('/api/configs/sw-1/diff?from=nonsense')).status).toBe(400);
    expect((await api('/api/configs/sw-2/history')).status).toBe(404);
    expect((await fetch(`${daemon.url}/api/configs/sw-1/history`)).status).toBe(401);
    expect((await fetch(`${daemon.url}/api/configs/sw-1/approve`, { method: 'POST' })).status).toBe(401);
  });

  it('approve → drift 0 → ConfigDrift resolved in Alertmanager', async () => {
    const done = await api('/api/configs/sw-1/approve', { method: 'POST' });
    expect(done.status).toBe(200);
    expect(done.json()).toMatchObject({ device: 'sw-1', drift: false });
    expect(await metrics()).toContain(driftLine(0));
    await waitFor(async () => ((await amAlerts()).some((a) => a.labels.alertname === 'ConfigDrift' && a.labels.device === 'sw-1') ? undefined : true), 'ConfigDrift to resolve', 20_000);
  }, 30_000);

  it('a failed fetch: backup_success 0, the last good version kept, a one-line reason in the device API', async () => {
    standin.set('sw-1', new Error('Timed out while waiting for handshake'));
    await waitFor(async () => (await metrics()).includes('quarkpulse_config_backup_success{client="acme",device="sw-1",site="hq"} 0') || undefined, 'backup_success 0');
    const view = (await api('/api/devices/sw-1')).json() as { backup: Record<string, unknown> };
    expect(view.backup.status).toBe('failed: unreachable: Timed out while waiting for handshake');
    expect(await daemon.configStore?.owner.store.text('sw-1')).toContain('uplink to core-2');
  });

  it('serves the weekly report once written, behind the token', async () => {
    expect((await api('/reports/config-diff')).status).toBe(404);
    const { configDiffReport } = await import('../../src/backup/service');
    const { writeReportFiles } = await import('../../src/backup/weekly');
    const owner = daemon.configStore!.owner;
    await writeReportFiles(path.join(dir, 'reports'), await configDiffReport(owner, daemon.config().devices, createProbeRegistry({ standin: standin.definition() }), { sinceMs: Date.now() - 7 * 86_400_000 }));
    const html = await api('/reports/config-diff');
    expect(html.status).toBe(200);
    expect(html.text).toContain('uplink to core-2');
    expect((await fetch(`${daemon.url}/reports/config-diff`)).status).toBe(401);
  });

  it('no secret in the store history, the logs, /metrics or any API answer', async () => {
    await daemon.configStore?.owner.idle();
    const gitLog = execFileSync('git', ['-C', path.join(dir, 'configs'), 'log', '-p', '--all'], { encoding: 'utf8' });
    const status = readFileSync(path.join(dir, 'configs', '.quarkpulse', 'status.json'), 'utf8');
    expect(gitLog).toContain('uplink to core-2');
    const everything = [gitLog, status, logs.text, ...answers].join('\n');
    for (const value of Object.values(SECRETS)) expect(everything).not.toContain(value);
  });
});
