/**
 * quarkpulse alerts against a REAL Alertmanager (started here on 127.0.0.1, ephemeral port, temp
 * storage) with the shipped config/alertmanager.yml: contract labels, resolution, delivery while
 * Alertmanager is down, no flapping, and the device-down inhibition.
 */
import { builtinProbeRegistry } from '../../src/probes/registry';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Registry } from 'prom-client';
import { createAlerting, type Alerting } from '../../src/alerts/service';
import { alertingSchema } from '../../src/config/alerting';
import type { RuntimeConfig } from '../../src/inventory/runtime-config';
import { silentLogger } from '../../src/log';
import { SelfMetrics } from '../../src/metrics/self';
import type { Sample } from '../../src/metrics/names';
import { storedResult, type StoredResult } from '../../src/results/store';
import { MemoryStateStore } from '../../src/alerts/state-store';
import { BIN, runTool, startAlertmanager, waitFor, type ManagedProcess } from '../helpers/prom-stack';
import { describeWith } from '../helpers/requires';
import { deviceTarget, runtimeConfig } from '../helpers/targets';

const SHIPPED = path.resolve(__dirname, '../../config/alertmanager.yml');

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
  status: { state: string; inhibitedBy: string[]; silencedBy: string[] };
}

async function amAlerts(url: string): Promise<AmAlert[]> {
  const res = await fetch(`${url}/api/v2/alerts`, { signal: AbortSignal.timeout(2000) });
  return (await res.json()) as AmAlert[];
}


function printerResult(device: string, atMs: number, samples: Sample[], client = 'acme'): StoredResult {
  return storedResult(builtinProbeRegistry, deviceTarget(device, { kind: 'printer', client }), { probe: 'snmp', success: true, durationMs: 50, samples }, 'test:1', atMs);
}

const jam = (on: boolean): Sample => ({ name: 'quarkpulse_printer_error', labels: { condition: 'jammed' }, value: on ? 1 : 0 });

describeWith(['alertmanager', 'amtool'], 'alerts to a real Alertmanager', () => {
  let dir: string;
  let am: { proc: ManagedProcess; url: string; port: number };
  let amConfig: string;
  const services: Alerting[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-am-'));
    // The shipped config, with the placeholder webhooks pointed at a port nobody listens on (loopback).
    amConfig = path.join(dir, 'alertmanager.yml');
    writeFileSync(amConfig, readFileSync(SHIPPED, 'utf8').replace(/127\.0\.0\.1:9095/g, '127.0.0.1:9'));
    am = await startAlertmanager({ configFile: amConfig, storageDir: path.join(dir, 'data') });
  });

  afterAll(async () => {
    for (const s of services) await s.stop();
    await am?.proc.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function service(alerting: Record<string, unknown>, now?: () => number, selfMetrics?: SelfMetrics): Alerting {
    const s = createAlerting(runtimeConfig({ alertmanagers: [am.url], ...alerting }), { logger: silentLogger, now, selfMetrics, stateStore: new MemoryStateStore() });
    services.push(s);
    return s;
  }

  it('the shipped config passes amtool check-config', async () => {
    const { code, output } = await runTool(BIN.amtool, ['check-config', SHIPPED]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('a paper jam appears with the contract labels, and is resolved when it clears', async () => {
    const s = service({ overrides: [{ rule: 'PrinterPaperJam', for: '0s' }] });
    await s.start();
    s.onResult(printerResult('jam-printer', Date.now(), [jam(true)]));
    await s.settle();
    const alert = await waitFor(async () => (await amAlerts(am.url)).find((a) => a.labels.device === 'jam-printer'), 'the jam alert in Alertmanager');
    expect(alert.labels).toEqual({ alertname: 'PrinterPaperJam', severity: 'critical', client: 'acme', device: 'jam-printer', site: 'hq', condition: 'jammed' });
    expect(alert.annotations).toEqual({ summary: 'jam-printer: paper jam', description: 'Printer jam-printer of acme has a paper jam.' });
    expect(alert.generatorURL).toBe('http://qp.test:9877/devices/jam-printer');
    expect(alert.status.state).toBe('active');
    expect(Date.parse(alert.endsAt)).toBeGreaterThan(Date.now());

    s.onResult(printerResult('jam-printer', Date.now(), [jam(false)]));
    await s.settle();
    // Alertmanager lists only unresolved alerts: a resolved one disappears from /api/v2/alerts.
    await waitFor(async () => ((await amAlerts(am.url)).some((a) => a.labels.device === 'jam-printer') ? undefined : true), 'the jam alert to resolve');
  });

  it('keeps alerts while Alertmanager is down and delivers them after its restart', async () => {
    const metrics = new SelfMetrics(new Registry());
    const s = service(
      {
        overrides: [{ rule: 'PrinterPaperJam', for: '0s' }],
        resend_interval: '1s',
        evaluation: { interval: '1s' },
        delivery: { timeout: '1s', retry_initial: '200ms', retry_max: '1s' },
      },
      undefined,
      metrics,
    );
    await s.start();
    s.onResult(printerResult('before-outage', Date.now(), [jam(true)]));
    await s.settle();
    await waitFor(async () => (await amAlerts(am.url)).find((a) => a.labels.device === 'before-outage'), 'the first alert');

    await am.proc.stop();
    const t0 = Date.now();
    s.onResult(printerResult('during-outage', Date.now(), [jam(true)]));
    // onResult never waits for delivery.
    expect(Date.now() - t0).toBeLessThan(50);
    await s.settle();
    await waitFor(async () => {
      const failed = (await metrics.registry.getSingleMetric('quarkpulse_alert_deliveries_total')?.get())?.values.find((v) => v.labels.result === 'failure');
      return failed && failed.value >= 2 ? true : undefined;
    }, 'failed deliveries to be counted');
    await new Promise((r) => setTimeout(r, 2000));

    // Same port and storage: the Alertmanager comes back empty (alerts live in memory).
    am = await startAlertmanager({ configFile: amConfig, storageDir: path.join(dir, 'data'), port: am.port });
    const both = await waitFor(async () => {
      const alerts = await amAlerts(am.url);
      const devices = alerts.map((a) => a.labels.device);
      return devices.includes('during-outage') && devices.includes('before-outage') ? alerts : undefined;
    }, 'both alerts after the restart', 10_000);
    expect(both.filter((a) => a.labels.device === 'during-outage')).toHaveLength(1);
    const ok = (await metrics.registry.getSingleMetric('quarkpulse_alert_deliveries_total')?.get())?.values.find((v) => v.labels.result === 'success');
    expect(ok?.value).toBeGreaterThanOrEqual(2);
    await s.stop();
  });

  it('a value flapping around the threshold for 5 simulated minutes gives at most one alert', async () => {
    let now = Date.now();
    const posted: string[] = [];
    const s = service({ overrides: [{ rule: 'PrinterSupplyLow', for: '1m' }], resend_interval: '1m' }, () => now);
    await s.start();
    const ratio = (v: number): Sample => ({
      name: 'quarkpulse_printer_supply_level_ratio',
      labels: { supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' },
      value: v,
    });
    for (let i = 0; i <= 30; i++) {
      s.onResult(printerResult('flappy', now, [ratio(i % 2 === 0 ? 0.149 : 0.151)]));
      await s.settle();
      for (const a of s.alerts()) if (a.device === 'flappy' && a.phase === 'firing') posted.push(`${a.phase}@${a.firedAtMs}`);
      now += 10_000;
    }
    expect(new Set(posted).size).toBeLessThanOrEqual(1);
    const alerts = await waitFor(async () => {
      const list = (await amAlerts(am.url)).filter((a) => a.labels.device === 'flappy');
      return list.length > 0 ? list : undefined;
    }, 'the supply alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].labels).toMatchObject({ alertname: 'PrinterSupplyLow', supply: 'Black Toner', supply_index: '1.1' });
    expect(s.alerts().filter((a) => a.device === 'flappy').map((a) => a.phase)).toEqual(['firing']);
  });

  it('DeviceDown inhibits the other alerts of that device (shipped inhibit rules)', async () => {
    const startsAt = new Date().toISOString();
    const endsAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const post = (labels: Record<string, string>) => ({ labels: { client: 'beta', site: 'b1', ...labels }, annotations: { summary: 'x' }, startsAt, endsAt });
    const res = await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        post({ alertname: 'DeviceDown', severity: 'critical', device: 'down-printer' }),
        post({ alertname: 'PrinterPaperJam', severity: 'critical', device: 'down-printer', condition: 'jammed' }),
        post({ alertname: 'PrinterPaperJam', severity: 'critical', device: 'other-printer', condition: 'jammed' }),
        post({ alertname: 'PrinterSupplyEmpty', severity: 'critical', device: 'other-printer', supply_index: '1.1' }),
        post({ alertname: 'PrinterSupplyLow', severity: 'warning', device: 'other-printer', supply_index: '1.1' }),
        post({ alertname: 'PrinterSupplyLow', severity: 'warning', device: 'other-printer', supply_index: '1.2' }),
      ]),
    });
    expect(res.status).toBe(200);
    const state = (alerts: AmAlert[], alertname: string, device: string, extra: Record<string, string> = {}) =>
      alerts.find((a) => a.labels.alertname === alertname && a.labels.device === device && Object.entries(extra).every(([k, v]) => a.labels[k] === v))?.status;
    const alerts = await waitFor(async () => {
      const list = await amAlerts(am.url);
      return state(list, 'PrinterPaperJam', 'down-printer')?.state === 'suppressed' && state(list, 'PrinterSupplyLow', 'other-printer', { supply_index: '1.1' })?.state === 'suppressed'
        ? list
        : undefined;
    }, 'the inhibitions');
    expect(state(alerts, 'PrinterPaperJam', 'down-printer')?.inhibitedBy).toHaveLength(1);
    expect(state(alerts, 'DeviceDown', 'down-printer')?.state).toBe('active');
    expect(state(alerts, 'PrinterPaperJam', 'other-printer')?.state).toBe('active');
    expect(state(alerts, 'PrinterSupplyLow', 'other-printer', { supply_index: '1.2' })?.state).toBe('active');
  });
});
