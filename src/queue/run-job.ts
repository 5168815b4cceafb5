/**
 * Runs one handler call under the queue's deadline, identically for both queue implementations:
 * the signal is aborted with QueueAbort('timeout') after `timeoutMs`, and once the signal is
 * aborted (timeout or shutdown) a handler that keeps running is abandoned after `marginMs`.
 */
import { QueueAbort } from './policy';
import type { JobHandler, JobOutcome, ProbeJob } from './types';

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
    const timeoutTimer = setTimeout(() => controller.abort(new QueueAbort('timeout')), timeoutMs);
    const armHard = (): void => {
      hardTimer ??= setTimeout(() => finish({ kind: 'abandoned' }), marginMs);
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
