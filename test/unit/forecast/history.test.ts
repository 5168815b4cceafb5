/** The bounded per-supply history (src/forecast/history.ts): decimation, window, refills, codec. */
import type { LevelPoint } from '../../../src/forecast/forecast';
import { forecastDaysLeft } from '../../../src/forecast/forecast';
import { appendPoint, decodeHistory, encodeHistory, HISTORY_DEFAULTS, withCurrent } from '../../../src/forecast/history';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 1);
const pt = (timeMs: number, level: number, maxCapacity = 100): LevelPoint => ({ timeMs, level, maxCapacity });

describe('appendPoint', () => {
  it('a poll every 5 minutes for 40 days keeps at most one point an hour, 30 days: ≤ 721 points', () => {
    let kept: readonly LevelPoint[] = [];
    const polls = (40 * DAY) / (5 * MIN);
    for (let i = 0; i <= polls; i++) kept = appendPoint(kept, pt(T0 + i * 5 * MIN, 100 - (i * 5 * MIN) / (2 * DAY)));
    expect(kept.length).toBeLessThanOrEqual(HISTORY_DEFAULTS.maxPoints);
    expect(kept.length).toBeGreaterThanOrEqual(720);
    for (let i = 1; i < kept.length; i++) expect(kept[i].timeMs - kept[i - 1].timeMs).toBeGreaterThanOrEqual(HOUR);
    expect(kept[kept.length - 1].timeMs - kept[0].timeMs).toBeLessThanOrEqual(30 * DAY);
    // …and it is what the forecast needs: half a unit a day, from 80 left → 160 days.
    const f = forecastDaysLeft(kept);
    expect(f).toMatchObject({ unitsPerDay: expect.closeTo(0.5, 6), daysLeft: expect.closeTo(160, 4) });
  });

  it('returns the same array when the point is not kept (nothing to write)', () => {
    const kept = appendPoint([], pt(T0, 50));
    expect(kept).toHaveLength(1);
    expect(appendPoint(kept, pt(T0 + 10 * MIN, 49))).toBe(kept);
    expect(appendPoint(kept, pt(T0 - DAY, 60))).toBe(kept); // late, older result
    expect(appendPoint(kept, pt(T0 + 2 * HOUR, -3))).toBe(kept); // special level: no point
    expect(appendPoint(kept, pt(T0 + HOUR, 48))).toHaveLength(2);
  });

  it('a refill is kept at once, within the hour, and jitter is not', () => {
    const kept = appendPoint([], pt(T0, 20));
    expect(appendPoint(kept, pt(T0 + 5 * MIN, 22))).toBe(kept);
    expect(appendPoint(kept, pt(T0 + 5 * MIN, 100))).toEqual([pt(T0, 20), pt(T0 + 5 * MIN, 100)]);
    expect(appendPoint(kept, pt(T0 + 5 * MIN, 20, 200))).toHaveLength(2); // another cartridge
  });

  it('respects maxPoints and windowMs given', () => {
    let kept: readonly LevelPoint[] = [];
    for (let i = 0; i < 50; i++) kept = appendPoint(kept, pt(T0 + i * HOUR, 100 - i), { maxPoints: 10 });
    expect(kept.map((p) => p.level)).toEqual([60, 59, 58, 57, 56, 55, 54, 53, 52, 51]);
    kept = [];
    for (let i = 0; i < 50; i++) kept = appendPoint(kept, pt(T0 + i * HOUR, 100 - i), { windowMs: 5 * HOUR });
    expect(kept.map((p) => p.level)).toEqual([56, 55, 54, 53, 52, 51]);
  });
});

describe('withCurrent', () => {
  it('adds the newest reading after the kept points unless already kept', () => {
    const kept = [pt(T0, 50), pt(T0 + HOUR, 49)];
    expect(withCurrent(kept, pt(T0 + HOUR + 5 * MIN, 48))).toHaveLength(3);
    expect(withCurrent(kept, pt(T0 + HOUR, 49))).toEqual(kept);
  });
});

describe('encodeHistory / decodeHistory', () => {
  it('round-trips; unreadable text is no history', () => {
    const pts = [pt(T0, 50), pt(T0 + HOUR, 49.5, -2)];
    expect(decodeHistory(encodeHistory(pts))).toEqual(pts);
    for (const bad of [null, '', 'not json', '{}', '[[1,2]]', '[[1,2,"x"]]', '[[1,2,null]]']) expect(decodeHistory(bad)).toEqual([]);
  });
});
