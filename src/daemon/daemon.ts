/**
 * The daemon's composition and lifecycle: queue + result store, the scheduler (keeps the queue's
 * schedules equal to the config), the worker (runs probe jobs), the HTTP server, reload and an
 * orderly shutdown. Which halves run is decided by `roles` (`run` = all three).
 */
import { hostname } from 'node:os';
import { Registry } from 'prom-client';
import type { Alerting } from '../alerts/service';
import { MemoryStateStore } from '../alerts/state-store';
import { ConfigError, type ConfigProblem, type RuntimeConfig } from '../config/types';
import { createHttpApp, type Readiness, type ReloadOutcome } from '../http/app';
import { startHttpServer, type HttpServerHandle } from '../http/server';
import type { Logger } from '../log';
import { registerDeviceMetrics } from '../metrics/device-collector';
import { SelfMetrics } from '../metrics/self';
import type { ResultStore, StoredResult } from '../metrics/store';
import type { Probe } from '../probes/types';
import type { JobQueue } from '../queue/types';
import { diffDevices } from './diff';
import type { Closable, DaemonParts } from './parts';
import { refreshQueueMetrics } from './self-metrics';

export type Role = 'scheduler' | 'worker' | 'http';

export interface DaemonOptions {
  config: RuntimeConfig;
  roles: Role[];
  /** Overrides config.http.listen; a worker (no `http` role) serves its self-metrics only when given. */
  listen?: string;
  concurrency?: number;
  logger: Logger;
  parts: DaemonParts;
  /** Re-reads the config on reload. */
  loadConfig: (file: string) => Promise<RuntimeConfig>;
  /** How long running jobs may finish on shutdown before they are handed back. */
  closeGraceMs?: number;
}

export interface Daemon {
  /** Base URL of the HTTP server, when one runs. */
  readonly url?: string;
  readonly queue: JobQueue;
  readonly store: ResultStore;
  readonly registry: Registry;
  config(): RuntimeConfig;
  reload(): Promise<ReloadOutcome>;
  /** Stop taking jobs, finish or hand back running ones, close HTTP, queue, store and lab. Idempotent. */
  close(): Promise<void>;
}

/** Leaves room, within the 10 s a supervisor waits, for abandoning stuck jobs and closing connections. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 6_000;

export async function startDaemon(opts: DaemonOptions): Promise<Daemon> {
  const { roles, logger, parts } = opts;
  const isScheduler = roles.includes('scheduler');
  const isWorker = roles.includes('worker');
  const listen = roles.includes('http') ? (opts.listen ?? opts.config.http.listen) : opts.listen;
  let config = opts.config;

  const registry = new Registry();
  const selfMetrics = new SelfMetrics(registry, { processMetrics: true });
  const probes: Probe[] = parts.createProbes({ logger, selfMetrics, config });

  // Everything started so far. Closed phase by phase: first the queue (stop taking jobs; running
  // ones still need the store and the lab) together with HTTP, then the store, then the lab.
  const started: Array<{ name: string; phase: number; close: () => Promise<void> }> = [];
  const closeStarted = async () => {
    const phases = [...new Set(started.map((p) => p.phase))].sort((a, b) => a - b);
    for (const phase of phases) {
      await Promise.all(
        started
          .filter((p) => p.phase === phase)
          .map(async (part) => {
            try {
              await part.close();
            } catch (err) {
              logger.warn({ part: part.name, err: errorText(err) }, 'closing failed');
            }
          }),
      );
    }
  };

  try {
    const queue = await parts.createQueue(config, logger);
    started.push({ name: 'queue', phase: 0, close: () => queue.close(opts.closeGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS) });
    const store = await parts.createStore(config, logger);
    started.push({ name: 'result store', phase: 1, close: () => store.close() });
    started.push({ name: 'probes', phase: 1, close: async () => probes.forEach((p) => p.close?.()) });

    logger.info(
      { queue: queue.description, config: config.file, devices: config.devices.length, roles },
      `quarkpulse ${roles.join('+')}: ${queue.description} queue, config ${config.file}, ${config.devices.length} devices`,
    );
    if (isWorker && !isScheduler && queue.description === 'in-process') {
      logger.warn('worker without Redis: no scheduler can reach this process; set REDIS_URL or queue.redis to scale out');
    }

    // One evaluator per scheduler process; with Redis, a leader lock keeps several from double-paging.
    let alerting: Alerting | undefined;
    // File and Redis state survive the re-creation on reload by themselves; memory state must be handed over.
    const memoryState = new MemoryStateStore();
    const startAlerting = async () => {
      const stateStore = config.alerting.state.store === 'memory' ? memoryState : undefined;
      const next = parts.createAlerting(config, { logger, selfMetrics, store, stateStore });
      await next.start();
      alerting = next;
    };
    if (isScheduler) {
      await startAlerting();
      started.push({ name: 'alerting', phase: 0, close: async () => alerting?.stop() });
    }

    /** Per-device self-metric series and probe memory (walk plans, v3 sessions) of a removed device. */
    const forgetDevice = (client: string, device: string) => {
      selfMetrics.forgetDevice(client, device);
      for (const probe of probes) probe.forget?.(device);
    };

    let schedulesInPlace = !isScheduler;
    let reloading: Promise<ReloadOutcome> | undefined;

    const currentDevices = () => new Map(config.devices.map((d) => [d.name, d]));
    let deviceIndex = currentDevices();

    const syncSchedules = async () => {
      const report = await queue.syncSchedules(parts.plan(config, probes));
      schedulesInPlace = true;
      return report;
    };

    const doReload = async (): Promise<ReloadOutcome> => {
      let next: RuntimeConfig;
      try {
        next = await opts.loadConfig(config.file);
      } catch (err) {
        const problems: ConfigProblem[] =
          err instanceof ConfigError ? err.problems : [{ file: config.file, path: '(file)', message: errorText(err) }];
        selfMetrics.configReloads.inc({ result: 'failure' });
        logger.error({ config: config.file, problems }, `config reload failed; keeping the previous config (${problems.length} problems)`);
        return { ok: false, problems };
      }
      warnAboutRestartOnlyChanges(config, next, logger);
      const diff = diffDevices(config.devices, next.devices);
      const clientOf = new Map(config.devices.map((d) => [d.name, d.client]));
      config = next;
      deviceIndex = currentDevices();
      if (isScheduler) {
        await syncSchedules();
        // Series of removed devices disappear at once rather than after going stale.
        for (const name of diff.removed) {
          await store.removeDevice(name);
          alerting?.onDeviceRemoved(name);
        }
        // Rules, overrides and devices may all have changed; the alert state carries over via its store.
        await alerting?.stop();
        await startAlerting();
      }
      for (const name of diff.removed) forgetDevice(clientOf.get(name) ?? '', name);
      selfMetrics.configReloads.inc({ result: 'success' });
      logger.info({ config: config.file, devices: config.devices.length, ...diff }, 'config reloaded');
      return { ok: true, devices: config.devices.length, ...diff };
    };
    // One reload at a time; a second request waits for the first and then reloads again.
    const reload = (): Promise<ReloadOutcome> => {
      const run = (reloading ?? Promise.resolve()).catch(() => undefined).then(doReload);
      reloading = run;
      return run;
    };

    let http: HttpServerHandle | undefined;
    if (listen !== undefined) {
      // Device series come from the processes that schedule; a worker's /metrics is about itself.
      if (roles.includes('http')) registerDeviceMetrics(registry, store);
      const app = createHttpApp({
        logger,
        registry,
        store,
        config: () => config,
        beforeScrape: () => refreshQueueMetrics(selfMetrics, queue),
        readiness: async (): Promise<Readiness> => {
          const reachable = await queue.ping().catch(() => false);
          const checks: Readiness['checks'] = { queue: reachable ? { ok: true } : { ok: false, detail: `${queue.description} not reachable` } };
          if (isScheduler) checks.schedules = schedulesInPlace ? { ok: true } : { ok: false, detail: 'schedules not synced yet' };
          return { ready: Object.values(checks).every((c) => c.ok), checks };
        },
        reload,
      });
      const server = await startHttpServer(app, listen);
      http = server;
      started.push({ name: 'http', phase: 0, close: () => server.close() });
      logger.info({ url: `${server.url}/metrics` }, `metrics at ${server.url}/metrics`);
    }

    if (isWorker) {
      const lab: Closable | undefined = await parts.startLab(config, logger);
      if (lab) started.push({ name: 'lab', phase: 2, close: () => lab.close() });
    }

    if (isScheduler) {
      const report = await syncSchedules();
      logger.info({ schedules: report.added.length + report.changed.length, added: report.added.length, removed: report.removed.length }, 'schedules in place');
    }

    if (isWorker) {
      const concurrency = opts.concurrency ?? config.queue.concurrency;
      const handler = parts.createHandler({
        devices: () => config.devices,
        probes,
        store: dropResultsOfRemovedDevices(store, (name) => deviceIndex.has(name), (entry) => alerting?.onResult(entry), (entry) => forgetDevice(entry.client, entry.device)),
        logger,
        selfMetrics,
        workerId: `${hostname()}:${process.pid}`,
      });
      await queue.startWorker(handler, { concurrency });
      logger.info({ concurrency }, 'worker started');
    }

    let closing: Promise<void> | undefined;
    return {
      url: http?.url,
      queue,
      store,
      registry,
      config: () => config,
      reload,
      close: () =>
        (closing ??= (async () => {
          const t0 = Date.now();
          // A reload in flight finishes first so it cannot sync schedules into a closed queue.
          await reloading?.catch(() => undefined);
          await closeStarted();
          logger.info({ ms: Date.now() - t0 }, 'stopped');
        })()),
    };
  } catch (err) {
    await closeStarted();
    throw err;
  }
}

/** Settings read once at start-up: say so instead of silently ignoring them. */
function warnAboutRestartOnlyChanges(before: RuntimeConfig, after: RuntimeConfig, logger: Logger): void {
  const changed: string[] = [];
  if (before.queue.redis !== after.queue.redis || before.queue.prefix !== after.queue.prefix) changed.push('queue');
  if (before.queue.concurrency !== after.queue.concurrency) changed.push('queue.concurrency');
  if (before.http.listen !== after.http.listen) changed.push('http.listen');
  if (JSON.stringify(before.lab) !== JSON.stringify(after.lab)) changed.push('lab');
  if (changed.length > 0) logger.warn({ settings: changed }, 'these settings take effect only after a restart');
}

/** A run that was in flight when its device was removed must not bring the device's series back. */
function dropResultsOfRemovedDevices(
  store: ResultStore,
  configured: (device: string) => boolean,
  stored: (entry: StoredResult) => void,
  dropped: (entry: StoredResult) => void,
): ResultStore {
  return {
    put: async (entry) => {
      if (!configured(entry.device)) {
        // Its probe counted self-metrics on the way: take those series away again.
        dropped(entry);
        return;
      }
      await store.put(entry);
      stored(entry);
    },
    all: () => store.all(),
    forDevice: (device) => store.forDevice(device),
    removeDevice: (device) => store.removeDevice(device),
    // The daemon closes the real store itself.
    close: async () => undefined,
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
