/**
 * Pure timing rules both queue implementations share, so they cannot drift apart:
 * when a schedule is next due, how long to back off, whether a retry still fits the interval,
 * and how a job's abort reason tells timeout from shutdown.
 */
import { timerDelayMs } from '../util/timer';
import type { QueueTuning } from './types';

/** The first slot `k × everyMs + offsetMs` strictly after `nowMs`. */
export function nextDueMs(nowMs: number, everyMs: number, offsetMs: number): number {
  const due = Math.floor(nowMs / everyMs) * everyMs + (offsetMs % everyMs);
  return due > nowMs ? due : due + everyMs;
}

/** Backoff before retry number `attempt` (the attempt that just failed, 1-based). */
export function backoffMs(tuning: QueueTuning, attempt: number): number {
  return tuning.backoffMs * 2 ** (attempt - 1);
}

/**
 * A retry is worth it only if it can finish before the next regular run: this attempt may take
 * the whole timeout, then the backoff, then the retry its own whole timeout (and, where no lock
 * keeps runs apart, the margin runBudgetMs keeps free before the next slot).
 */
export function canRetry(
  tuning: QueueTuning,
  job: { attempt: number; dueAtMs: number },
  schedule: { everyMs: number; timeoutMs: number },
  startedAtMs: number,
): boolean {
  if (job.attempt >= tuning.maxAttempts) return false;
  const retryEnd = startedAtMs + schedule.timeoutMs + backoffMs(tuning, job.attempt) + schedule.timeoutMs;
  const reserve = needsRunLock(tuning, schedule) ? 0 : tuning.lockMarginMs;
  return retryEnd + reserve <= job.dueAtMs + schedule.everyMs;
}

/** A late run gets at least this share of its timeout, or it is skipped. */
export const MIN_BUDGET_SHARE = 0.5;

/**
 * Whether runs of this schedule may outlast its interval (timeout + the margin a handler that
 * ignores its abort gets), so that only a lock held in the queue keeps two of them apart.
 */
export function needsRunLock(tuning: QueueTuning, schedule: { everyMs: number; timeoutMs: number }): boolean {
  return schedule.timeoutMs + tuning.lockMarginMs > schedule.everyMs;
}

/**
 * How long a run starting at `startedAtMs` may take; undefined when it is too late to start.
 * A schedule whose runs fit in its interval needs no lock to never overlap itself: a run that
 * starts late (a backlog, a retry, a job handed back by a dead worker) gets only the time left
 * before its schedule's next slot, less the margin, so even a handler that ignores its abort is
 * given up before the next run is due. If that leaves less than MIN_BUDGET_SHARE of its timeout the run
 * is skipped — the next one is due soon — rather than started only to time out.
 */
export function runBudgetMs(
  tuning: QueueTuning,
  job: { dueAtMs: number },
  schedule: { everyMs: number; timeoutMs: number },
  startedAtMs: number,
): number | undefined {
  if (needsRunLock(tuning, schedule)) return schedule.timeoutMs;
  const left = job.dueAtMs + schedule.everyMs - tuning.lockMarginMs - startedAtMs;
  const budget = Math.min(schedule.timeoutMs, left);
  return budget >= schedule.timeoutMs * MIN_BUDGET_SHARE ? budget : undefined;
}

/** How one run goes, decided when it starts; undefined (from planRun): too late, skip it. */
export interface RunPlan {
  budgetMs: number;
  canRetry: boolean;
  /** Only a lock held in the queue keeps this schedule's runs apart (needsRunLock). */
  locked: boolean;
}

/** The one place both queues decide a starting run's budget, retry and lock. */
export function planRun(
  tuning: QueueTuning,
  job: { attempt: number; dueAtMs: number },
  schedule: { everyMs: number; timeoutMs: number },
  startedAtMs: number,
): RunPlan | undefined {
  const budgetMs = runBudgetMs(tuning, job, schedule, startedAtMs);
  if (budgetMs === undefined) return undefined;
  return { budgetMs, canRetry: canRetry(tuning, job, schedule, startedAtMs), locked: needsRunLock(tuning, schedule) };
}

/** BullMQ's job lock and stalled check: together they decide when a dead worker's job runs again. */
export interface RecoveryTiming {
  /** A killed worker's lock expires after this (a live worker renews it every half of it). */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired. */
  stalledIntervalMs: number;
}

/** BullMQ's own defaults, kept where nothing is scheduled (no interval to fit). */
export const DEFAULT_RECOVERY: RecoveryTiming = { lockDurationMs: 30_000, stalledIntervalMs: 15_000 };

/**
 * Lock and stalled check sized so a dead worker's job is run again in its own slot. A run due at
 * `due` can still start until `due + every − margin − deadline/2` (runBudgetMs); half of that
 * slack, over the tightest schedule, is the recovery time R = lock + stalled interval. A worker
 * that dies in the first `slack − R` of a slot therefore loses no poll: another worker re-runs the
 * job in the same slot. One that dies later costs that one poll (skipped, reason "late"); the next
 * slot runs on time either way. Bounded to 1–30 s (lock) and 0.5–15 s (check) so a busy event
 * loop cannot lose its lock by a hair.
 */
export function recoveryTiming(tuning: QueueTuning, schedules: ReadonlyArray<{ everyMs: number; timeoutMs: number }>): RecoveryTiming {
  if (schedules.length === 0) return DEFAULT_RECOVERY;
  let slack = Infinity;
  for (const s of schedules) slack = Math.min(slack, s.everyMs - tuning.lockMarginMs - s.timeoutMs * MIN_BUDGET_SHARE);
  const recovery = Math.max(0, slack / 2);
  const clamp = (v: number, lo: number, hi: number) => Math.round(Math.min(hi, Math.max(lo, v)));
  return {
    lockDurationMs: clamp(recovery * 0.6, 1_000, DEFAULT_RECOVERY.lockDurationMs),
    stalledIntervalMs: clamp(recovery * 0.4, 500, DEFAULT_RECOVERY.stalledIntervalMs),
  };
}

export type AbortCause = 'timeout' | 'shutdown';

/** The reason a queue aborts a handler's signal with. */
export class QueueAbort extends Error {
  constructor(readonly why: AbortCause) {
    super(why === 'timeout' ? 'job timed out' : 'worker shutting down');
    this.name = 'QueueAbort';
  }
}

/** Why the queue aborted this signal, if it did. */
export function abortCause(signal: AbortSignal): AbortCause | undefined {
  if (!signal.aborted) return undefined;
  const reason: unknown = signal.reason;
  return reason instanceof QueueAbort ? reason.why : undefined;
}

/** Resolves after `ms`, early (without error) when `signal` aborts. Timer does not hold the process. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, timerDelayMs(ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
