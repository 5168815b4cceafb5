/** The pure computations of the monthly report, on hand-made series (no network). */
import { alertEpisodes, alertSummary } from '../../../src/reports/alerts';
import { deviceAvailability, overallAvailability } from '../../../src/reports/availability';
import { effectiveStep, periodEnd, reportQueries } from '../../../src/reports/collect';
import { configSection } from '../../../src/reports/config-section';
import { counterIncrease, peakRate } from '../../../src/reports/counters';
import { dueMonth, nextMonthlyRun } from '../../../src/reports/schedule';
import { monthOf, parseMonth, previousMonth } from '../../../src/reports/month';
import { interfaceTraffic, networkSummary } from '../../../src/reports/network';
import { deviceIdentities, printerPages } from '../../../src/reports/pages';
import type { Series } from '../../../src/reports/prometheus';
import { csvCell, renderPagesCsv } from '../../../src/reports/render-csv';
import { supplyReplacements, supplyStates } from '../../../src/reports/supplies';

const MIN = 60_000;
const STEP = 5 * MIN;
const T0 = Date.UTC(2026, 9, 1);

function series(labels: Record<string, string>, values: ReadonlyArray<number | null>, stepMs = STEP, startMs = T0 + STEP): Series {
  const points: Array<[number, number]> = [];
  values.forEach((v, i) => {
    if (v !== null) points.push([startMs + i * stepMs, v]);
  });
  return { labels, points };
}

describe('month', () => {
  it('parses YYYY-MM in UTC and refuses anything else', () => {
    expect(parseMonth('2026-10')).toEqual({ id: '2026-10', startMs: Date.UTC(2026, 9, 1), endMs: Date.UTC(2026, 10, 1) });
    expect(parseMonth('2026-12')?.endMs).toBe(Date.UTC(2027, 0, 1));
    for (const bad of ['2026-13', '2026-1', '26-10', '2026-00', '2026-10-01', '', 'october']) expect(parseMonth(bad)).toBeUndefined();
    expect(previousMonth(Date.UTC(2026, 0, 1)).id).toBe('2025-12');
    expect(monthOf(Date.UTC(2026, 9, 31, 23, 59)).id).toBe('2026-10');
  });
});

describe('availability (sample-based per step)', () => {
  const w = { firstMs: T0 + STEP, lastMs: T0 + 12 * STEP, stepMs: STEP };

  it('counts up and down steps, lists outages with start, end and duration, and no data is not down', () => {
    // 12 steps: up up DOWN DOWN up (no data) (no data) up DOWN up up DOWN
    const s = series({ device: 'p1', kind: 'printer' }, [1, 1, 0, 0, 1, null, null, 1, 0, 1, 1, 0]);
    const a = deviceAvailability('p1', 'printer', [s], w);
    expect(a).toMatchObject({ upSteps: 6, downSteps: 4, noDataSteps: 2 });
    expect(a.ratio).toBeCloseTo(6 / 10, 12);
    expect(a.outages).toEqual([
      { device: 'p1', startMs: T0 + 2 * STEP, endMs: T0 + 4 * STEP, durationMs: 2 * STEP, ongoing: false },
      { device: 'p1', startMs: T0 + 8 * STEP, endMs: T0 + 9 * STEP, durationMs: STEP, ongoing: false },
      { device: 'p1', startMs: T0 + 11 * STEP, endMs: T0 + 12 * STEP, durationMs: STEP, ongoing: true },
    ]);
  });

  it('a gap of no data splits an outage; a device without data has no ratio', () => {
    const s = series({ device: 'x' }, [0, null, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(deviceAvailability('x', 'switch', [s], w).outages.map((o) => o.durationMs)).toEqual([STEP, STEP]);
    const none = deviceAvailability('gone', 'switch', [], w);
    expect(none.ratio).toBeUndefined();
    expect(none.noDataSteps).toBe(12);
    expect(overallAvailability([none])).toBeUndefined();
  });

  it('merges several series of one device (down wins) and weights the overall figure by steps', () => {
    const a = series({ device: 'r', kind: 'router' }, [1, 1, 1, 1]);
    const b = series({ device: 'r', kind: 'switch' }, [1, 0, 1, 1]);
    const r = deviceAvailability('r', 'router', [a, b], w);
    expect([r.upSteps, r.downSteps]).toEqual([3, 1]);
    const other = deviceAvailability('o', 'other', [series({ device: 'o' }, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])], w);
    expect(overallAvailability([r, other])).toBeCloseTo(15 / 16, 12);
  });
});

describe('counters (pages, bytes, errors)', () => {
  const pts = (values: number[]) => values.map((v, i) => [T0 + i * STEP, v] as [number, number]);

  it('adds increases; a drop is a restart counted from 0 (PromQL increase semantics, no extrapolation)', () => {
    expect(counterIncrease(pts([100, 110, 130, 5, 25]))).toEqual({ startCount: 100, endCount: 25, increase: 30 + 5 + 20, resets: 1, replacements: 0 });
    expect(counterIncrease(pts([7, 7, 7]))?.increase).toBe(0);
    expect(counterIncrease([])).toBeUndefined();
  });

  it('a replaced device brings its own lifetime count: the step of the window that moved most adds nothing', () => {
    // Old device at 30,000, replaced by one that already printed 52,000 pages elsewhere; known to within (T0, T0+3 steps].
    const p = pts([29_900, 30_000, 52_000, 52_040]);
    expect(counterIncrease(p, [[T0, T0 + 3 * STEP]])).toEqual({ startCount: 29_900, endCount: 52_040, increase: 100 + 40, resets: 0, replacements: 1 });
    // The same new device with a lower count: still a replacement, not a restart.
    expect(counterIncrease(pts([30_000, 1_000, 1_010]), [[T0, T0 + 2 * STEP]])?.increase).toBe(10);
    // A window outside the points changes nothing.
    expect(counterIncrease(pts([1, 2, 3]), [[T0 + 10 * STEP, T0 + 11 * STEP]])?.replacements).toBe(0);
  });

  it('peak rate skips restarts', () => {
    expect(peakRate(pts([0, 300, 600, 0, 3000]))).toBe(10);
  });
});

describe('pages per printer', () => {
  it('per device and marker, model from the newest identity, replacement from a serial change', () => {
    // The identity as a range result: each label set's first point is when it was first seen.
    const info: Series[] = [
      { labels: { device: 'p1', model: 'HP LaserJet M404', serial: 'A1' }, points: [[T0, 1], [T0 + STEP, 1], [T0 + 2 * STEP, 1]] },
      { labels: { device: 'p1', model: 'HP LaserJet M406', serial: 'B2' }, points: [[T0 + 3 * STEP, 1]] },
      { labels: { device: 'p2', model: 'Brother HL', serial: 'C3' }, points: [[T0, 1]] },
    ];
    const ids = deviceIdentities(info, STEP);
    // Seen at T0+3 steps, read every step, with Prometheus's 5-minute lookback: replaced in (T0+1, T0+3 steps].
    expect(ids.get('p1')).toEqual({ model: 'HP LaserJet M406', replaced: [[T0 + STEP, T0 + 3 * STEP]] });
    const start = T0;
    const rows = printerPages(
      [
        series({ device: 'p1', marker_index: '1' }, [29_900, 30_000, 52_000, 52_040], STEP, start),
        series({ device: 'p2', marker_index: '1' }, [10, 20, 2, 12], STEP, start),
        series({ device: 'p2', marker_index: '2' }, [0, 0, 1, 1], STEP, start),
      ],
      ids,
    );
    expect(rows).toEqual([
      { device: 'p1', marker: '1', model: 'HP LaserJet M406', startCount: 29_900, endCount: 52_040, pages: 140, resets: 0, replacements: 1 },
      { device: 'p2', marker: '1', model: 'Brother HL', startCount: 10, endCount: 12, pages: 10 + 2 + 10, resets: 1, replacements: 0 },
      { device: 'p2', marker: '2', model: 'Brother HL', startCount: 0, endCount: 1, pages: 1, resets: 0, replacements: 0 },
    ]);
    expect(renderPagesCsv(rows).split('\r\n')[0]).toBe('device,model,start_count,end_count,pages,marker,counter_resets,device_replacements');
    expect(renderPagesCsv(rows).split('\r\n')[1]).toBe('p1,HP LaserJet M406,29900,52040,140,1,0,1');
  });

  it('CSV cells are quoted and never start a formula', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(-5)).toBe('-5');
  });
});

describe('supplies', () => {
  const pts = (values: number[]) => values.map((v, i) => [T0 + i * STEP, v] as [number, number]);

  it('a jump up of at least a tenth of the capacity is a replacement; the -1/-2/-3 specials are skipped; noise is not', () => {
    const levels = pts([40, 30, 31, -3, -3, 95, 94, -2, 93, 92, -1, 10, 100]);
    expect(supplyReplacements(levels, 100)).toEqual([
      { atMs: T0 + 5 * STEP, fromLevel: 31, toLevel: 95 },
      { atMs: T0 + 12 * STEP, fromLevel: 10, toLevel: 100 },
    ]);
    // Capacity unknown: 10 units.
    expect(supplyReplacements(pts([5, 14, 25]))).toEqual([{ atMs: T0 + 2 * STEP, fromLevel: 14, toLevel: 25 }]);
  });

  it('current level, ratio, the special as a note, and the forecast where there is one', () => {
    const key = { device: 'p1', supply_type: 'toner', color: 'black' };
    const states = supplyStates(
      [
        { labels: { ...key, supply_index: '1', supply: 'Black Toner' }, points: pts([50, 40, 100]) },
        { labels: { ...key, supply_index: '2', supply: 'Drum' }, points: pts([60, -3]) },
      ],
      [{ labels: { ...key, supply_index: '1', supply: 'Black Toner' }, points: [[T0, 200]] }],
      [{ labels: { ...key, supply_index: '1', supply: 'Black Toner' }, points: [[T0, 12.5]] }],
    );
    expect(states[0]).toMatchObject({ index: '1', level: 100, maxCapacity: 200, ratio: 0.5, daysLeft: 12.5, replacements: [{ atMs: T0 + 2 * STEP, fromLevel: 40, toLevel: 100 }] });
    expect(states[1]).toMatchObject({ index: '2', note: 'some remaining', replacements: [] });
    expect(states[1].daysLeft).toBeUndefined();
  });
});

describe('network', () => {
  it('bytes and errors per interface with restarts, peak utilisation against the speed', () => {
    const H = 3_600_000;
    const l = { device: 'sw1', ifindex: '1', name: 'ge-0/0/1' };
    const bytes: Series[] = [
      { labels: { ...l, __name__: 'quarkpulse_interface_receive_bytes_total' }, points: [[T0, 0], [T0 + H, 450_000_000], [T0 + 2 * H, 900_000_000]] },
      { labels: { ...l, __name__: 'quarkpulse_interface_transmit_bytes_total' }, points: [[T0, 100], [T0 + H, 200], [T0 + 2 * H, 50]] },
    ];
    const errors: Series[] = [
      { labels: { ...l, __name__: 'quarkpulse_interface_receive_errors_total' }, points: [[T0, 5], [T0 + H, 9], [T0 + 2 * H, 2]] },
      { labels: { ...l, __name__: 'quarkpulse_interface_transmit_errors_total' }, points: [[T0, 0], [T0 + H, 1], [T0 + 2 * H, 1]] },
    ];
    const speed: Series[] = [{ labels: l, points: [[T0, 10_000_000]] }];
    const [t] = interfaceTraffic(bytes, errors, speed);
    expect(t).toMatchObject({ receiveBytes: 900_000_000, transmitBytes: 100 + 50, errors: 4 + 2 + 1, speedBitsPerSecond: 10_000_000 });
    expect(t.peakBitsPerSecond).toBeCloseTo(1_000_000, 6);
    expect(t.peakUtilisation).toBeCloseTo(0.1, 9);
    const s = networkSummary([t]);
    expect(s.withErrors).toHaveLength(1);
    expect(s.busiest[0].name).toBe('ge-0/0/1');
  });
});

describe('alerts', () => {
  it('episodes per alert with time to resolve; counts by severity; still firing at the end', () => {
    const last = T0 + 20 * STEP;
    const a = { alertname: 'DeviceDown', severity: 'critical', device: 'p1', alertstate: 'firing' };
    const b = { alertname: 'SupplyLow', severity: 'warning', device: 'p1', alertstate: 'firing' };
    const eps = alertEpisodes(
      [
        { labels: a, points: [[T0 + 3 * STEP, 1], [T0 + 4 * STEP, 1], [T0 + 10 * STEP, 1]] },
        { labels: b, points: [[T0 + 19 * STEP, 1], [T0 + 20 * STEP, 1]] },
        { labels: { ...a, alertstate: 'pending' }, points: [[T0 + 2 * STEP, 1]] },
      ],
      STEP,
      last,
    );
    expect(eps).toEqual([
      { alertname: 'DeviceDown', severity: 'critical', device: 'p1', startMs: T0 + 2 * STEP, endMs: T0 + 4 * STEP, durationMs: 2 * STEP },
      { alertname: 'DeviceDown', severity: 'critical', device: 'p1', startMs: T0 + 9 * STEP, endMs: T0 + 10 * STEP, durationMs: STEP },
      { alertname: 'SupplyLow', severity: 'warning', device: 'p1', startMs: T0 + 18 * STEP, durationMs: 2 * STEP },
    ]);
    const s = alertSummary(eps);
    expect(s.bySeverity).toEqual({ critical: 2, warning: 1 });
    expect(s.medianResolveMs).toBe(1.5 * STEP);
    expect(s.longestResolveMs).toBe(2 * STEP);
    expect(s.stillFiring).toBe(1);
  });
});

describe('config section', () => {
  const month = parseMonth('2026-10')!;
  it('says "not configured" without backup devices; lists the month\'s versions and the coverage', () => {
    expect(configSection({ client: 'acme', month, backupDevices: [], log: [], has: () => false })).toEqual({ configured: false });
    const log = [
      { device: 'sw1', client: 'acme', rev: 'c3', atMs: Date.UTC(2026, 10, 2), profile: 'x' },
      { device: 'sw1', client: 'acme', rev: 'c2', atMs: Date.UTC(2026, 9, 20), profile: 'x' },
      { device: 'other', client: 'globex', rev: 'g1', atMs: Date.UTC(2026, 9, 5), profile: 'x' },
      { device: 'sw1', client: 'acme', rev: 'c1', atMs: Date.UTC(2026, 9, 3), profile: 'x' },
      { device: 'sw2', client: 'acme', rev: 'd0', atMs: Date.UTC(2026, 8, 1), profile: 'x' },
    ];
    const s = configSection({ client: 'acme', month, backupDevices: ['sw1', 'sw2', 'fw1'], log, has: (d) => d !== 'fw1' });
    expect(s).toEqual({
      configured: true,
      changes: [
        { device: 'sw1', atMs: Date.UTC(2026, 9, 3), rev: 'c1', first: true },
        { device: 'sw1', atMs: Date.UTC(2026, 9, 20), rev: 'c2', first: false },
      ],
      backedUp: ['sw1', 'sw2'],
      missing: ['fw1'],
    });
  });
});

describe('query plan and schedule', () => {
  it('one query per metric, the client quoted as a PromQL string', () => {
    const q = reportQueries('ac"me', STEP, 31 * 86_400_000);
    expect(Object.keys(q)).toHaveLength(10);
    expect(q.up).toBe('min_over_time(quarkpulse_device_up{client="ac\\"me"}[299999ms])');
    expect(q.alerts).toContain('ALERTS{client="ac\\"me",alertstate="firing"}');
  });

  it('keeps within 11,000 points per series; the month in progress ends at the last whole step', () => {
    expect(effectiveStep(300_000, 31 * 86_400_000)).toBe(300_000);
    expect(effectiveStep(60_000, 31 * 86_400_000)).toBe(244_000);
    const m = parseMonth('2026-10')!;
    expect(periodEnd(m, STEP, Date.UTC(2026, 11, 6))).toBe(m.endMs);
    expect(periodEnd(m, STEP, T0 + 7 * MIN)).toBe(T0 + STEP);
  });

  it('due month and next run (UTC)', () => {
    expect(dueMonth(Date.UTC(2026, 10, 1, 0, 14), '00:15').id).toBe('2026-09');
    expect(dueMonth(Date.UTC(2026, 10, 1, 0, 15), '00:15').id).toBe('2026-10');
    expect(dueMonth(Date.UTC(2026, 10, 20), '00:15').id).toBe('2026-10');
    expect(nextMonthlyRun(Date.UTC(2026, 10, 1, 0, 10), '00:15')).toBe(Date.UTC(2026, 10, 1, 0, 15));
    expect(nextMonthlyRun(Date.UTC(2026, 10, 1, 0, 15), '00:15')).toBe(Date.UTC(2026, 11, 1, 0, 15));
    expect(nextMonthlyRun(Date.UTC(2026, 11, 31, 23, 0), '06:30')).toBe(Date.UTC(2027, 0, 1, 6, 30));
  });
});
