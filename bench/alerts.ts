/**
 * Alert evaluation benchmark: what one alert cycle of the scheduler costs at N devices.
 *
 *   npm run build && node --no-memory-reducer dist/bench/alerts.js [--devices 1000,3000,10000] [--cycles 24]
 *
 * The real SNMP results of the shared recordings (recorded-results.ts), aliased to N devices (50
 * per client), in a result store in memory; the real alerting service with the default rules, a
 * state in memory and no Alertmanager, on a simulated clock. Cycle 0 evaluates every device (start-up);
 * each later cycle comes 15 s on (the default evaluation interval), after a quarter of the devices
 * got a new result (15 s of a 60 s poll interval), in which every fourth interface that was up is
 * down, so alerts go pending, fire and resolve as in a fleet. Per cycle: wall time, CPU (this
 * process, GC included) and MiB allocated on the JS heap (cost-meter.ts); the alerts by phase at
 * the end. Each size runs in a fresh process.
 */
import { fork } from 'node:child_process';
import { createAlerting } from '../src/alerts/service';
import { MemoryStateStore } from '../src/alerts/state-store';
import { parseConfig } from '../src/inventory/load';
import { createLogger } from '../src/log';
import type { Sample } from '../src/metrics/names';
import { builtinProbeRegistry } from '../src/probes/registry';
import type { ProbeResult } from '../src/probes/types';
import { MemoryResultStore, storedResult } from '../src/results/store';
import { costMeter } from './cost-meter';
import { aliasTarget, INTERVAL_MS, pollRecordings } from './recorded-results';

const CYCLE_MS = 15_000;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** The inventory of the bench fleet (the config the service reads its devices and defaults from). */
function fleetConfig(devices: number, results: readonly ProbeResult[]) {
  const list = Array.from({ length: devices }, (_, i) => {
    const t = aliasTarget(i);
    const printer = results[i % results.length].samples.some((s) => s.name.startsWith('quarkpulse_printer_'));
    return { name: t.name, client: t.client, kind: printer ? 'printer' : 'switch', address: '127.0.0.1', snmp: { community: 'x' } };
  });
  return parseConfig(JSON.stringify({ defaults: { icmp: { enabled: false } }, devices: list }), 'bench-alerts.yml', {});
}

/** Every fourth interface that was up is down in this result (a new poll of a fleet with failing links). */
function withLinksDown(result: ProbeResult): ProbeResult {
  let n = 0;
  const samples: Sample[] = result.samples.map((s) => (s.name === 'quarkpulse_interface_oper_up' && s.value === 1 && n++ % 4 === 0 ? { ...s, value: 0 } : s));
  return { ...result, samples };
}

interface Cycle {
  wallMs: number;
  cpuMs: number;
  allocMb: number;
}

async function runSize(devices: number, cycles: number): Promise<void> {
  const results = await pollRecordings();
  const config = fleetConfig(devices, results);
  const store = new MemoryResultStore();
  const logger = createLogger({ level: 'warn' });
  let clock = Date.parse('2026-12-07T08:00:00Z');
  const put = async (i: number, result: ProbeResult) => store.put(storedResult(builtinProbeRegistry, config.devices[i], result, 'bench:1', clock));
  for (let i = 0; i < devices; i++) await put(i, results[i % results.length]);
  const alerting = createAlerting(config, { logger, store, stateStore: new MemoryStateStore(), now: () => clock, probes: builtinProbeRegistry });
  await alerting.start();
  const meter = costMeter();
  const out: Cycle[] = [];
  for (let c = 0; c <= cycles; c++) {
    if (c > 0) {
      clock += CYCLE_MS;
      // The quarter of the fleet polled in these 15 s (device i is polled in quarter i mod 4).
      for (let i = c % 4; i < devices; i += 4) await put(i, c >= 2 ? withLinksDown(results[i % results.length]) : results[i % results.length]);
    }
    meter.begin();
    const t0 = process.hrtime.bigint();
    await alerting.tick();
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const { cpuMs, allocMb } = meter.end();
    out.push({ wallMs, cpuMs, allocMb });
  }
  const phases = new Map<string, number>();
  for (const a of alerting.alerts()) phases.set(a.phase, (phases.get(a.phase) ?? 0) + 1);
  await alerting.stop();
  const steady = out.slice(1).map((c) => c.wallMs).sort((a, b) => a - b);
  process.send?.({ devices, cycles: out, steadyMedianMs: steady[Math.floor(steady.length / 2)], steadyMaxMs: steady[steady.length - 1], alerts: Object.fromEntries(phases), rssMb: process.memoryUsage().rss / 1e6 });
}

interface SizeReport {
  devices: number;
  cycles: Cycle[];
  steadyMedianMs: number;
  steadyMaxMs: number;
  alerts: Record<string, number>;
  rssMb: number;
}

async function main(): Promise<void> {
  if (process.env.QP_BENCH_ALERTS_CHILD) {
    await runSize(Number(process.env.QP_BENCH_ALERTS_CHILD), Number(arg('cycles', '24')));
    return;
  }
  const sizes = arg('devices', '1000,3000,10000').split(',').map(Number);
  console.log(`alert cycle bench: interval ${INTERVAL_MS / 1000} s, a cycle every ${CYCLE_MS / 1000} s; node ${process.version}, flags ${process.execArgv.join(' ') || '(none)'}\n`);
  console.log('| devices | cycle 0 (all) wall / CPU / alloc | later cycles wall median / max | CPU per later cycle | alloc per later cycle | alerts (pending / firing / resolved) | RSS |');
  console.log('|---|---|---|---|---|---|---|');
  for (const devices of sizes) {
    const report = await new Promise<SizeReport>((resolve, reject) => {
      const child = fork(__filename, process.argv.slice(2), { env: { ...process.env, QP_BENCH_ALERTS_CHILD: String(devices) }, execArgv: process.execArgv });
      child.once('message', (m) => resolve(m as SizeReport));
      child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`bench child exited ${code}`))));
    });
    const later = report.cycles.slice(1);
    const mean = (f: (c: Cycle) => number) => later.reduce((s, c) => s + f(c), 0) / later.length;
    const first = report.cycles[0];
    const a = report.alerts;
    console.log(
      `| ${devices.toLocaleString('en')} | ${first.wallMs.toFixed(0)} ms / ${first.cpuMs.toFixed(0)} ms / ${first.allocMb.toFixed(0)} MB | ${report.steadyMedianMs.toFixed(0)} / ${report.steadyMaxMs.toFixed(0)} ms | ${mean((c) => c.cpuMs).toFixed(0)} ms | ${mean((c) => c.allocMb).toFixed(0)} MB | ${a.pending ?? 0} / ${a.firing ?? 0} / ${a.resolved ?? 0} | ${report.rssMb.toFixed(0)} MB |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
