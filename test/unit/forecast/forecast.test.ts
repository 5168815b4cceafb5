/**
 * The supply forecast (src/forecast/forecast.ts) on consumption series: steady use, refills,
 * flat periods, jitter, the RFC 3805 specials and too little history.
 */
import { forecastDaysLeft, theilSen, type LevelPoint } from '../../../src/forecast/forecast';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 1);

/** One point every `stepMs` from T0: level(i) given by `level`. */
function series(n: number, stepMs: number, level: (i: number) => number, maxCapacity = 100): LevelPoint[] {
  return Array.from({ length: n }, (_, i) => ({ timeMs: T0 + i * stepMs, level: level(i), maxCapacity }));
}

describe('forecastDaysLeft', () => {
  it('steady use: 2 units a day from 80 over 10 days → 30 days left at 60', () => {
    const f = forecastDaysLeft(series(11, DAY, (i) => 80 - 2 * i));
    expect(f.daysLeft).toBeCloseTo(30, 9);
    expect(f).toMatchObject({ unitsPerDay: expect.closeTo(2, 9), points: 11, sinceMs: T0 });
  });

  it('the order of the points does not matter', () => {
    const pts = series(11, DAY, (i) => 80 - 2 * i);
    expect(forecastDaysLeft([...pts].reverse()).daysLeft).toBeCloseTo(30, 9);
  });

  it('a refill (level jumps up) starts a new segment: only the use since counts', () => {
    // 5/day down to 20 over 12 days, refill to 100, then 1/day for 6 days → 94 left at 1/day.
    const before = series(13, DAY, (i) => 80 - 5 * i);
    const after = series(7, DAY, (i) => 100 - i).map((p) => ({ ...p, timeMs: p.timeMs + 13 * DAY }));
    const f = forecastDaysLeft([...before, ...after]);
    expect(f.daysLeft).toBeCloseTo(94, 9);
    expect(f).toMatchObject({ points: 7, sinceMs: T0 + 13 * DAY });
  });

  it('right after a refill there is no forecast until a second point of the new segment', () => {
    const before = series(5, DAY, (i) => 50 - 5 * i);
    expect(forecastDaysLeft([...before, { timeMs: T0 + 5 * DAY, level: 100, maxCapacity: 100 }])).toEqual({ daysLeft: undefined, reason: 'too_few_points' });
  });

  it('another max capacity (another cartridge) is a new segment too', () => {
    const old = series(5, DAY, (i) => 80 - 5 * i, 100);
    const fresh = series(3, DAY, (i) => 50 - 5 * i, 200).map((p) => ({ ...p, timeMs: p.timeMs + 5 * DAY }));
    const f = forecastDaysLeft([...old, ...fresh]);
    expect(f).toMatchObject({ points: 3, daysLeft: expect.closeTo(8, 9) });
  });

  it('flat: no consumption → no forecast (absent, not +Inf)', () => {
    expect(forecastDaysLeft(series(30, DAY, () => 55))).toEqual({ daysLeft: undefined, reason: 'flat' });
  });

  it('flat with jitter (±1 of 100) is still flat, and the small rises are no refills', () => {
    expect(forecastDaysLeft(series(60, 12 * HOUR, (i) => 55 + (i % 2 === 0 ? 1 : -1) * ((i * 7) % 3 === 0 ? 1 : 0)))).toEqual({ daysLeft: undefined, reason: 'flat' });
  });

  it('use with jitter: the rate survives ±1 noise and a low outlier (no refill after the dip)', () => {
    const noise = [0, 1, -1, 1, 0, -1, 1, 0, -1, 0, 1, -1, 0, 1, 0, -1, 1, 0, -1, 0, 1];
    const pts = series(21, DAY, (i) => 90 - 2 * i + noise[i]);
    pts[10] = { ...pts[10], level: 5 }; // one wild reading
    const f = forecastDaysLeft(pts);
    if (f.daysLeft === undefined) throw new Error(`no forecast: ${f.reason}`);
    expect(f.unitsPerDay).toBeGreaterThan(1.8);
    expect(f.unitsPerDay).toBeLessThan(2.2);
    expect(f.points).toBe(21); // the +1 wiggles did not cut the segment
    expect(f.daysLeft).toBeCloseTo(51 / f.unitsPerDay, 9);
  });

  it('a drop within the jitter tolerance (3% of capacity) is no measurable use yet', () => {
    expect(forecastDaysLeft(series(5, DAY, (i) => 60 - 0.5 * i))).toEqual({ daysLeft: undefined, reason: 'flat' });
    expect(forecastDaysLeft(series(9, DAY, (i) => 60 - 0.5 * i)).daysLeft).toBeCloseTo(112, 9);
  });

  it('a level of 0 means 0 days left', () => {
    expect(forecastDaysLeft(series(5, DAY, (i) => 20 - 5 * i)).daysLeft).toBe(0);
  });

  it('only the window counts: older points are ignored', () => {
    // Fast use long ago, slow use over the last 30 days (no refill in between).
    const old = series(10, DAY, (i) => 100 - 3 * i);
    const recent = series(31, DAY, (i) => 70 - 0.5 * i).map((p) => ({ ...p, timeMs: p.timeMs + 40 * DAY }));
    expect(forecastDaysLeft([...old, ...recent])).toMatchObject({ points: 31, unitsPerDay: expect.closeTo(0.5, 9) });
    expect(forecastDaysLeft([...old, ...recent], { windowMs: 80 * DAY })).toMatchObject({ points: 41 });
  });

  describe('RFC 3805 specials', () => {
    it('levels < 0 (-1 other, -2 unknown, -3 some remaining) are skipped', () => {
      const pts = series(11, DAY, (i) => 80 - 2 * i);
      pts[3] = { ...pts[3], level: -3 };
      pts[6] = { ...pts[6], level: -2 };
      pts[8] = { ...pts[8], level: -1 };
      expect(forecastDaysLeft(pts)).toMatchObject({ daysLeft: expect.closeTo(30, 9), points: 8 });
    });

    it('a newest level of -3 ("some remaining") gives no forecast', () => {
      const pts = series(11, DAY, (i) => (i === 10 ? -3 : 80 - 2 * i));
      expect(forecastDaysLeft(pts)).toEqual({ daysLeft: undefined, reason: 'level_unknown' });
    });

    it('max capacity -2 (unknown): raw levels still give a rate, the tolerance from the highest level seen', () => {
      expect(forecastDaysLeft(series(11, DAY, (i) => 800 - 20 * i, -2)).daysLeft).toBeCloseTo(30, 9);
      // 3% of the highest level (800) = 24: a rise of 80 is a refill, one of 5 jitter.
      const refill = series(11, DAY, (i) => (i < 5 ? 800 - 20 * i : 900 - 20 * i), -2);
      expect(forecastDaysLeft(refill)).toMatchObject({ points: 6, unitsPerDay: expect.closeTo(20, 9) });
      const small = series(11, DAY, (i) => 800 - 20 * i + (i === 5 ? 25 : 0), -1);
      expect(forecastDaysLeft(small)).toMatchObject({ points: 11, unitsPerDay: expect.closeTo(20, 9) });
    });

    it('nothing but specials, or a level of 0 and no capacity: no forecast', () => {
      expect(forecastDaysLeft(series(5, DAY, () => -3))).toEqual({ daysLeft: undefined, reason: 'level_unknown' });
      expect(forecastDaysLeft(series(5, DAY, () => 0, -2))).toEqual({ daysLeft: undefined, reason: 'no_capacity' });
    });
  });

  describe('too few points', () => {
    it('none, one, or two at the same time', () => {
      expect(forecastDaysLeft([])).toEqual({ daysLeft: undefined, reason: 'no_points' });
      expect(forecastDaysLeft(series(1, DAY, () => 50))).toEqual({ daysLeft: undefined, reason: 'too_few_points' });
      expect(forecastDaysLeft(series(2, 0, (i) => 50 - 10 * i))).toEqual({ daysLeft: undefined, reason: 'too_few_points' });
    });

    it('two points with a clear drop are enough (minPoints 2), three when asked', () => {
      const two = series(2, DAY, (i) => 50 - 10 * i);
      expect(forecastDaysLeft(two).daysLeft).toBeCloseTo(4, 9);
      expect(forecastDaysLeft(two, { minPoints: 3 })).toEqual({ daysLeft: undefined, reason: 'too_few_points' });
    });
  });

  it('a long segment is thinned for the slope (bounded work) and still gives the rate', () => {
    const f = forecastDaysLeft(series(721, HOUR, (i) => 100 - i / 24));
    expect(f).toMatchObject({ points: 721, unitsPerDay: expect.closeTo(1, 9), daysLeft: expect.closeTo(70, 9) });
  });
});

describe('theilSen', () => {
  it('is the median pairwise slope; NaN without two times', () => {
    const p = (t: number, level: number): LevelPoint => ({ timeMs: t, level, maxCapacity: 100 });
    expect(theilSen([p(0, 10), p(1, 8), p(2, 6), p(3, 100), p(4, 2)])).toBe(-2);
    expect(theilSen([p(5, 10), p(5, 9)])).toBeNaN();
  });
});
