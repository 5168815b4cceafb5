/**
 * Fault injection, Alertmanager side (issue 14; docs/operations.md): a real prometheus-alertmanager
 * (started by the test on a loopback port) goes down for 60 s while alerts change — one resolves
 * (its device leaves the config), one starts firing. The daemon keeps polling and serving, and once
 * Alertmanager is back (empty: it keeps alerts in memory) it holds exactly the alerts that are
 * firing: counts asserted, not eyeballed.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { DaemonProcess, metricSum, scrape, sleep, until, type Scrape } from '../helpers/daemon-process';
import { startAlertmanager, type ManagedProcess } from '../helpers/prom-stack';
import { describeWith } from '../helpers/requires';

const OUTAGE_MS = 60_000;

describeWith(['alertmanager'], 'faults: Alertmanager down 60 s (real prometheus-alertmanager)', () => {
  let dir: string;
  let am: { proc: ManagedProcess; url: string; port: number } | undefined;
  let daemon: DaemonProcess | undefined;
  let silent: Socket | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-faults-am-'));
  });
  afterEach(async () => {
    daemon?.kill('SIGKILL');
    await daemon?.exited;
    await am?.proc.stop();
    silent?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function firingAt(url: string): Promise<string[] | undefined> {
    const res = await fetch(`${url}/api/v2/alerts?active=true`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return undefined;
    const alerts = (await res.json()) as Array<{ labels: Record<string, string>; status: { state: string } }>;
    return alerts.filter((a) => a.labels.alertname === 'QpFaultDeviceDown').map((a) => a.labels.device).sort();
  }

  it('alerts that fire or resolve during the outage reach Alertmanager once it is back; polling and /metrics go on', async () => {
    silent = createSocket('udp4');
    silent.on('message', () => undefined);
    await new Promise<void>((r) => silent?.bind(0, '127.0.0.1', r));
    const amConfig = path.join(dir, 'alertmanager.yml');
    writeFileSync(amConfig, 'route: { receiver: "null" }\nreceivers: [ { name: "null" } ]\n');
    am = await startAlertmanager({ configFile: amConfig, storageDir: path.join(dir, 'am-1') });
    const amPort = am.port;

    const dead = (name: string) => ({ name, client: 'demo', kind: 'switch', address: '127.0.0.1', snmp: { port: silent?.address().port } });
    const cfg = (names: string[]) =>
      stringify({
        defaults: { intervals: { snmp: '2s' }, snmp: { timeout: '500ms', retries: 0 }, icmp: { enabled: false } },
        alerting: {
          alertmanagers: [am?.url],
          resend_interval: '5s',
          evaluation: { interval: '1s' },
          delivery: { timeout: '1s', retry_initial: '1s', retry_max: '2s' },
          disable_default_rules: true,
          rules: [{ name: 'QpFaultDeviceDown', metric: 'quarkpulse_device_up', op: '==', threshold: 0, for: '0s', severity: 'critical', summary: '{{ $labels.device }} is down' }],
          state: { store: 'memory' },
        },
        devices: names.map(dead),
      });
    const file = path.join(dir, 'quarkpulse.yml');
    writeFileSync(file, cfg(['dead-1', 'dead-2', 'dead-3']));
    daemon = new DaemonProcess(['run', '--config', file, '--listen', '127.0.0.1:0']);
    const url = await daemon.url();
    await until('3 alerts at Alertmanager', async () => ((await firingAt(am?.url ?? ''))?.length === 3 ? true : undefined), 20_000);

    // --- Alertmanager down for 60 s; meanwhile dead-3 leaves the config (resolves), dead-4 joins (fires) ---
    await am.proc.stop();
    const downAt = Date.now();
    const runsBefore = metricSum((await scrape(url)).text, 'quarkpulse_probe_runs_total', 'probe="snmp"');
    await sleep(3_000);
    writeFileSync(file, cfg(['dead-1', 'dead-2', 'dead-4']));
    const reload = await fetch(`${url}/-/reload`, { method: 'POST' });
    expect(reload.status).toBe(200);
    const during: Scrape[] = [];
    while (Date.now() - downAt < OUTAGE_MS) {
      during.push(await scrape(url, 5_000));
      await sleep(5_000);
    }
    const last = during[during.length - 1].text;
    am = await startAlertmanager({ configFile: amConfig, storageDir: path.join(dir, 'am-2'), port: amPort });
    const upAt = Date.now();

    expect(during.filter((s) => s.status !== 200)).toEqual([]);
    expect(Math.max(...during.map((s) => s.ms))).toBeLessThan(2_000);
    // Polling went on: 3 devices every 2 s for ~60 s.
    expect(metricSum(last, 'quarkpulse_probe_runs_total', 'probe="snmp"') - runsBefore).toBeGreaterThanOrEqual(3 * 25);
    expect(metricSum(last, 'quarkpulse_alert_deliveries_total', 'result="failure"')).toBeGreaterThanOrEqual(5);

    // Back: exactly the firing alerts, the resolved one not among them.
    const firing = await until('Alertmanager holds the firing alerts again', async () => {
      const f = await firingAt(am?.url ?? '');
      return f && f.length === 3 && !f.includes('dead-3') ? f : undefined;
    }, 15_000, 250);
    expect(firing).toEqual(['dead-1', 'dead-2', 'dead-4']);
    const deliveredMs = Date.now() - upAt;
    const after = (await scrape(url)).text;
    expect(metricSum(after, 'quarkpulse_alert_deliveries_total', 'result="success"')).toBeGreaterThanOrEqual(2);
    expect(daemon.rawLines).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(`alertmanager outage: ${during.length} scrapes all 200; alerts delivered ${deliveredMs} ms after Alertmanager came back`);
  }, 150_000);
});
