/**
 * What the supply forecast costs per printer poll once the histories are 30 days long, before
 * and after the summaries (src/forecast/summary.ts).
 *
 *   npm run build && node dist/bench/forecast.js [--devices 50] [--supplies 7] [--hours 2] [--redis redis://127.0.0.1:6379]
 *
 * `--devices` printers of `--supplies` supplies each get 30 days of hourly history (each supply
 * using toner at its own rate, with the usual ±1 jitter), then are polled once a minute for
 * `--hours` simulated hours (so about one poll in 60 keeps a point, as in steady state), through:
 *  - before: the flow the forecasting store had (every poll reads and decodes the device's whole
 *    history, appends, fits Theil–Sen on every supply, writes what changed);
 *  - after: the forecasting store (withSupplyForecast) as the daemon runs it.
 * Each over the memory history store and over Redis (a random key prefix on `--redis`, removed
 * after). Prints µs of this process's CPU per poll (user + system, Redis' own CPU not counted),
 * wall µs per poll (polls one after another), and the bytes a poll reads from the store.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { LevelPoint } from '../src/forecast/forecast';
import { forecastDaysLeft } from '../src/forecast/forecast';
import { appendPoint, encodeHistory, withCurrent } from '../src/forecast/history';
import { MemorySupplyHistory, RedisSupplyHistory, type DeviceHistories, type DeviceSummaries, type SupplyHistoryStore } from '../src/forecast/history-store';
import { encodeSummary, summarize } from '../src/forecast/summary';
import { daysLeftSample, supplyReadings } from '../src/forecast/supplies';
import { silentLogger } from '../src/log';
import type { Sample } from '../src/metrics/names';
import { withSupplyForecast } from '../src/results/forecasting-store';
import { MemoryResultStore, type ResultStore, type StoredResult } from '../src/results/store';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 1);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const DEVICES = Number(arg('devices', '50'));
const SUPPLIES = Number(arg('supplies', '7'));
const HOURS = Number(arg('hours', '2'));
const REDIS_URL = arg('redis', 'redis://127.0.0.1:6379');
const CAPACITY = 20_000;

/** Supply s of device d: `rate` units a day from full at T0, ±1 of jitter. */
const level = (d: number, s: number, t: number) => Math.max(0, Math.round(CAPACITY - ((t - T0) / DAY) * (50 + ((d * 7 + s * 13) % 40) * 5) + (((t / MIN) | 0) % 3) - 1));

function poll(d: number, t: number): StoredResult {
  const samples: Sample[] = [];
  for (let s = 1; s <= SUPPLIES; s++) {
    const labels = { supply_index: `1.${s}`, supply: `Supply ${s}`, supply_type: 'toner', color: 'black' };
    samples.push({ name: 'quarkpulse_printer_supply_level', labels, value: level(d, s, t) }, { name: 'quarkpulse_printer_supply_max_capacity', labels, value: CAPACITY });
  }
  return { device: `p${d}`, client: 'bench', site: 'hq', kind: 'printer', probe: 'snmp', finishedAtMs: t, intervalMs: MIN, worker: 'bench:1', result: { probe: 'snmp', success: true, durationMs: 100, samples } };
}

/** 30 days of hourly points per supply, with their summaries, as the store would hold them. */
async function fill(history: SupplyHistoryStore, startMs: number): Promise<{ historyBytes: number; summaryBytes: number }> {
  let historyBytes = 0;
  let summaryBytes = 0;
  for (let d = 0; d < DEVICES; d++) {
    const histories: DeviceHistories = new Map();
    const summaries: DeviceSummaries = new Map();
    for (let s = 1; s <= SUPPLIES; s++) {
      let kept: readonly LevelPoint[] = [];
      for (let t = startMs - 30 * DAY; t < startMs; t += HOUR + 7_000) kept = appendPoint(kept, { timeMs: t, level: level(d, s, t), maxCapacity: CAPACITY });
      histories.set(`1.${s}`, kept);
      summaries.set(`1.${s}`, summarize(kept));
      historyBytes += encodeHistory(kept).length;
      summaryBytes += encodeSummary(summarize(kept)).length;
    }
    await history.save(`p${d}`, histories, summaries, []);
  }
  return { historyBytes: historyBytes / DEVICES, summaryBytes: summaryBytes / DEVICES };
}

/** The forecasting store's flow before the summaries (kept here to measure against). */
function before(store: ResultStore, history: SupplyHistoryStore): (entry: StoredResult) => Promise<void> {
  return async (entry) => {
    const readings = supplyReadings(entry.result.samples, entry.finishedAtMs);
    const kept = await history.load(entry.device);
    const changed: DeviceHistories = new Map();
    const out: Sample[] = [];
    for (const reading of readings) {
      const was = kept.get(reading.index) ?? [];
      const after = appendPoint(was, reading.point);
      if (after !== was) changed.set(reading.index, after);
      const f = forecastDaysLeft(withCurrent(after, reading.point));
      if (f.daysLeft !== undefined) out.push(daysLeftSample(reading, f.daysLeft));
    }
    const reported = new Set(readings.map((r) => r.index));
    await history.save(entry.device, changed, new Map(), [...kept.keys()].filter((index) => !reported.has(index)));
    await store.put({ ...entry, result: { ...entry.result, samples: [...entry.result.samples, ...out] } });
  };
}

async function measure(label: string, makeHistory: () => SupplyHistoryStore, flow: 'before' | 'after', cleanup: () => Promise<void>): Promise<void> {
  const history = makeHistory();
  const startMs = T0 + 30 * DAY;
  const sizes = await fill(history, startMs);
  const results = new MemoryResultStore();
  const store = withSupplyForecast(results, history, silentLogger);
  const run = flow === 'before' ? before(results, history) : (entry: StoredResult) => store.put(entry);
  // A minute of polls first (JIT warm-up), not counted.
  for (let d = 0; d < DEVICES; d++) await run(poll(d, startMs + d * 100));
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  let polls = 0;
  for (let m = 1; m <= HOURS * 60; m++) {
    for (let d = 0; d < DEVICES; d++, polls++) await run(poll(d, startMs + m * MIN + d * 100));
  }
  const cpu = process.cpuUsage(cpu0);
  const wallUs = Number(process.hrtime.bigint() - wall0) / 1000;
  const readBytes = flow === 'before' ? sizes.historyBytes : sizes.summaryBytes;
  console.log(`| ${label} | ${flow} | ${polls} | ${((cpu.user + cpu.system) / polls).toFixed(0)} | ${(wallUs / polls).toFixed(0)} | ${Math.round(readBytes).toLocaleString('en')} |`);
  await history.close();
  await cleanup();
}

async function main(): Promise<void> {
  console.log(`${DEVICES} printers × ${SUPPLIES} supplies, 30 days of history, a poll a minute for ${HOURS} h\n`);
  console.log('| history store | flow | polls | CPU µs/poll | wall µs/poll | bytes read/poll (typical) |');
  console.log('|---|---|---|---|---|---|');
  for (const flow of ['before', 'after'] as const) await measure('memory', () => new MemorySupplyHistory(), flow, async () => {});
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
  } catch (err) {
    console.log(`\n(no Redis at ${REDIS_URL}: ${err instanceof Error ? err.message : String(err)}; Redis rows skipped)`);
    redis.disconnect();
    return;
  }
  for (const flow of ['before', 'after'] as const) {
    const prefix = `qp-bench-forecast-${randomBytes(4).toString('hex')}`;
    await measure('redis', () => new RedisSupplyHistory({ url: REDIS_URL, prefix, logger: silentLogger }), flow, async () => {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    });
  }
  redis.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
