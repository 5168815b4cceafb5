/**
 * The bounded level history of one supply: what the forecast reads. Pure (no I/O); the stores in
 * history-store.ts keep one per supply, in memory or in Redis.
 *
 * Bounds: a point is kept only when `resolutionMs` (1 hour) has passed since the last kept one,
 * or when the level rose beyond the jitter tolerance (a refill: the new segment starts at once,
 * not up to an hour later); points older than `windowMs` (30 days) before the newest are dropped,
 * and never more than `maxPoints` (721: 30 days of hours, plus one) stay. So a supply costs at
 * most ~721 × 3 numbers, whatever the poll interval. The newest reading itself need not be kept:
 * the caller appends it to the kept points when it forecasts (see `withCurrent`).
 */
import { FORECAST_DEFAULTS, type LevelPoint } from './forecast';

export interface HistoryOptions {
  resolutionMs?: number;
  windowMs?: number;
  maxPoints?: number;
  /** The refill tolerance of the forecast (share of the capacity). */
  noiseFraction?: number;
}

export const HISTORY_DEFAULTS: Required<HistoryOptions> = {
  resolutionMs: 3600_000,
  windowMs: FORECAST_DEFAULTS.windowMs,
  maxPoints: 721,
  noiseFraction: FORECAST_DEFAULTS.noiseFraction,
};

/**
 * `kept` plus `point`, bounded as above: a new array when the point is kept, the same array
 * (identity) when it is not, so a store can tell whether it has anything to write.
 */
export function appendPoint(kept: readonly LevelPoint[], point: LevelPoint, options: HistoryOptions = {}): readonly LevelPoint[] {
  const opts = { ...HISTORY_DEFAULTS, ...options };
  if (!keepsPoint(kept[kept.length - 1], point, opts)) return kept;
  const from = point.timeMs - opts.windowMs;
  const next = kept.filter((p) => p.timeMs >= from);
  next.push({ timeMs: point.timeMs, level: point.level, maxCapacity: point.maxCapacity });
  return next.length > opts.maxPoints ? next.slice(next.length - opts.maxPoints) : next;
}

/**
 * Whether appendPoint keeps `point` after `last`, the last kept point: the one rule, which the
 * supply summaries (summary.ts) also apply to know when a poll changes the history.
 */
export function keepsPoint(last: LevelPoint | undefined, point: LevelPoint, options: HistoryOptions = {}): boolean {
  const opts = { ...HISTORY_DEFAULTS, ...options };
  if (!Number.isFinite(point.timeMs) || !Number.isFinite(point.level) || point.level < 0) return false;
  if (!last) return true;
  if (point.timeMs < last.timeMs) return false; // a late, older result
  const capacity = point.maxCapacity > 0 ? point.maxCapacity : Math.max(last.level, point.level);
  const refill = point.level - last.level > opts.noiseFraction * capacity || point.maxCapacity !== last.maxCapacity;
  return refill || point.timeMs - last.timeMs >= opts.resolutionMs;
}

/** The kept points with the newest reading after them (unless it is already the last kept). */
export function withCurrent(kept: readonly LevelPoint[], current: LevelPoint): LevelPoint[] {
  const last = kept[kept.length - 1];
  if (last && last.timeMs >= current.timeMs) return [...kept];
  return [...kept, current];
}

/** Compact text for a store: `[[timeMs, level, maxCapacity], …]`. */
export function encodeHistory(points: readonly LevelPoint[]): string {
  return JSON.stringify(points.map((p) => [p.timeMs, p.level, p.maxCapacity]));
}

/** The points of `encodeHistory` text; anything unreadable counts as no history (it regrows). */
export function decodeHistory(text: string | null | undefined): LevelPoint[] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const out: LevelPoint[] = [];
  for (const row of parsed) {
    if (!Array.isArray(row) || row.length !== 3 || !row.every((x) => typeof x === 'number' && Number.isFinite(x))) return [];
    out.push({ timeMs: row[0] as number, level: row[1] as number, maxCapacity: row[2] as number });
  }
  return out;
}
