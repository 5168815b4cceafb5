/**
 * The supply summaries (src/forecast/summary.ts): a poll answered from the summary gets, to the bit,
 * the forecast of the full computation over the history, and the history is needed only when the
 * poll's point is kept (plus the rare cases the module comment lists).
 */
import type { LevelPoint } from '../../../src/forecast/forecast';
import { forecastDaysLeft } from '../../../src/forecast/forecast';
import { appendPoint, withCurrent } from '../../../src/forecast/history';
import { decodeSummary, encodeSummary, forecastFromSummary, summarize, type SummaryOptions, type SupplySummary } from '../../../src/forecast/summary';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const [MIN_, HOUR_, DAY_] = [MIN, HOUR, DAY];
/**
 * The same rules on a short window, so the full computation to compare with stays quick: 10 hours of
 * points at most one per 5 minutes (the defaults: 30 days, one an hour), with series 12 times faster.
 */
const SHORT: SummaryOptions = { windowMs: 10 * HOUR, resolutionMs: 5 * MIN, maxPoints: 121 };
const T0 = Date.UTC(2026, 10, 1);

/** Deterministic PRNG (mulberry32): a failure is reproducible from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Polls of one supply over `days`: mostly every minute or few, with gaps, duplicates and late
 * results; use at a random rate with flat stretches, jitter, dips and spikes; refills, a cartridge
 * of another capacity now and then, stretches of special levels; known or unknown (-2) capacity.
 */
function series(seed: number, days: number, timeScale = 1): LevelPoint[] {
  const rnd = random(seed);
  const [MIN, HOUR, DAY] = [MIN_ * timeScale, HOUR_ * timeScale, DAY_ * timeScale].map(Math.round);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  let capacity = pick([100, 2000, -2, 750]);
  const scale = () => (capacity > 0 ? capacity : 500);
  let level = scale() * (0.3 + 0.7 * rnd());
  let ratePerHour = 0;
  let special = 0;
  const integer = rnd() < 0.5;
  const out: LevelPoint[] = [];
  for (let t = T0; t < T0 + days * DAY; ) {
    const r = rnd();
    t += r < 0.75 ? MIN + Math.floor(rnd() * 2000 * timeScale) : r < 0.95 ? pick([5, 10, 17, 45]) * MIN + Math.floor(rnd() * 5000 * timeScale) : r < 0.995 ? Math.floor(rnd() * 4 * HOUR) : r < 0.998 ? 0 : Math.floor(40 * HOUR * rnd());
    if (rnd() < 0.01) ratePerHour = pick([0, 0, scale() / 500, scale() / 100, scale() / 2000, scale() / 30]);
    level = Math.max(0, level - ratePerHour * (r < 0.97 ? 0.05 : 1) * (0.5 + rnd()));
    if (rnd() < 0.002) level = scale() * (0.9 + 0.1 * rnd()); // refill
    if (rnd() < 0.0005) {
      capacity = pick([100, 2000, -2, -1, 750]);
      level = scale() * rnd();
    }
    if (rnd() < 0.002) special = Math.floor(rnd() * 30);
    let reported = level + (rnd() < 0.3 ? (rnd() - 0.5) * 0.05 * scale() : 0); // jitter, sometimes beyond the tolerance
    if (rnd() < 0.005) reported = level * rnd(); // a dip
    if (rnd() < 0.002) reported = level + 0.2 * scale(); // a spike
    reported = Math.max(0, integer ? Math.round(reported) : reported);
    if (special > 0) {
      special--;
      reported = pick([-1, -2, -3]);
    }
    const late = rnd() < 0.01;
    out.push({ timeMs: late ? t - Math.floor(rnd() * 3 * HOUR) : t, level: reported, maxCapacity: capacity });
  }
  return out;
}

/** Both paths over one series, as the forecasting store runs them; counts the history reads. */
function replay(points: readonly LevelPoint[], options: SummaryOptions = {}, viaCodec = false) {
  let history: readonly LevelPoint[] = [];
  let summary: SupplySummary | undefined;
  const stats = { polls: 0, kept: 0, reads: 0, readsNotKept: 0, forecasts: 0 };
  for (const point of points) {
    stats.polls++;
    const after = appendPoint(history, point, options);
    const expected = forecastDaysLeft(withCurrent(after, point), options);
    if (expected.daysLeft !== undefined) stats.forecasts++;
    const kept = after !== history;
    if (kept) stats.kept++;
    const cached = summary && forecastFromSummary(summary, point, options);
    if (cached) {
      expect(kept).toBe(false);
      if (JSON.stringify(cached) !== JSON.stringify(expected) || !Object.is(cached.daysLeft, expected.daysLeft)) {
        throw new Error(`poll ${stats.polls} (${JSON.stringify(point)}): summary gives ${JSON.stringify(cached)}, full computation ${JSON.stringify(expected)}`);
      }
    } else {
      stats.reads++;
      if (!kept) stats.readsNotKept++;
      summary = summarize(after, options);
      if (viaCodec) summary = decodeSummary(encodeSummary(summary));
    }
    history = after;
  }
  return stats;
}

describe('supply summaries', () => {
  it('give the full computation’s forecast, to the bit, over long random series (refills, flat, noise, specials, late polls)', () => {
    const totals = { polls: 0, kept: 0, reads: 0, readsNotKept: 0, forecasts: 0 };
    const runs = [...Array.from({ length: 8 }, (_, i) => ({ seed: i + 1, points: series(i + 1, 30, 1 / 12), options: SHORT })), { seed: 99, points: series(99, 32), options: {} }];
    for (const { seed, points, options } of runs) {
      const stats = replay(points, options, seed % 2 === 0);
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += stats[k];
    }
    // The comparison above ran on every poll the summary answered; make sure it answered most,
    // with real forecasts among them, and read the history mostly for kept points.
    expect(totals.polls).toBeGreaterThan(30_000);
    expect(totals.forecasts).toBeGreaterThan(totals.polls / 4);
    expect(totals.reads - totals.kept).toBeLessThan(totals.polls / 50);
    expect(totals.readsNotKept).toBeLessThan(totals.polls / 50);
  });

  it('a steady printer: the history is read only when a point is kept, across the 30-day window', () => {
    // A poll every 10 minutes (+ up to 20 s of jitter) for 32 days, 30 units a day with ±1 of
    // jitter: the oldest points leave the window between kept points, which the summary's bases cover.
    const rnd = random(7);
    const points: LevelPoint[] = [];
    for (let t = T0; t < T0 + 32 * DAY; t += 10 * MIN + Math.floor(rnd() * 20_000)) points.push({ timeMs: t, level: Math.round(2000 - ((t - T0) / DAY) * 30 + (rnd() - 0.5) * 2), maxCapacity: 2000 });
    const stats = replay(points);
    expect(stats.readsNotKept).toBe(0);
    expect(stats.reads).toBe(stats.kept);
    expect(stats.kept).toBeGreaterThan(32 * 20);
    expect(stats.forecasts).toBeGreaterThan(stats.polls - 3 * 144); // flat (≤ 3 % used) for the first 2 days
  });

  it('a summary is small: a few KB for a 30-day history', () => {
    let history: readonly LevelPoint[] = [];
    for (let t = T0; t < T0 + 31 * DAY; t += 5 * MIN + 1234) history = appendPoint(history, { timeMs: t, level: 2000 - ((t - T0) / DAY) * 30, maxCapacity: 2000 });
    const text = encodeSummary(summarize(history));
    expect(JSON.stringify(history).length).toBeGreaterThan(20_000);
    expect(text.length).toBeLessThan(5_000);
    expect(decodeSummary(text)).toEqual(summarize(history));
  });

  it('unreadable summary text is no summary', () => {
    for (const bad of [null, '', 'x', '[]', '{"l":null}', '{"l":[1,2],"b":[]}', '{"l":null,"b":[[1,null,[null,"nope"]]]}', '{"l":null,"b":[[1,null,[null,0.3,2,1,[1]]]]}']) expect(decodeSummary(bad)).toBeUndefined();
    expect(decodeSummary('{"l":null,"b":[]}')).toEqual({ bases: [] });
  });
});
