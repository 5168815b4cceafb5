/**
 * A supply's summary: what a poll needs to give quarkpulse_printer_supply_days_left without reading
 * the supply's history. Pure; history-store.ts keeps one beside each history (at most ~2.5 KB
 * encoded in steady state, against ~20 KB for a 30-day history).
 *
 * A poll answers from the summary alone unless its point changes the history: `keepsPoint` (the rule
 * of appendPoint) on the summary's last kept point says so. Only then (at most once an hour, or at a
 * refill) is the history read, appended to, forecast in full and written with a new summary. So a
 * poll's cost no longer grows with the history: at most `maxSlopePoints` points (~1,800 slopes).
 *
 * Exact: between two kept points the answer is the one `forecastDaysLeft(withCurrent(history,
 * current))` gives, to the bit (test/unit/forecast/summary.test.ts compares both over long random
 * series). The current point enters the fit (it is the newest level and one end of a slope to every
 * sampled point), so it is not cached: `forecastBasis` (forecast.ts) keeps the sampled points of the
 * segment and redoes the Theil–Sen median with the current point each poll. What else the current
 * point's time changes is which old points are inside the 30-day window: the summary holds one basis
 * per set of points a current point can see before the next point is kept (one hour), normally one or
 * two. A poll outside all of them, a late (older) result, or one above every kept level when the
 * capacity is unknown (it moves the refill tolerance) reads the history as before: rare, never wrong.
 * (Times are whole milliseconds, as results carry them: `p + window ≥ t` is then `p ≥ t − window`.)
 */
import { FORECAST_DEFAULTS, forecastBasis, forecastWithBasis, usable, type Forecast, type ForecastBasis, type ForecastOptions, type LevelPoint } from './forecast';
import { HISTORY_DEFAULTS, keepsPoint, type HistoryOptions } from './history';

export interface SummaryBasis {
  /** The basis holds for a current point at fromMs < timeMs ≤ untilMs. */
  fromMs: number;
  untilMs: number;
  basis: ForecastBasis;
}

export interface SupplySummary {
  /** The last kept point of the history (none when it is empty). */
  last?: LevelPoint;
  bases: SummaryBasis[];
}

/**
 * The history's and the forecast's options in one: the summary is exact only when both agree on the
 * window and the refill tolerance (the forecasting store uses the defaults, where they do).
 */
export type SummaryOptions = HistoryOptions & ForecastOptions;

/** More bases only when many points leave the window within the hour (dense refills): then the history is read. */
const MAX_BASES = 4;

/** The summary of a history as appendPoint leaves it (sorted by time). */
export function summarize(kept: readonly LevelPoint[], options: SummaryOptions = {}): SupplySummary {
  const last = kept[kept.length - 1];
  if (!last) return { bases: [] };
  const summary: SupplySummary = { last: { timeMs: last.timeMs, level: last.level, maxCapacity: last.maxCapacity }, bases: [] };
  const { windowMs, resolutionMs } = { ...HISTORY_DEFAULTS, ...FORECAST_DEFAULTS, ...options };
  if (!usable(last) || !sortedByTime(kept) || !(resolutionMs < windowMs)) return summary; // not appendPoint's: always read in full
  // From keptFromMs on, a usable current point is kept, so no basis is needed after it. Before it, a
  // point p is in the forecast window of the current point c while c ≤ p.timeMs + windowMs.
  const keptFromMs = last.timeMs + resolutionMs;
  const leaving = [...new Set(kept.map((p) => p.timeMs + windowMs))].filter((t) => t > last.timeMs && t < keptFromMs).sort((a, b) => a - b);
  const froms = [last.timeMs, ...leaving].slice(0, MAX_BASES);
  froms.forEach((fromMs, i) => {
    const inWindow = kept.filter((p) => usable(p) && p.timeMs + windowMs > fromMs); // never empty: last is in
    summary.bases.push({ fromMs, untilMs: i < leaving.length ? leaving[i] : Infinity, basis: forecastBasis(inWindow, options) });
  });
  return summary;
}

function sortedByTime(points: readonly LevelPoint[]): boolean {
  for (let i = 1; i < points.length; i++) if (!(points[i].timeMs >= points[i - 1].timeMs)) return false;
  return true;
}

/**
 * The forecast for the newest reading from the summary alone, equal to the full computation; or
 * undefined when the history must be read: the point is kept (the history changes), or the summary
 * does not cover it (see the module comment).
 */
export function forecastFromSummary(summary: SupplySummary, current: LevelPoint, options: SummaryOptions = {}): Forecast | undefined {
  const { last } = summary;
  if (!Number.isFinite(current.timeMs) || keepsPoint(last, current, options)) return undefined;
  if (last && current.timeMs <= last.timeMs) return undefined; // a late or repeated result: rare
  // Not kept, so no refill of `last`: what forecastBasis assumes. A special level is answered as the full computation does.
  if (!usable(current)) return { daysLeft: undefined, reason: 'level_unknown' };
  const entry = summary.bases.find((b) => b.fromMs < current.timeMs && current.timeMs <= b.untilMs);
  return entry ? forecastWithBasis(entry.basis, current) : undefined;
}

/** Compact JSON; Infinity is written as null. Numbers round-trip exactly through JSON. */
export function encodeSummary(summary: SupplySummary): string {
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  return JSON.stringify({
    l: summary.last ? [summary.last.timeMs, summary.last.level, summary.last.maxCapacity] : null,
    b: summary.bases.map(({ fromMs, untilMs, basis }) => [fromMs, fin(untilMs), 'reason' in basis ? [fin(basis.levelCap), basis.reason] : [fin(basis.levelCap), basis.tolerance, basis.points, basis.sinceMs, basis.sample]]),
  });
}

const REASONS = new Set(['no_capacity', 'too_few_points']);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const numOrInf = (x: unknown): number | undefined => (x === null ? Infinity : isNum(x) ? x : undefined);

/** The summary of `encodeSummary` text; anything unreadable is no summary (the history is read and it is rewritten). */
export function decodeSummary(text: string | null | undefined): SupplySummary | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { l, b } = parsed as { l?: unknown; b?: unknown };
  const summary: SupplySummary = { bases: [] };
  if (l !== null) {
    if (!Array.isArray(l) || l.length !== 3 || !l.every(isNum)) return undefined;
    summary.last = { timeMs: l[0], level: l[1], maxCapacity: l[2] };
  }
  if (!Array.isArray(b)) return undefined;
  for (const row of b) {
    if (!Array.isArray(row) || row.length !== 3 || !isNum(row[0]) || numOrInf(row[1]) === undefined || !Array.isArray(row[2])) return undefined;
    const basis = decodeBasis(row[2]);
    if (!basis) return undefined;
    summary.bases.push({ fromMs: row[0], untilMs: numOrInf(row[1]) as number, basis });
  }
  return summary;
}

function decodeBasis(row: unknown[]): ForecastBasis | undefined {
  const levelCap = numOrInf(row[0]);
  if (levelCap === undefined) return undefined;
  if (row.length === 2) {
    const reason = row[1];
    return typeof reason === 'string' && REASONS.has(reason) ? { levelCap, reason: reason as 'no_capacity' | 'too_few_points' } : undefined;
  }
  const [, tolerance, points, sinceMs, sample] = row;
  if (row.length !== 5 || !isNum(tolerance) || !isNum(points) || !isNum(sinceMs)) return undefined;
  if (!Array.isArray(sample) || sample.length === 0 || sample.length % 2 !== 0 || !sample.every(isNum)) return undefined;
  return { levelCap, tolerance, points, sinceMs, sample };
}
