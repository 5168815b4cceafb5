/**
 * Days left for a printer supply, from the levels the daemon saw over the recent past. Pure.
 *
 * The rate is the Theil–Sen slope (median of the pairwise slopes) of the points since the last
 * refill, within `windowMs` of the newest point: one odd reading moves a median, not the answer.
 * Days left = the newest level ÷ that rate, i.e. when the level reaches 0. For receptacles (waste
 * toner) RFC 3805 defines the level as the space remaining, so the same reading means "full in".
 *
 * What the points are allowed to do:
 *  - Refill: a rise of more than `noiseFraction` of the capacity (over the previous point and
 *    over the median of the three before: one low reading is no refill), or a change of max
 *    capacity (another cartridge), starts a new segment; only the newest segment counts. A single
 *    high reading does read as a refill; the next points then restart the rate.
 *  - Jitter: rises up to that tolerance are noise and stay in the segment.
 *  - Flat: no forecast (undefined, reason `flat`) unless the fitted drop over the segment is more
 *    than the tolerance; a printer that does not print has no date to run out. We never answer
 *    +Inf: the series is absent instead, so `days_left < 7` and sorting stay meaningful.
 *  - RFC 3805 specials: a level < 0 (-1 other, -2 unknown, -3 "some remaining") is no point to
 *    use; when the newest level is one, there is no forecast (reason `level_unknown`). A max
 *    capacity of -1/-2 only means the percentage is unknown: raw levels still give a rate, and
 *    the capacity for the tolerance is then the highest level seen.
 */

export interface LevelPoint {
  timeMs: number;
  /** prtMarkerSuppliesLevel as reported (specials < 0 included). */
  level: number;
  /** prtMarkerSuppliesMaxCapacity as reported (-1/-2 when unknown). */
  maxCapacity: number;
}

export interface ForecastOptions {
  /** Points older than this before the newest are ignored. Default 30 days. */
  windowMs?: number;
  /** Rises up to this share of the capacity are jitter; more is a refill. Default 0.03. */
  noiseFraction?: number;
  /** Points needed in the newest segment. Default 2. */
  minPoints?: number;
  /** Pairwise slopes are taken over at most this many points (evenly thinned): bounded CPU. Default 60. */
  maxSlopePoints?: number;
}

export type NoForecastReason = 'no_points' | 'level_unknown' | 'too_few_points' | 'flat' | 'no_capacity';

export type Forecast =
  | { daysLeft: number; unitsPerDay: number; points: number; sinceMs: number }
  | { daysLeft: undefined; reason: NoForecastReason };

export const FORECAST_DEFAULTS: Required<ForecastOptions> = {
  windowMs: 30 * 24 * 3600_000,
  noiseFraction: 0.03,
  minPoints: 2,
  maxSlopePoints: 60,
};

const DAY_MS = 24 * 3600_000;

export function forecastDaysLeft(points: readonly LevelPoint[], options: ForecastOptions = {}): Forecast {
  const opts = { ...FORECAST_DEFAULTS, ...options };
  if (points.length === 0) return none('no_points');
  const sorted = [...points].sort((a, b) => a.timeMs - b.timeMs);
  const newest = sorted[sorted.length - 1];
  if (!usable(newest)) return none('level_unknown');
  const recent = sorted.filter((p) => usable(p) && p.timeMs >= newest.timeMs - opts.windowMs);
  const capacity = newest.maxCapacity > 0 ? newest.maxCapacity : Math.max(...recent.map((p) => p.level));
  if (!(capacity > 0)) return none('no_capacity');
  const tolerance = opts.noiseFraction * capacity;

  const segment = newestSegment(recent, tolerance);
  if (segment.length < opts.minPoints) return none('too_few_points');
  const spanMs = segment[segment.length - 1].timeMs - segment[0].timeMs;
  if (spanMs <= 0) return none('too_few_points');
  const slopePerMs = theilSen(thin(segment, opts.maxSlopePoints));
  if (!(slopePerMs < 0) || -slopePerMs * spanMs <= tolerance) return none('flat');
  const unitsPerDay = -slopePerMs * DAY_MS;
  return { daysLeft: Math.max(0, newest.level / unitsPerDay), unitsPerDay, points: segment.length, sinceMs: segment[0].timeMs };
}

function none(reason: NoForecastReason): Forecast {
  return { daysLeft: undefined, reason };
}

function usable(p: LevelPoint): boolean {
  return Number.isFinite(p.level) && p.level >= 0 && Number.isFinite(p.timeMs);
}

/**
 * The points after the last refill: another max capacity, or a rise beyond the tolerance over the
 * previous point and over the median of the segment's last three points. The median keeps one low
 * reading (a dip, then the level as before) from passing for a refill.
 */
function newestSegment(points: readonly LevelPoint[], tolerance: number): LevelPoint[] {
  let start = 0;
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1];
    const cur = points[i];
    const recent = points.slice(Math.max(start, i - 3), i).map((p) => p.level);
    const rise = Math.min(cur.level - prev.level, cur.level - median(recent));
    if (rise > tolerance || cur.maxCapacity !== prev.maxCapacity) start = i;
  }
  return points.slice(start);
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** At most `max` points, evenly spread, the first and the last always kept. */
function thin(points: readonly LevelPoint[], max: number): readonly LevelPoint[] {
  if (points.length <= max || max < 2) return points;
  const out: LevelPoint[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]);
  return out;
}

/** Median of the slopes between every pair of points at different times (units per ms). */
export function theilSen(points: readonly LevelPoint[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dt = points[j].timeMs - points[i].timeMs;
      if (dt !== 0) slopes.push((points[j].level - points[i].level) / dt);
    }
  }
  if (slopes.length === 0) return NaN;
  return median(slopes);
}
