/**
 * Runs one probe on one device. The runner owns what every probe shares: the deadline (an
 * AbortSignal the probe honours), the duration, and turning any exception into a failed result,
 * so a probe bug or a garbage answer never escapes into the worker loop.
 */
import type { DeviceTarget } from '../inventory/types';
import type { Logger } from '../log';
import type { SelfMetrics } from '../metrics/self';
import type { Probe, ProbeResult } from './types';

export interface RunProbeOptions {
  logger: Logger;
  /** Outer cancellation (shutdown, job timeout); combined with the device's probe deadline. */
  signal?: AbortSignal;
  selfMetrics?: SelfMetrics;
}

export async function runProbe(probe: Probe, target: DeviceTarget, opts: RunProbeOptions): Promise<ProbeResult> {
  const deadline = AbortSignal.timeout(target.probeTimeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  const logger = opts.logger.child({ device: target.name, client: target.client, probe: probe.kind });
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  let result: ProbeResult;
  try {
    result = await probe.run(target, { signal, logger });
    result.durationSeconds = elapsed();
  } catch (err) {
    const aborted = signal.aborted;
    result = {
      probe: probe.kind,
      success: false,
      durationSeconds: elapsed(),
      samples: [],
      error: aborted
        ? { kind: 'timeout', message: deadline.aborted ? `probe deadline of ${target.probeTimeoutMs} ms passed` : 'cancelled' }
        : { kind: 'internal', message: err instanceof Error ? err.message : String(err) },
    };
  }
  opts.selfMetrics?.probeRuns.inc({ probe: probe.kind, result: result.success ? 'success' : 'failure' });
  if (result.success) logger.debug({ duration: result.durationSeconds, samples: result.samples.length }, 'probe succeeded');
  else logger.warn({ duration: result.durationSeconds, error: result.error }, 'probe failed');
  return result;
}
