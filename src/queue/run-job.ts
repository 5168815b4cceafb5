/**
 * Runs one handler call under the queue's deadline, identically for both queue implementations:
 * the signal is aborted with QueueAbort('timeout') after `timeoutMs`, and once the signal is
 * aborted (timeout or shutdown) a handler that keeps running is abandoned after `marginMs`.
 */
import { timerDelayMs } from '../util/timer';
import { abortCause, QueueAbort } from './policy';
import type { JobHandler, JobOutcome, ProbeJob } from './types';

/** How long a handler aborted for shutdown may take to return before it is abandoned. */
export const SHUTDOWN_MARGIN_MS = 1_000;

export type RunEnd =
  | { kind: 'done'; outcome: JobOutcome }
  | { kind: 'threw'; error: unknown }
  /** The handler ignored its aborted signal for `marginMs`; it may still be running. */
  | { kind: 'abandoned' };

export function runWithDeadline(
  handler: JobHandler,
  job: ProbeJob,
  controller: AbortController,
  timeoutMs: number,
  marginMs: number,
): Promise<RunEnd> {
  return new Promise<RunEnd>((resolve) => {
    let hardTimer: NodeJS.Timeout | undefined;
    const timeoutTimer = setTimeout(() => controller.abort(new QueueAbort('timeout')), timerDelayMs(timeoutMs));
    const armHard = (): void => {
      // Shutdown has its own deadline to keep: give up on a stubborn handler sooner.
      const margin = abortCause(controller.signal) === 'shutdown' ? Math.min(marginMs, SHUTDOWN_MARGIN_MS) : marginMs;
      hardTimer ??= setTimeout(() => finish({ kind: 'abandoned' }), timerDelayMs(margin));
    };
    if (controller.signal.aborted) armHard();
    else controller.signal.addEventListener('abort', armHard, { once: true });
    let settled = false;
    function finish(end: RunEnd): void {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      if (hardTimer) clearTimeout(hardTimer);
      controller.signal.removeEventListener('abort', armHard);
      resolve(end);
    }
    let call: Promise<JobOutcome>;
    try {
      call = handler(job, controller.signal);
    } catch (error) {
      finish({ kind: 'threw', error });
      return;
    }
    call.then(
      (outcome) => finish({ kind: 'done', outcome }),
      (error: unknown) => finish({ kind: 'threw', error }),
    );
  });
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
