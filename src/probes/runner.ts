/**
 * Runs one probe on one device. The runner owns what every probe shares: the deadline (an
 * AbortSignal the probe honours), the duration, and turning any exception into a failed result,
 * so a probe bug or a garbage answer never escapes into the worker loop.
 */
import type { DeviceTarget } from '../inventory/types';
import type { Logger } from '../log';
import type { SelfMetrics } from '../metrics/self';
import { timerDelayMs } from '../util/timer';
import type { Probe, ProbeOutcome, ProbeResult } from './types';

export interface RunProbeOptions {
  logger: Logger;
  /** The run's deadline, from ProbeRegistry.deadlineMs (the one place it is decided). */
  deadlineMs: number;
  /** Outer cancellation (shutdown, job timeout); combined with the deadline. */
  signal?: AbortSignal;
  selfMetrics?: SelfMetrics;
}

export async function runProbe(probe: Probe, target: DeviceTarget, opts: RunProbeOptions): Promise<ProbeResult> {
  // Clamped: a timer past ~24.8 days would fire at once (or throw a RangeError past 2^32 ms).
  const deadline = AbortSignal.timeout(timerDelayMs(opts.deadlineMs));
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  const logger = opts.logger.child({ device: target.name, client: target.client, probe: probe.kind });
  const started = performance.now();
  let outcome: ProbeOutcome;
  try {
    outcome = await probe.run(target, { signal, logger });
  } catch (err) {
    outcome = {
      success: false,
      samples: [],
      error: signal.aborted
        ? { kind: 'timeout', message: deadline.aborted ? `probe deadline of ${opts.deadlineMs} ms passed` : 'cancelled' }
        : { kind: 'internal', message: err instanceof Error ? err.message : String(err) },
    };
  }
  const result: ProbeResult = { probe: probe.kind, durationMs: performance.now() - started, ...outcome };
  opts.selfMetrics?.probeRuns.inc({ probe: probe.kind, result: result.success ? 'success' : 'failure' });
  if (result.success) logger.debug({ durationMs: result.durationMs, samples: result.samples.length }, 'probe succeeded');
  else logger.warn({ durationMs: result.durationMs, error: result.error }, 'probe failed');
  return result;
}
