/**
 * The job handler: what a worker does with one due probe job. It looks the device up in the
 * *current* config (so a reload applies to the next run), runs the probe through the runner,
 * and stores the result for every `run` process to serve. Transient failures (timeout,
 * unreachable) ask the queue for a retry while one still fits in the interval; auth and config
 * failures are final at once — retrying cannot fix a wrong community.
 */
import { hostname } from 'node:os';
import type { DeviceTarget } from '../inventory/types';
import type { Logger } from '../log';
import type { SelfMetrics } from '../metrics/self';
import type { ProbeRegistry } from '../probes/registry';
import { runProbe as defaultRunProbe } from '../probes/runner';
import type { Probe, ProbeFailure, ProbeKind } from '../probes/types';
import { storedResult, type ResultStore } from '../results/store';
import { abortCause } from '../queue/policy';
import type { JobHandler, JobOutcome } from '../queue/types';

export interface JobHandlerDeps {
  /** The devices of the current config; read per job, so a reload takes effect at once. */
  devices: () => readonly DeviceTarget[];
  registry: ProbeRegistry;
  /** This process's probe instances, one per kind (ProbeRegistry.createProbes). */
  probes: ReadonlyMap<ProbeKind, Probe>;
  store: ResultStore;
  logger: Logger;
  selfMetrics?: SelfMetrics;
  /** Recorded with each result; defaults to hostname:pid. */
  workerId?: string;
  /** For tests; defaults to probes/runner.ts. */
  runProbe?: typeof defaultRunProbe;
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}`;
}

export function isTransient(failure: ProbeFailure | undefined): boolean {
  return failure?.kind === 'timeout' || failure?.kind === 'unreachable';
}

export function createJobHandler(deps: JobHandlerDeps): JobHandler {
  const workerId = deps.workerId ?? defaultWorkerId();
  const run = deps.runProbe ?? defaultRunProbe;
  const { registry, probes } = deps;
  const index = new WeakMap<readonly DeviceTarget[], Map<string, DeviceTarget>>();
  const lookup = (name: string): DeviceTarget | undefined => {
    const devices = deps.devices();
    let byName = index.get(devices);
    if (!byName) {
      byName = new Map(devices.map((d) => [d.name, d]));
      index.set(devices, byName);
    }
    return byName.get(name);
  };
  const done: JobOutcome = { retry: false };

  return async (job, signal) => {
    // Built only when a line is logged: a child logger on every job is a hot-path allocation.
    const log = () => deps.logger.child({ device: job.device, probe: job.probe, attempt: job.attempt });
    if (job.attempt === 1) deps.selfMetrics?.scheduleLag.observe({ probe: job.probe }, Math.max(0, Date.now() - job.dueAtMs) / 1000);
    const target = lookup(job.device);
    if (!target) {
      log().debug('device no longer configured; job skipped');
      return done;
    }
    const probe = probes.get(job.probe);
    if (!probe || registry.get(job.probe)?.appliesTo(target) !== true) {
      log().debug('probe not configured for the device; job skipped');
      return done;
    }
    const deadlineMs = registry.deadlineMs(target, job.probe);
    const result = await run(probe, target, { logger: deps.logger, deadlineMs, signal, selfMetrics: deps.selfMetrics });
    // Cut short by shutdown: not a real observation; the queue hands the job to another worker.
    if (abortCause(signal) === 'shutdown') return done;
    if (!result.success && isTransient(result.error) && job.canRetry) {
      return { retry: true, reason: `${result.error?.kind}: ${result.error?.message}` };
    }
    try {
      await deps.store.put(storedResult(registry, target, result, workerId));
    } catch (err) {
      log().warn({ client: target.client, err: err instanceof Error ? err.message : String(err) }, 'could not store the probe result');
    }
    return done;
  };
}
