/**
 * The daemon's composition and lifecycle: queue + result store, the scheduler (keeps the queue's
 * schedules equal to the config), the worker (runs probe jobs), the HTTP server, reload and an
 * orderly shutdown. Which halves run is decided by `roles` (`run` = all three). startDaemon reads
 * as the list of its steps; each step is a function below.
 */
import { hostname } from 'node:os';
import { Registry } from 'prom-client';
import type { Alerting } from '../alerts/service';
import { compileRules, metricsRulesRead } from '../alerts/rules';
import { MemoryStateStore } from '../alerts/state-store';
import { createConfigSink, createHostKeyStore, startStoreOwner, type StoreOwnerRole } from '../backup/service';
import { sameRedisTarget } from '../config/redis-target';
import { ConfigError, type ConfigProblem } from '../config/types';
import { createHttpApp, type Readiness, type ReloadOutcome } from '../http/app';
import { SUMMARY_METRICS } from '../http/status/model';
import { startHttpServer } from '../http/server';
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { Logger } from '../log';
import { SelfMetrics } from '../metrics/self';
import type { Probe, ProbeKind } from '../probes/types';
import type { JobQueue } from '../queue/types';
import { createSupplyHistory } from '../forecast/history-store';
import { DeviceMetrics } from '../results/collector';
import { withSupplyForecast } from '../results/forecasting-store';
import type { ResultStore, StoredResult } from '../results/store';
import { renderMonthlyHtml } from '../reports/render-html';
import { renderMonthlyMarkdown } from '../reports/render-md';
import { scheduleMonthly } from '../reports/schedule';
import { buildMonthlyReport, clientsOf, openConfigHistory, prometheusFor, reportsSettings } from '../reports/service';
import type { ConfigSink } from '../scheduler/config-sink';
import { planSchedules } from '../scheduler/schedules';
import { diffDevices } from './diff';
import type { DaemonParts } from './parts';
import { refreshQueueMetrics } from './self-metrics';
import { Shutdown } from './shutdown';

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
  /** The config store's owner, in the process with the scheduler role. */
  readonly configStore?: StoreOwnerRole;
  config(): RuntimeConfig;
  reload(): Promise<ReloadOutcome>;
  /** Stop taking jobs, finish or hand back running ones, close HTTP, queue, store and lab. Idempotent. */
  close(): Promise<void>;
}

/** Leaves room, within the 10 s a supervisor waits, for abandoning stuck jobs and closing connections. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 6_000;

/** Shutdown order: stop taking jobs and requests first (running jobs still need store and lab), then the store, then the lab. */
const PHASE = { intake: 0, storage: 1, lab: 2 } as const;

/** What every step shares: the options, the config in force (it changes on reload), the process's probes. */
interface DaemonContext {
  opts: DaemonOptions;
  logger: Logger;
  parts: DaemonParts;
  isScheduler: boolean;
  isWorker: boolean;
  registry: Registry;
  selfMetrics: SelfMetrics;
  probes: Map<ProbeKind, Probe>;
  current: { config: RuntimeConfig; byName: Map<string, RuntimeConfig['devices'][number]> };
  shutdown: Shutdown;
}

export async function startDaemon(opts: DaemonOptions): Promise<Daemon> {
  const ctx = createContext(opts);
  try {
    const { queue, store } = await openBackends(ctx);
    announce(ctx, queue);
    const configStore = ctx.isScheduler ? await openConfigStore(ctx) : undefined;
    if (ctx.isScheduler) startMonthlyReports(ctx, configStore);
    const alerting = ctx.isScheduler ? await startAlerting(ctx, store, configStore) : undefined;
    const schedules = scheduleKeeper(ctx, queue);
    const reload = reloader(ctx, { store, alerting, schedules });
    const url = await startHttp(ctx, { queue, store, schedules, reload, alerting, configStore });
    if (ctx.isWorker) await startLab(ctx);
    if (ctx.isScheduler) await schedules.syncAtStart();
    if (ctx.isWorker) await startWorker(ctx, { queue, store, alerting, configs: configSink(ctx, configStore) });
    return handle(ctx, { url, queue, store, reload, configStore });
  } catch (err) {
    await ctx.shutdown.closeAll();
    throw err;
  }
}

function createContext(opts: DaemonOptions): DaemonContext {
  const registry = new Registry();
  const selfMetrics = new SelfMetrics(registry, { processMetrics: true });
  const shutdown = new Shutdown(opts.logger);
  const { queue } = opts.config;
  selfMetrics.knownProbes(opts.parts.probes.kinds);
  // Pinned SSH host keys: every worker of the deployment must see the same pins.
  const hostKeys = createHostKeyStore(opts.config, opts.logger);
  const probes = opts.parts.probes.createProbes({
    logger: opts.logger,
    selfMetrics,
    hostKeys,
    redis: queue.redis ? { url: queue.redis, prefix: queue.prefix } : undefined,
  });
  shutdown.add('probes', PHASE.storage, async () => probes.forEach((p) => p.close?.()));
  shutdown.add('host keys', PHASE.storage, async () => hostKeys.close?.());
  return {
    opts,
    logger: opts.logger,
    parts: opts.parts,
    isScheduler: opts.roles.includes('scheduler'),
    isWorker: opts.roles.includes('worker'),
    registry,
    selfMetrics,
    probes,
    current: { config: opts.config, byName: indexDevices(opts.config) },
    shutdown,
  };
}

function indexDevices(config: RuntimeConfig): DaemonContext['current']['byName'] {
  return new Map(config.devices.map((d) => [d.name, d]));
}

async function openBackends(ctx: DaemonContext): Promise<{ queue: JobQueue; store: ResultStore }> {
  const { config } = ctx.current;
  const queue = await ctx.parts.createQueue(config, ctx.logger, { onSkip: (reason, probe) => ctx.selfMetrics.skippedRuns.inc({ probe, reason }) });
  ctx.shutdown.add('queue', PHASE.intake, () => queue.close(ctx.opts.closeGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS));
  // Printer results gain their supply forecast on the way in (results/forecasting-store.ts).
  const store = withSupplyForecast(await ctx.parts.createStore(config, ctx.logger, samplesRead(ctx)), createSupplyHistory(config.queue, ctx.logger), ctx.logger);
  ctx.shutdown.add('result store', PHASE.storage, () => store.close());
  return { queue, store };
}

/**
 * The metrics whose samples this process reads from all(): its alert rules' and the status
 * overview's. The same set while the rules read the same metrics, so a reload that leaves them
 * alone does not make the store decode every result again.
 */
function samplesRead(ctx: DaemonContext): () => ReadonlySet<string> {
  let last: { config: RuntimeConfig; reads: ReadonlySet<string> } | undefined;
  return () => {
    const { config } = ctx.current;
    if (last?.config === config) return last.reads;
    const reads = new Set<string>([...metricsRulesRead(compileRules(config.alerting)), ...SUMMARY_METRICS]);
    const same = last && last.reads.size === reads.size && [...reads].every((m) => last?.reads.has(m));
    last = { config, reads: same && last ? last.reads : reads };
    return last.reads;
  };
}

/** The one writer of the config store lives with the scheduler (backup/owner.ts). */
async function openConfigStore(ctx: DaemonContext): Promise<StoreOwnerRole> {
  const role = await startStoreOwner({ config: () => ctx.current.config, registry: ctx.parts.probes, logger: ctx.logger });
  ctx.shutdown.add('config store', PHASE.storage, () => role.close());
  return role;
}

/**
 * The monthly client reports, written by the scheduler role only (one writer): last month's at
 * reports.monthly.time on the 1st, and at start-up when missing. Needs reports.prometheus_url.
 */
function startMonthlyReports(ctx: DaemonContext, configStore: StoreOwnerRole | undefined): void {
  const settings = reportsSettings(ctx.current.config);
  const logger = ctx.logger.child({ component: 'monthly-reports' });
  if (!settings.monthly.enabled) return;
  if (!settings.prometheusUrl) {
    logger.info('monthly reports not scheduled: no reports.prometheus_url in the config');
    return;
  }
  const schedule = scheduleMonthly({
    dir: () => reportsSettings(ctx.current.config).dir,
    time: () => reportsSettings(ctx.current.config).monthly.time,
    clients: () => clientsOf(ctx.current.config.devices),
    logger,
    render: async (client, month) => {
      const config = ctx.current.config;
      const configs = configStore ? configStore.owner.store : await openConfigHistory(config);
      const report = await buildMonthlyReport(config, { client, month, api: prometheusFor(config), registry: ctx.parts.probes, nowMs: Date.now(), configs });
      return { html: renderMonthlyHtml(report), md: renderMonthlyMarkdown(report) };
    },
  });
  logger.info({ dir: settings.dir, time: `${settings.monthly.time} UTC on the 1st`, next: new Date(schedule.next()).toISOString() }, 'monthly reports scheduled');
  ctx.shutdown.add('monthly reports', PHASE.intake, async () => {
    schedule.stop();
    await schedule.idle();
  });
}

/** Workers hand fetched configs to the stream (Redis) or straight to this process's store owner. */
function configSink(ctx: DaemonContext, configStore: StoreOwnerRole | undefined): ConfigSink | undefined {
  const sink = createConfigSink(ctx.current.config, { logger: ctx.logger, owner: configStore?.owner });
  if (sink?.close) {
    const close = sink.close.bind(sink);
    ctx.shutdown.add('config sink', PHASE.storage, close);
  }
  if (!sink) ctx.logger.warn('no config store reachable from this worker: fetched configs are dropped (set REDIS_URL or queue.redis)');
  return sink;
}

function announce(ctx: DaemonContext, queue: JobQueue): void {
  const { config } = ctx.current;
  const roles = ctx.opts.roles;
  ctx.logger.info(
    { queue: queue.description, config: config.file, devices: config.devices.length, roles },
    `quarkpulse ${roles.join('+')}: ${queue.description} queue, config ${config.file}, ${config.devices.length} devices`,
  );
  if (ctx.isWorker && !ctx.isScheduler && queue.description === 'in-process') {
    ctx.logger.warn('worker without Redis: no scheduler can reach this process; set REDIS_URL or queue.redis to scale out');
  }
}

/** The alert evaluator, re-created on reload; memory state is handed over (file and Redis state survive by themselves). */
interface AlertingRole {
  current(): Alerting;
  restart(): Promise<void>;
}

/** One evaluator per scheduler process; with Redis, a leader lock keeps several from double-paging. */
async function startAlerting(ctx: DaemonContext, store: ResultStore, configStore: StoreOwnerRole | undefined): Promise<AlertingRole> {
  const memoryState = new MemoryStateStore();
  const create = async () => {
    const { config } = ctx.current;
    const stateStore = config.alerting.state.store === 'memory' ? memoryState : undefined;
    const next = ctx.parts.createAlerting(config, {
      logger: ctx.logger,
      selfMetrics: ctx.selfMetrics,
      store,
      probes: ctx.parts.probes,
      stateStore,
      extraSeries: configStore?.owner,
    });
    await next.start();
    return next;
  };
  let alerting = await create();
  ctx.shutdown.add('alerting', PHASE.intake, () => alerting.stop());
  return {
    current: () => alerting,
    restart: async () => {
      await alerting.stop();
      alerting = await create();
    },
  };
}

interface ScheduleKeeper {
  /** Readiness: false until the first sync (always true for a process that does not schedule). */
  inPlace(): boolean;
  /** This process writes the schedules (the leader, when several schedulers share one Redis). */
  leads(): boolean;
  sync(): Promise<void>;
  syncAtStart(): Promise<void>;
}

function scheduleKeeper(ctx: DaemonContext, queue: JobQueue): ScheduleKeeper {
  let inPlace = !ctx.isScheduler;
  const sync = async () => {
    const report = await queue.syncSchedules(planSchedules(ctx.current.config.devices, ctx.parts.probes));
    inPlace = true;
    return report;
  };
  return {
    inPlace: () => inPlace,
    leads: () => queue.isLeader(),
    sync: async () => {
      await sync();
    },
    syncAtStart: async () => {
      const report = await sync();
      if (!queue.isLeader()) {
        ctx.logger.info('another scheduler writes the schedules (leader); this one takes over if it goes away');
        return;
      }
      ctx.logger.info({ schedules: report.added.length + report.changed.length, added: report.added.length, removed: report.removed.length }, 'schedules in place');
    },
  };
}

/** Per-device self-metric series and probe memory (walk plans, v3 sessions) of a removed device. */
function forgetDevice(ctx: DaemonContext, client: string, device: string): void {
  ctx.selfMetrics.forgetDevice(client, device);
  for (const probe of ctx.probes.values()) probe.forget?.(device);
}

interface Reloader {
  reload(): Promise<ReloadOutcome>;
  /** Resolves when a reload in flight has finished. */
  idle(): Promise<void>;
}

function reloader(ctx: DaemonContext, deps: { store: ResultStore; alerting?: AlertingRole; schedules: ScheduleKeeper }): Reloader {
  const { logger, selfMetrics } = ctx;
  let reloading: Promise<ReloadOutcome> | undefined;

  const loadNext = async (): Promise<RuntimeConfig | ConfigProblem[]> => {
    const file = ctx.current.config.file;
    try {
      return await ctx.opts.loadConfig(file);
    } catch (err) {
      return err instanceof ConfigError ? err.problems : [{ file, path: '(file)', message: errorText(err) }];
    }
  };

  const doReload = async (): Promise<ReloadOutcome> => {
    const next = await loadNext();
    const before = ctx.current.config;
    if (Array.isArray(next)) {
      selfMetrics.configReloads.inc({ result: 'failure' });
      logger.error({ config: before.file, problems: next }, `config reload failed; keeping the previous config (${next.length} problems)`);
      return { ok: false, problems: next };
    }
    warnAboutRestartOnlyChanges(before, next, logger);
    const diff = diffDevices(before.devices, next.devices);
    const clientOf = new Map(before.devices.map((d) => [d.name, d.client]));
    ctx.current = { config: next, byName: indexDevices(next) };
    if (ctx.isScheduler) {
      await deps.schedules.sync();
      // Series of removed devices disappear at once rather than after going stale — by the
      // scheduler that writes the schedules only: a follower's config may not be the one in force.
      for (const name of diff.removed) {
        if (deps.schedules.leads()) await deps.store.removeDevice(name);
        deps.alerting?.current().onDeviceRemoved(name);
      }
      // Rules, overrides and devices may all have changed; the alert state carries over via its store.
      await deps.alerting?.restart();
    }
    for (const name of diff.removed) forgetDevice(ctx, clientOf.get(name) ?? '', name);
    selfMetrics.configReloads.inc({ result: 'success' });
    logger.info({ config: next.file, devices: next.devices.length, ...diff }, 'config reloaded');
    return { ok: true, devices: next.devices.length, ...diff };
  };

  return {
    // One reload at a time; a second request waits for the first and then reloads again.
    reload: () => {
      const run = (reloading ?? Promise.resolve()).catch(() => undefined).then(doReload);
      reloading = run;
      return run;
    },
    idle: async () => {
      await reloading?.catch(() => undefined);
    },
  };
}

async function startHttp(
  ctx: DaemonContext,
  deps: { queue: JobQueue; store: ResultStore; schedules: ScheduleKeeper; reload: Reloader; alerting?: AlertingRole; configStore?: StoreOwnerRole },
): Promise<string | undefined> {
  const { alerting } = deps;
  const { opts, logger } = ctx;
  const servesApi = opts.roles.includes('http');
  const listen = servesApi ? (opts.listen ?? ctx.current.config.http.listen) : opts.listen;
  if (listen === undefined) return undefined;
  // Device series come from the processes that schedule; a worker's /metrics is about itself.
  const deviceMetrics = servesApi ? new DeviceMetrics(deps.store, ctx.parts.probes, { logger, staleGauge: ctx.registry, extra: deps.configStore?.owner }) : undefined;
  if (deviceMetrics) {
    deviceMetrics.follow();
    ctx.shutdown.add('device metrics', PHASE.intake, async () => deviceMetrics.close());
  }
  const app = createHttpApp({
    logger,
    registry: ctx.registry,
    store: deps.store,
    deviceMetrics,
    probes: ctx.parts.probes,
    config: () => ctx.current.config,
    beforeScrape: () => refreshQueueMetrics(ctx.selfMetrics, deps.queue, ctx.isScheduler),
    readiness: async (): Promise<Readiness> => {
      const reachable = await deps.queue.ping().catch(() => false);
      const checks: Readiness['checks'] = { queue: reachable ? { ok: true } : { ok: false, detail: `${deps.queue.description} not reachable` } };
      if (ctx.isScheduler) checks.schedules = deps.schedules.inPlace() ? { ok: true } : { ok: false, detail: 'schedules not synced yet' };
      return { ready: Object.values(checks).every((c) => c.ok), checks };
    },
    reload: deps.reload.reload,
    alerts: alerting ? () => alerting.current().alerts() : undefined,
    lastConfigChange: deps.configStore && lastConfigChange(deps.configStore.owner),
    reports: {
      config: () => ctx.current.config,
      configHistory: async () => (deps.configStore ? deps.configStore.owner.store : openConfigHistory(ctx.current.config)),
      dir: () => reportsSettings(ctx.current.config).dir,
    },
    configs: deps.configStore && {
      owner: deps.configStore.owner,
      reportDir: () => ctx.current.config.backup.weeklyReport.dir,
      nextReportAt: deps.configStore.nextReportAt,
    },
  });
  const server = await startHttpServer(app, listen);
  ctx.shutdown.add('http', PHASE.intake, () => server.close());
  logger.info({ url: `${server.url}/metrics` }, `metrics at ${server.url}/metrics`);
  return server.url;
}

/** The status page's "last config change": when the newest version was stored, and whether it is the approved one. */
function lastConfigChange(owner: StoreOwnerRole['owner']): (device: string) => Promise<{ atMs: number; approved: boolean } | undefined> {
  return async (device) => {
    const s = owner.status(device);
    if (!s || s.lastChangeMs === undefined) return undefined;
    return { atMs: s.lastChangeMs, approved: !s.drift };
  };
}

async function startLab(ctx: DaemonContext): Promise<void> {
  const lab = await ctx.parts.startLab(ctx.current.config, ctx.logger);
  if (lab) ctx.shutdown.add('lab', PHASE.lab, () => lab.close());
}

async function startWorker(ctx: DaemonContext, deps: { queue: JobQueue; store: ResultStore; alerting?: AlertingRole; configs?: ConfigSink }): Promise<void> {
  const concurrency = ctx.opts.concurrency ?? ctx.current.config.queue.concurrency;
  const handler = ctx.parts.createHandler({
    devices: () => ctx.current.config.devices,
    registry: ctx.parts.probes,
    probes: ctx.probes,
    store: dropResultsOfRemovedDevices(
      deps.store,
      (name) => ctx.current.byName.has(name),
      (entry) => deps.alerting?.current().onResult(entry),
      (entry) => forgetDevice(ctx, entry.client, entry.device),
    ),
    configs: deps.configs,
    logger: ctx.logger,
    selfMetrics: ctx.selfMetrics,
    workerId: `${hostname()}:${process.pid}`,
  });
  await deps.queue.startWorker(handler, { concurrency, groupShare: ctx.current.config.queue.clientShare });
  ctx.logger.info({ concurrency }, 'worker started');
}

function handle(ctx: DaemonContext, deps: { url?: string; queue: JobQueue; store: ResultStore; reload: Reloader; configStore?: StoreOwnerRole }): Daemon {
  let closing: Promise<void> | undefined;
  return {
    url: deps.url,
    queue: deps.queue,
    store: deps.store,
    configStore: deps.configStore,
    registry: ctx.registry,
    config: () => ctx.current.config,
    reload: deps.reload.reload,
    close: () =>
      (closing ??= (async () => {
        const t0 = Date.now();
        // A reload in flight finishes first so it cannot sync schedules into a closed queue.
        await deps.reload.idle();
        await ctx.shutdown.closeAll();
        ctx.logger.info({ ms: Date.now() - t0 }, 'stopped');
      })()),
  };
}

/** Settings read once at start-up: say so instead of silently ignoring them. */
function warnAboutRestartOnlyChanges(before: RuntimeConfig, after: RuntimeConfig, logger: Logger): void {
  const changed: string[] = [];
  if (!sameRedisTarget(before.queue.redis, after.queue.redis) || before.queue.prefix !== after.queue.prefix) changed.push('queue');
  if (before.queue.concurrency !== after.queue.concurrency) changed.push('queue.concurrency');
  if (before.queue.leaderTtlMs !== after.queue.leaderTtlMs) changed.push('queue.leader_ttl');
  if (before.http.listen !== after.http.listen) changed.push('http.listen');
  if (JSON.stringify(before.lab) !== JSON.stringify(after.lab)) changed.push('lab');
  if (before.backup.dir !== after.backup.dir) changed.push('backup.dir');
  if (JSON.stringify(before.backup.weeklyReport) !== JSON.stringify(after.backup.weeklyReport)) changed.push('backup.weekly_report');
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
    rendered: () => store.rendered(),
    forDevice: (device) => store.forDevice(device),
    removeDevice: (device) => store.removeDevice(device),
    // The daemon closes the real store itself.
    close: async () => undefined,
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
