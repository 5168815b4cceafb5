/**
 * The job handler: what a worker does with one due probe job. It looks the device up in the
 * *current* config (so a reload applies to the next run), runs the probe through the runner,
 * and stores the result for every `run` process to serve. A fetched configuration goes to the
 * config sink (the one writer of the config store), never into the result store. Transient failures (timeout,
 * unreachable) ask the queue for a retry while one still fits in the interval; auth and config
 * failures are final at once — retrying cannot fix a wrong community.
 */
import { hostname } from 'node:os';
import type { DeviceTarget } from '../inventory/types';
import type { Logger } from '../log';
import type { SelfMetrics } from '../metrics/self';
import type { ProbeRegistry } from '../probes/registry';
import { runProbe as defaultRunProbe } from '../probes/runner';
import type { Probe, ProbeFailure, ProbeKind, ProbeResult } from '../probes/types';
import { storedResult, type ResultStore } from '../results/store';
import { abortCause } from '../queue/policy';
import type { JobHandler, JobOutcome } from '../queue/types';
import type { BackupOutcome, ConfigSink } from './config-sink';

export interface JobHandlerDeps {
  /** The devices of the current config; read per job, so a reload takes effect at once. */
  devices: () => readonly DeviceTarget[];
  registry: ProbeRegistry;
  /** This process's probe instances, one per kind (ProbeRegistry.createProbes). */
  probes: ReadonlyMap<ProbeKind, Probe>;
  store: ResultStore;
  /** Where fetched configurations (and failed backups) go; absent: they are dropped with a warning. */
  configs?: ConfigSink;
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
  return failure?.final !== true && (failure?.kind === 'timeout' || failure?.kind === 'unreachable');
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
    const finishedAtMs = Date.now();
    const backup = backupOutcome(registry, target, result, finishedAtMs);
    if (backup) {
      try {
        if (!deps.configs) throw new Error('no config store is wired to this worker');
        await deps.configs.submit(backup);
      } catch (err) {
        log().error({ client: target.client, err: err instanceof Error ? err.message : String(err) }, 'could not hand the fetched config to the config store');
      }
    }
    try {
      await deps.store.put(storedResult(registry, target, withoutConfig(result), workerId, finishedAtMs));
    } catch (err) {
      log().warn({ client: target.client, err: err instanceof Error ? err.message : String(err) }, 'could not store the probe result');
    }
    return done;
  };
}

/** Config text belongs to the config store alone: results are served, logged and kept in Redis. */
function withoutConfig(result: ProbeResult): ProbeResult {
  if (result.config === undefined) return result;
  const { config: _config, ...rest } = result;
  return rest;
}

const HOSTKEY_SAMPLE = 'quarkpulse_config_hostkey_changed';

/**
 * What the config store must hear of this run: any run that carries a config (whatever its kind),
 * and every failed run of a kind that fetches the device's config. Nothing for other runs.
 */
export function backupOutcome(registry: ProbeRegistry, target: DeviceTarget, result: ProbeResult, finishedAtMs: number): BackupOutcome | undefined {
  const fetches = result.config !== undefined || registry.producesConfig(target, result.probe);
  if (!fetches) return undefined;
  const base = { device: target.name, client: target.client, site: target.site, probe: result.probe, fetchedAtMs: finishedAtMs };
  const hostKeyChanged = result.samples.some((s) => s.name === HOSTKEY_SAMPLE && s.value === 1);
  // A blocked version (leak) goes to the store owner too, which records and alerts on it without storing it.
  if (result.config && (result.success || result.config.leak)) return { ...base, config: result.config };
  const error: ProbeFailure = result.error ?? { kind: 'internal', message: result.success ? 'the probe succeeded but returned no configuration' : 'failed' };
  return { ...base, error, ...(hostKeyChanged ? { hostKeyChanged } : {}) };
}
