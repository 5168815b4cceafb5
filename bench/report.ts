/**
 * bench/report — monthly reports of many clients from a real Prometheus.
 *
 *   node dist/bench/report.js [--clients 50] [--devices 40] [--sample-min 5] [--concurrency 4]
 *                             [--prometheus /usr/bin/prometheus] [--promtool /usr/bin/promtool]
 *
 * A month (2026-10) of synthetic history for --clients × --devices devices (a quarter printers:
 * page counter with restarts, 2 supplies with replacements; the rest network devices with 2
 * interfaces; every device up/down with a few outages, its identity and a few alerts) is written as
 * OpenMetrics (samples every --sample-min minutes; interface counters, identity and capacities
 * hourly), loaded into a fresh Prometheus with promtool, then every client's report is built and
 * rendered as HTML, --concurrency clients at a time. Printed: history size and load time, the
 * wall time of all reports, the Prometheus queries (total and per client) and the bytes read.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { collectMonthlyReport } from '../src/reports/collect';
import { parseMonth } from '../src/reports/month';
import { PrometheusApi } from '../src/reports/prometheus';
import { renderMonthlyHtml } from '../src/reports/render-html';
import { mapLimit } from '../src/util/concurrency';
import { loadHistory, writeHistory, type HistorySeries } from './report-history';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
function optionText(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const CLIENTS = option('clients', 50);
const DEVICES = option('devices', 40);
const SAMPLE_MS = option('sample-min', 5) * 60_000;
const CONCURRENCY = option('concurrency', 4);
const PROMETHEUS = optionText('prometheus', '/usr/bin/prometheus');
const PROMTOOL = optionText('promtool', '/usr/bin/promtool');

const MONTH = parseMonth('2026-10')!;
const HOUR = 3_600_000;

/** A small deterministic generator: the same history on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function history(): HistorySeries[] {
  const out: HistorySeries[] = [];
  const rand = rng(42);
  const span = MONTH.endMs - MONTH.startMs;
  for (let c = 0; c < CLIENTS; c++) {
    const client = `client-${String(c + 1).padStart(2, '0')}`;
    for (let d = 0; d < DEVICES; d++) {
      const printer = d < Math.ceil(DEVICES / 4);
      const device = `${client}-${printer ? 'printer' : 'sw'}-${d + 1}`;
      const l = { client, device, site: 'hq' };
      const outages = Array.from({ length: Math.floor(rand() * 3) }, () => {
        const start = MONTH.startMs + Math.floor((rand() * span) / SAMPLE_MS) * SAMPLE_MS;
        return [start, start + Math.ceil((rand() * 3 * HOUR) / SAMPLE_MS) * SAMPLE_MS] as const;
      });
      out.push({ name: 'quarkpulse_device_up', labels: { ...l, kind: printer ? 'printer' : 'switch' }, intervalMs: SAMPLE_MS, value: (t) => (outages.some(([a, b]) => t >= a && t < b) ? 0 : 1) });
      out.push({ name: 'quarkpulse_device_info', labels: { ...l, model: printer ? 'LaserJet M404' : 'Aruba 2530', serial: `${device}-sn` }, intervalMs: HOUR, value: () => 1 });
      if (outages.length > 0) {
        const [a, b] = outages[0];
        out.push({ name: 'ALERTS', labels: { ...l, alertname: 'DeviceDown', alertstate: 'firing', severity: 'critical' }, intervalMs: SAMPLE_MS, value: (t) => (t > a && t <= b ? 1 : undefined) });
      }
      if (printer) {
        const perStep = 1 + Math.floor(rand() * 5);
        const resetAt = rand() < 0.2 ? MONTH.startMs + Math.floor((rand() * span) / SAMPLE_MS) * SAMPLE_MS : Infinity;
        out.push({ name: 'quarkpulse_printer_pages_total', labels: { ...l, marker_index: '1' }, intervalMs: SAMPLE_MS, value: (t) => (t >= resetAt ? perStep * ((t - resetAt) / SAMPLE_MS + 1) : 10_000 + perStep * ((t - MONTH.startMs) / SAMPLE_MS)) });
        for (const [index, supply, color] of [
          ['1', 'Black Toner', 'black'],
          ['2', 'Drum', ''],
        ] as const) {
          const replacedAt = MONTH.startMs + Math.floor(rand() * span);
          const sl = { ...l, supply_index: index, supply, supply_type: index === '1' ? 'toner' : 'opc', color };
          out.push({ name: 'quarkpulse_printer_supply_level', labels: sl, intervalMs: SAMPLE_MS, value: (t) => Math.max(0, Math.floor((t < replacedAt ? 60 : 100) - (t - (t < replacedAt ? MONTH.startMs : replacedAt)) / (8 * HOUR))) });
          out.push({ name: 'quarkpulse_printer_supply_max_capacity', labels: sl, intervalMs: HOUR, value: () => 100 });
        }
      } else {
        for (const ifindex of ['1', '2']) {
          const il = { ...l, ifindex, name: `port ${ifindex}` };
          const rate = 1e4 + rand() * 1e7;
          out.push({ name: 'quarkpulse_interface_receive_bytes_total', labels: il, intervalMs: HOUR, value: (t) => Math.round(((t - MONTH.startMs) / 1000) * rate) });
          out.push({ name: 'quarkpulse_interface_transmit_bytes_total', labels: il, intervalMs: HOUR, value: (t) => Math.round(((t - MONTH.startMs) / 1000) * rate * 0.4) });
          out.push({ name: 'quarkpulse_interface_receive_errors_total', labels: il, intervalMs: HOUR, value: (t) => (ifindex === '1' ? Math.floor((t - MONTH.startMs) / (6 * HOUR)) : 0) });
          out.push({ name: 'quarkpulse_interface_speed_bits_per_second', labels: il, intervalMs: HOUR, value: () => 1e9 });
        }
      }
    }
  }
  return out;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('prometheus did not become ready');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'qp-bench-report-'));
  const data = path.join(dir, 'prometheus');
  let prom: ReturnType<typeof spawn> | undefined;
  try {
    let t = Date.now();
    const series = history();
    const written = await writeHistory(path.join(dir, 'history'), series, MONTH.startMs, MONTH.endMs);
    const genMs = Date.now() - t;
    t = Date.now();
    await loadHistory(PROMTOOL, written.files, data);
    const loadMs = Date.now() - t;
    process.stdout.write(`history: ${CLIENTS} clients × ${DEVICES} devices, ${series.length} series, ${written.samples.toLocaleString('en-US')} samples (${mb(written.bytes)} OpenMetrics) written in ${(genMs / 1000).toFixed(1)} s, loaded by promtool in ${(loadMs / 1000).toFixed(1)} s\n`);

    const config = path.join(dir, 'prometheus.yml');
    writeFileSync(config, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
    const port = await freePort();
    prom = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=3650d', '--log.level=warn'], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    t = Date.now();
    await waitReady(url, 120_000);
    process.stdout.write(`prometheus ready in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);

    const clients = Array.from({ length: CLIENTS }, (_, c) => `client-${String(c + 1).padStart(2, '0')}`);
    const stepMs = Math.max(300_000, SAMPLE_MS);
    t = Date.now();
    const results = await mapLimit(clients, CONCURRENCY, async (client) => {
      const api = new PrometheusApi({ url, timeoutMs: 120_000 });
      const started = Date.now();
      const report = await collectMonthlyReport(api, { client, month: MONTH, stepMs, nowMs: Date.now(), devices: [] });
      const html = renderMonthlyHtml(report);
      return { client, ms: Date.now() - started, queries: api.stats.queries, bytes: api.stats.bytes, html: html.length, devices: report.availability.devices.length };
    });
    const wallMs = Date.now() - t;
    const queries = results.reduce((n, r) => n + r.queries, 0);
    const bytes = results.reduce((n, r) => n + r.bytes, 0);
    const perClient = [...new Set(results.map((r) => r.queries))].join(', ');
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    process.stdout.write(
      [
        `reports: ${results.length} clients (${results[0]?.devices ?? 0} devices each) in ${(wallMs / 1000).toFixed(1)} s wall, ${CONCURRENCY} at a time`,
        `  per client: median ${(times[Math.floor(times.length / 2)] / 1000).toFixed(2)} s, max ${(times[times.length - 1] / 1000).toFixed(2)} s`,
        `  Prometheus queries: ${queries} in total, ${perClient} per client`,
        `  bytes read from Prometheus: ${mb(bytes)} in total, ${mb(bytes / results.length)} per client`,
        `  HTML: ${mb(results.reduce((n, r) => n + r.html, 0))} in total`,
        '',
      ].join('\n'),
    );
  } finally {
    prom?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/report failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
