/**
 * The SnmpNotResponding rule end to end: the real daemon (in-process queue), our simulator over
 * UDP, the system ping and a REAL Alertmanager. A printer whose community is wrong still answers
 * ping — DeviceDown stays quiet, SnmpNotResponding reaches Alertmanager; after the community is
 * fixed (config reload) it resolves there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDaemon, type Daemon } from '../../src/daemon/daemon';
import { defaultParts } from '../../src/daemon/default-parts';
import { loadConfig } from '../../src/inventory/load';
import { silentLogger } from '../../src/log';
import { startSimulator, type SimulatorHandle } from '../../src/simulate/agent';
import { startAlertmanager, waitFor, type ManagedProcess } from '../helpers/prom-stack';
import { recordingsDir } from '../helpers/recordings';
import { describeWith } from '../helpers/requires';

interface AmAlert {
  labels: Record<string, string>;
  endsAt: string;
  status: { state: string };
}

describeWith(['alertmanager', 'ping'], 'SnmpNotResponding: ping answers, SNMP does not', () => {
  let dir: string;
  let am: { proc: ManagedProcess; url: string };
  let sim: SimulatorHandle;
  let daemon: Daemon | undefined;
  let file: string;

  const config = (community: string) =>
    [
      'http: { listen: 127.0.0.1:0 }',
      'defaults:',
      '  intervals: { snmp: 1s, icmp: 1s }',
      '  icmp: { count: 1, timeout: 1s }',
      '  snmp: { timeout: 200ms, retries: 0 }',
      'alerting:',
      `  alertmanagers: [${am.url}]`,
      '  resend_interval: 1s',
      '  evaluation: { interval: 1s, resolved_retention: 1m }',
      '  state: { store: memory }',
      '  overrides: [{ rule: SnmpNotResponding, for: 2s }]',
      'devices:',
      `  - { name: hq-printer-1, client: acme, kind: printer, address: 127.0.0.1, snmp: { community: "${community}", port: ${sim.port} } }`,
      '',
    ].join('\n');

  const alertsFor = async (name: string): Promise<AmAlert[]> => {
    const res = await fetch(`${am.url}/api/v2/alerts`, { signal: AbortSignal.timeout(2000) });
    return ((await res.json()) as AmAlert[]).filter((a) => a.labels.alertname === name && a.labels.device === 'hq-printer-1');
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-snmp-silent-'));
    writeFileSync(path.join(dir, 'am.yml'), 'route: { receiver: none, group_wait: 0s }\nreceivers: [{ name: none }]\n');
    am = await startAlertmanager({ configFile: path.join(dir, 'am.yml'), storageDir: path.join(dir, 'am-data') });
    sim = await startSimulator({ recordingsDir: recordingsDir(), port: 0, logger: silentLogger });
    file = path.join(dir, 'quarkpulse.yml');
    writeFileSync(file, config('not-the-community'));
    daemon = await startDaemon({ config: await loadConfig(file, {}), roles: ['scheduler', 'worker', 'http'], logger: silentLogger, parts: defaultParts, loadConfig: (f) => loadConfig(f, {}) });
  }, 60_000);

  afterAll(async () => {
    await daemon?.close();
    await sim?.close();
    await am?.proc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires in Alertmanager while the community is wrong, with the device still up', async () => {
    await waitFor(async () => ((await alertsFor('SnmpNotResponding')).some((a) => a.status.state === 'active') ? true : undefined), 'SnmpNotResponding in Alertmanager', 30_000);
    const [alert] = await alertsFor('SnmpNotResponding');
    expect(alert.labels).toMatchObject({ alertname: 'SnmpNotResponding', severity: 'warning', client: 'acme', device: 'hq-printer-1' });
    const metrics = await (await fetch(`${daemon!.url}/metrics`)).text();
    expect(metrics).toContain('quarkpulse_device_up{client="acme",device="hq-printer-1",kind="printer"} 1');
    expect(metrics).toContain('quarkpulse_probe_success{client="acme",device="hq-printer-1",probe="snmp"} 0');
    expect(await alertsFor('DeviceDown')).toEqual([]);
    // The API names it too: SNMP configured, run, never once answered.
    const view = (await (await fetch(`${daemon!.url}/api/devices/hq-printer-1`)).json()) as { up: boolean; neverAnswered: string[] };
    expect(view).toMatchObject({ up: true, neverAnswered: ['snmp'] });
  }, 40_000);

  it('resolves in Alertmanager once the community is fixed', async () => {
    writeFileSync(file, config('sharp'));
    expect(await daemon!.reload()).toMatchObject({ ok: true, changed: ['hq-printer-1'] });
    await waitFor(
      async () => {
        const alerts = await alertsFor('SnmpNotResponding');
        return alerts.length === 0 || alerts.every((a) => Date.parse(a.endsAt) <= Date.now()) ? true : undefined;
      },
      'SnmpNotResponding resolved in Alertmanager',
      30_000,
    );
    const metrics = await (await fetch(`${daemon!.url}/metrics`)).text();
    expect(metrics).toContain('quarkpulse_probe_success{client="acme",device="hq-printer-1",probe="snmp"} 1');
    const view = (await (await fetch(`${daemon!.url}/api/devices/hq-printer-1`)).json()) as { neverAnswered: string[]; probes: Array<{ probe: string; lastSuccessAt: string | null }> };
    expect(view.neverAnswered).toEqual([]);
    expect(view.probes.find((p) => p.probe === 'snmp')?.lastSuccessAt).not.toBeNull();
  }, 40_000);
});
