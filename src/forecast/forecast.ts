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
  return fromSlope(slopePerMs, { spanMs, tolerance, level: newest.level, points: segment.length, sinceMs: segment[0].timeMs });
}

/** The answer once the slope is known: shared by the full computation and the basis below. */
function fromSlope(slopePerMs: number, fit: { spanMs: number; tolerance: number; level: number; points: number; sinceMs: number }): Forecast {
  if (!(slopePerMs < 0) || -slopePerMs * fit.spanMs <= fit.tolerance) return none('flat');
  const unitsPerDay = -slopePerMs * DAY_MS;
  return { daysLeft: Math.max(0, fit.level / unitsPerDay), unitsPerDay, points: fit.points, sinceMs: fit.sinceMs };
}

/**
 * What `forecastDaysLeft(kept ++ [current])` needs of `kept`, for any later `current` that is no
 * refill of kept's last point (same max capacity, a rise within the tolerance): so a poll can be
 * answered without the history (see summary.ts, which decides when that holds).
 *
 * Why it is exact: such a current point never starts a segment (its rise over the previous point is
 * within the tolerance, which the median only lowers), so the segment is kept's newest segment plus
 * the current point, its length is known, and so are the points `thin` picks besides the current one
 * (the last index). The slope is then the median of the pairwise slopes of those fixed points and of
 * each of them to the current point: recomputed per poll from at most `maxSlopePoints` points (~1,800
 * slopes), with the same arithmetic as `theilSen`, hence the same number. The capacity, and so the
 * tolerance, is fixed too, except when the max capacity is unknown and the current level is above
 * every kept one (`levelCap`): then the basis does not apply and the caller computes in full.
 */
export type ForecastBasis =
  | { levelCap: number; reason: 'no_capacity' | 'too_few_points' }
  | { levelCap: number; tolerance: number; points: number; sinceMs: number; /** [timeMs, level, timeMs, level, …] */ sample: number[] };

/** `kept`: sorted by time, every point usable, non-empty (the points within the window of the later current point). */
export function forecastBasis(kept: readonly LevelPoint[], options: ForecastOptions = {}): ForecastBasis {
  const opts = { ...FORECAST_DEFAULTS, ...options };
  const last = kept[kept.length - 1];
  const maxLevel = Math.max(...kept.map((p) => p.level));
  const known = last.maxCapacity > 0;
  const levelCap = known ? Infinity : maxLevel;
  const capacity = known ? last.maxCapacity : maxLevel;
  if (!(capacity > 0)) return { levelCap, reason: 'no_capacity' };
  const tolerance = opts.noiseFraction * capacity;
  const segment = newestSegment(kept, tolerance);
  if (segment.length + 1 < opts.minPoints) return { levelCap, reason: 'too_few_points' };
  const current: LevelPoint = { timeMs: NaN, level: NaN, maxCapacity: NaN }; // a marker: where thin puts the current point
  const fixed = thin([...segment, current], opts.maxSlopePoints).filter((p) => p !== current);
  return { levelCap, tolerance, points: segment.length + 1, sinceMs: segment[0].timeMs, sample: fixed.flatMap((p) => [p.timeMs, p.level]) };
}

/** forecastDaysLeft for `current` from a basis (see above); undefined when the basis does not apply. */
export function forecastWithBasis(basis: ForecastBasis, current: LevelPoint): Forecast | undefined {
  if (!usable(current)) return none('level_unknown');
  if (current.level > basis.levelCap) return undefined;
  if ('reason' in basis) return none(basis.reason);
  const { sample } = basis;
  const n = sample.length / 2;
  const slopes = new Float64Array((n * (n + 1)) / 2);
  let k = 0;
  // The pairs in theilSen's order, the current point last: (later level − earlier level) / (later time − earlier time).
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dt = sample[2 * j] - sample[2 * i];
      if (dt !== 0) slopes[k++] = (sample[2 * j + 1] - sample[2 * i + 1]) / dt;
    }
    slopes[k++] = (current.level - sample[2 * i + 1]) / (current.timeMs - sample[2 * i]);
  }
  // median() of them, by selection rather than a sort (the same two middle values, so the same number).
  const all = slopes.subarray(0, k);
  const mid = k >> 1;
  const upper = select(all, mid);
  let lower = upper;
  if (k % 2 === 0) {
    lower = all[0];
    for (let i = 1; i < mid; i++) if (all[i] > lower) lower = all[i];
  }
  const slopePerMs = k % 2 === 1 ? upper : (lower + upper) / 2;
  return fromSlope(slopePerMs, { spanMs: current.timeMs - basis.sinceMs, tolerance: basis.tolerance, level: current.level, points: basis.points, sinceMs: basis.sinceMs });
}

function none(reason: NoForecastReason): Forecast {
  return { daysLeft: undefined, reason };
}

/** A level that is a point to use (not an RFC 3805 special). */
export function usable(p: LevelPoint): boolean {
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

/**
 * The k-th smallest of `a` (quickselect, 3-way partition: many equal slopes are common). Reorders
 * `a` so that a[0..k-1] ≤ a[k] ≤ a[k+1..]. -0 and 0 count as equal, as in median()'s sort.
 */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const x = a[lo];
    const y = a[(lo + hi) >> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i];
      if (v < pivot) {
        a[i++] = a[lt];
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt];
        a[gt--] = v;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return a[k];
  }
  return a[k];
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
