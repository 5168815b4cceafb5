/**
 * quarkpulse_printer_supply_days_left end to end in one process: printer results go through the
 * forecasting store (as the daemon wires it) into the result store, and /metrics (the collector on
 * a Registry) serves the forecast with the labels of quarkpulse_printer_supply_level.
 */
import { Writable } from 'node:stream';
import type { LevelPoint } from '../../../src/forecast/forecast';
import { forecastDaysLeft } from '../../../src/forecast/forecast';
import { appendPoint, withCurrent } from '../../../src/forecast/history';
import type { DeviceHistories, DeviceSummaries, SupplyHistoryStore } from '../../../src/forecast/history-store';
import { MemorySupplyHistory } from '../../../src/forecast/history-store';
import { createLogger, silentLogger } from '../../../src/log';
import type { Sample } from '../../../src/metrics/names';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import { DeviceMetrics, deviceExpositionText } from '../../../src/results/collector';
import { withSupplyForecast } from '../../../src/results/forecasting-store';
import { MemoryResultStore } from '../../../src/results/store';
import { MIN, result, T0 } from '../alerts/helpers';

const HOUR = 60 * MIN;

const supply = (index: string, supplyName: string, color: string, level: number, max = 100): Sample[] => {
  const labels = { supply_index: index, supply: supplyName, supply_type: 'toner', color };
  return [
    { name: 'quarkpulse_printer_supply_level', labels, value: level },
    { name: 'quarkpulse_printer_supply_max_capacity', labels, value: max },
  ];
};

/** A printer polled every 10 minutes: black uses 1 unit an hour from 80, cyan is flat, magenta says -3. */
const poll = (i: number) => result('p1', T0 + i * 10 * MIN, [...supply('1.1', 'Black Toner', 'black', 80 - i / 6), ...supply('1.2', 'Cyan Toner', 'cyan', 55), ...supply('1.3', 'Magenta Toner', 'magenta', -3)], { intervalMs: 10 * MIN });

function setup(history: SupplyHistoryStore = new MemorySupplyHistory(), logger = silentLogger) {
  let nowMs = T0;
  const inner = new MemoryResultStore();
  const store = withSupplyForecast(inner, history, logger);
  const devices = new DeviceMetrics(store, builtinProbeRegistry, { now: () => nowMs });
  const registry = { metrics: () => deviceExpositionText(devices) };
  return { store, inner, registry, history, at: (ms: number) => (nowMs = ms) };
}

const daysLeftLines = (text: string) => text.split('\n').filter((l) => l.startsWith('quarkpulse_printer_supply_days_left{'));
const nextTurn = () => new Promise((r) => setImmediate(r));

describe('the forecasting result store', () => {
  it('a supply declining across polls gets quarkpulse_printer_supply_days_left in /metrics', async () => {
    const { store, registry, at } = setup();
    await store.put(poll(0));
    at(T0);
    expect(daysLeftLines(await registry.metrics())).toEqual([]); // one point: nothing yet

    for (let i = 1; i <= 36; i++) await store.put(poll(i)); // six hours
    at(T0 + 36 * 10 * MIN);
    await nextTurn();
    const text = await registry.metrics();
    // 74 left at 24 units a day → 74/24 days; cyan is flat and magenta unknown: no series for them.
    const lines = daysLeftLines(text);
    expect(lines).toHaveLength(1);
    const m = /^quarkpulse_printer_supply_days_left\{client="acme",device="p1",site="hq",supply_index="1\.1",supply="Black Toner",supply_type="toner",color="black"\} (\S+)$/.exec(lines[0]);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeCloseTo(74 / 24, 6);
    expect(text).toContain('# TYPE quarkpulse_printer_supply_days_left gauge');
    // The same labels as the level series.
    expect(text).toContain('quarkpulse_printer_supply_level{client="acme",device="p1",site="hq",supply_index="1.1",supply="Black Toner",supply_type="toner",color="black"}');
  });

  it('after a refill the forecast restarts from the new cartridge', async () => {
    const { store, inner } = setup();
    for (let i = 0; i <= 12; i++) await store.put(poll(i));
    const refill = (i: number, level: number) => result('p1', T0 + i * 10 * MIN, supply('1.1', 'Black Toner', 'black', level), { intervalMs: 10 * MIN });
    await store.put(refill(13, 100));
    const days = async () => (await inner.forDevice('p1'))[0].result.samples.find((s) => s.name === 'quarkpulse_printer_supply_days_left')?.value;
    expect(await days()).toBeUndefined(); // the new segment has one point
    await store.put(refill(19, 95)); // an hour later, 5 units used
    expect(await days()).toBeCloseTo(95 / 120, 9);
  });

  it('leaves results without supplies, and failed polls, as they are', async () => {
    const { store, inner } = setup();
    const icmp = result('p1', T0, [{ name: 'quarkpulse_icmp_rtt_seconds', labels: {}, value: 0.001 }], { probe: 'icmp' });
    await store.put(icmp);
    expect((await inner.forDevice('p1'))[0].result).toBe(icmp.result);
    for (let i = 0; i < 12; i++) await store.put(poll(i));
    const failed = { ...poll(12), result: { ...poll(12).result, success: false } };
    await store.put(failed);
    expect((await inner.forDevice('p1')).find((e) => e.probe === 'snmp')?.result).toBe(failed.result);
  });

  it('forgets a removed device’s history', async () => {
    const history = new MemorySupplyHistory();
    const { store } = setup(history);
    for (let i = 0; i < 12; i++) await store.put(poll(i));
    expect((await history.load('p1')).size).toBe(2); // black and cyan (magenta has no usable point)
    await store.removeDevice('p1');
    expect((await history.load('p1')).size).toBe(0);
  });

  it('a supply no longer reported is dropped from the history', async () => {
    const history = new MemorySupplyHistory();
    const { store } = setup(history);
    await store.put(poll(0));
    await store.put(result('p1', T0 + HOUR, supply('1.1', 'Black Toner', 'black', 70), { intervalMs: 10 * MIN }));
    expect([...(await history.load('p1')).keys()]).toEqual(['1.1']);
  });

  it('a poll reads a supply’s history only when its point is kept; the forecast is the full computation’s', async () => {
    /** Counts, per supply, the history reads and the history writes (one per kept point). */
    class Counting extends MemorySupplyHistory {
      readonly reads = new Map<string, number>();
      readonly writes = new Map<string, number>();
      override async load(device: string, supplies?: readonly string[]): Promise<DeviceHistories> {
        for (const index of supplies ?? ['*']) this.reads.set(index, (this.reads.get(index) ?? 0) + 1);
        return super.load(device, supplies);
      }
      override async save(device: string, changed: DeviceHistories, summaries: DeviceSummaries, gone: readonly string[]): Promise<void> {
        for (const index of changed.keys()) this.writes.set(index, (this.writes.get(index) ?? 0) + 1);
        return super.save(device, changed, summaries, gone);
      }
    }
    const history = new Counting();
    const { store, inner } = setup(history);
    // 32 days, a poll every 10 minutes (+ up to 30 s): black uses 60 a day with ±1 of jitter and is
    // refilled on day 20, cyan is flat, magenta says -3 (no point, ever).
    const DAY = 24 * HOUR;
    let black: readonly LevelPoint[] = [];
    let checked = 0;
    for (let i = 0, t = T0; t < T0 + 32 * DAY; i++, t += 10 * MIN + ((i * 7919) % 30_000)) {
      const day = (t - T0) / DAY;
      const level = Math.round(2000 - 60 * (day < 20 ? day + 8 : day - 20) + (i % 3) - 1);
      await store.put(result('p1', t, [...supply('1.1', 'Black Toner', 'black', level, 2000), ...supply('1.2', 'Cyan Toner', 'cyan', 55), ...supply('1.3', 'Magenta Toner', 'magenta', -3)], { intervalMs: 10 * MIN }));
      const point = { timeMs: t, level, maxCapacity: 2000 };
      black = appendPoint(black, point);
      if (i % 20 === 0) {
        const served = (await inner.forDevice('p1'))[0].result.samples.find((s) => s.name === 'quarkpulse_printer_supply_days_left')?.value;
        expect(served).toBe(forecastDaysLeft(withCurrent(black, point)).daysLeft);
        if (served !== undefined) checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
    expect(history.writes.get('1.1')).toBeGreaterThan(32 * 22); // a point an hour, and the refill
    expect(history.reads.get('1.1')).toBe(history.writes.get('1.1'));
    expect(history.reads.get('1.2')).toBe(history.writes.get('1.2'));
    expect(history.reads.get('1.3')).toBe(1); // before it had a summary
    expect(history.writes.get('1.3')).toBeUndefined();
  });

  it('while the history cannot be read, results are stored without a forecast (logged once)', async () => {
    class Unreachable extends MemorySupplyHistory {
      down = true;
      override async load(device: string): Promise<DeviceHistories> {
        if (this.down) throw new Error('redis unreachable');
        return super.load(device);
      }
    }
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) }) });
    const history = new Unreachable();
    const { store, inner } = setup(history, logger);
    for (let i = 0; i < 12; i++) await store.put(poll(i));
    expect((await inner.forDevice('p1'))[0].result.samples.some((s) => s.name === 'quarkpulse_printer_supply_days_left')).toBe(false);
    expect((await inner.forDevice('p1'))[0].finishedAtMs).toBe(T0 + 11 * 10 * MIN);
    history.down = false;
    for (let i = 12; i < 40; i++) await store.put(poll(i));
    expect((await inner.forDevice('p1'))[0].result.samples.some((s) => s.name === 'quarkpulse_printer_supply_days_left')).toBe(true);
    expect(lines.filter((l) => l.includes('supply history unavailable'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('supply history available again'))).toHaveLength(1);
  });
});
