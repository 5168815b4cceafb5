/**
 * Counter arithmetic over the points of a range query, with PromQL `increase` semantics but no
 * extrapolation: a value lower than the one before means the counter restarted (a reboot, a new
 * board) and counts from 0, so the new value is all increase. A known replacement of the device
 * (its serial number changed) is different: the new device arrives with its own lifetime count,
 * which is not this month's work, so the step across the replacement adds nothing.
 */
export interface CounterRun {
  /** The first value of the period. */
  startCount: number;
  /** The last value of the period. */
  endCount: number;
  increase: number;
  resets: number;
  replacements: number;
}

/** Pure: points oldest first; `replacedAtMs` are times at which a new device took over. */
export function counterIncrease(points: ReadonlyArray<readonly [number, number]>, replacedAtMs: readonly number[] = []): CounterRun | undefined {
  const valid = points.filter(([, v]) => Number.isFinite(v) && v >= 0);
  if (valid.length === 0) return undefined;
  let increase = 0;
  let resets = 0;
  let replacements = 0;
  for (let i = 1; i < valid.length; i++) {
    const [t0, v0] = valid[i - 1];
    const [t1, v1] = valid[i];
    if (replacedAtMs.some((r) => r > t0 && r <= t1)) replacements++;
    else if (v1 < v0) {
      resets++;
      increase += v1;
    } else increase += v1 - v0;
  }
  return { startCount: valid[0][1], endCount: valid[valid.length - 1][1], increase, resets, replacements };
}

/** Pure: the points of several series (the same counter under changed labels) merged by time; the later series wins a tie. */
export function mergePoints(series: ReadonlyArray<{ points: ReadonlyArray<[number, number]> }>): Array<[number, number]> {
  const byTime = new Map<number, number>();
  for (const s of series) for (const [t, v] of s.points) byTime.set(t, v);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]);
}

/** Pure: the highest rate (per second) between two consecutive points, drops (resets) skipped. */
export function peakRate(points: ReadonlyArray<readonly [number, number]>): number | undefined {
  let peak: number | undefined;
  for (let i = 1; i < points.length; i++) {
    const [t0, v0] = points[i - 1];
    const [t1, v1] = points[i];
    if (v1 < v0 || t1 <= t0) continue;
    const rate = (v1 - v0) / ((t1 - t0) / 1000);
    if (peak === undefined || rate > peak) peak = rate;
  }
  return peak;
}
