/**
 * Counter arithmetic over the points of a range query, with PromQL `increase` semantics but no
 * extrapolation: a value lower than the one before means the counter restarted (a reboot, a new
 * board) and counts from 0, so the new value is all increase. A known replacement of the device
 * (its serial number changed) is different: the new device arrives with its own lifetime count,
 * which is not this month's work, so the step across the replacement adds nothing. The
 * replacement is known to within a window (the identity is read at a coarser step): the step
 * in that window whose value moved most (the jump to the new device's count) is that step.
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

/** A replacement happened at some time in (fromMs, toMs]. */
export type ReplacementWindow = readonly [fromMs: number, toMs: number];

/** Pure: points oldest first; `replaced`: windows in which a new device took over. */
export function counterIncrease(points: ReadonlyArray<readonly [number, number]>, replaced: readonly ReplacementWindow[] = []): CounterRun | undefined {
  const valid = points.filter(([, v]) => Number.isFinite(v) && v >= 0);
  if (valid.length === 0) return undefined;
  const swapSteps = new Set<number>();
  for (const [from, to] of replaced) {
    let best = -1;
    for (let i = 1; i < valid.length; i++) {
      if (valid[i][0] <= from || valid[i][0] > to) continue;
      if (best < 0 || Math.abs(valid[i][1] - valid[i - 1][1]) > Math.abs(valid[best][1] - valid[best - 1][1])) best = i;
    }
    if (best > 0) swapSteps.add(best);
  }
  let increase = 0;
  let resets = 0;
  let replacements = 0;
  for (let i = 1; i < valid.length; i++) {
    const v0 = valid[i - 1][1];
    const v1 = valid[i][1];
    if (swapSteps.has(i)) replacements++;
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
