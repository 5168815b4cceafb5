/**
 * Pure timing rules both queue implementations share, so they cannot drift apart:
 * when a schedule is next due, how long to back off, whether a retry still fits the interval,
 * and how a job's abort reason tells timeout from shutdown.
 */
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
 * the whole timeout, then the backoff, then the retry its own whole timeout.
 */
export function canRetry(
  tuning: QueueTuning,
  job: { attempt: number; dueAtMs: number },
  schedule: { everyMs: number; timeoutMs: number },
  startedAtMs: number,
): boolean {
  if (job.attempt >= tuning.maxAttempts) return false;
  const retryEnd = startedAtMs + schedule.timeoutMs + backoffMs(tuning, job.attempt) + schedule.timeoutMs;
  return retryEnd <= job.dueAtMs + schedule.everyMs;
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
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
