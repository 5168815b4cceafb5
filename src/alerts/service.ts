/**
 * The alerting part of the daemon: keeps the latest results per device, runs the pure engine on
 * every new result and on a timer, persists the state, and hands deliverable alerts to the
 * Alertmanager client. onResult never waits for I/O: polling is never blocked by alerting.
 *
 * Several `run` processes on one Redis: the state lives in Redis and only the holder of the
 * leader lock evaluates and pages; pass `store` (the shared ResultStore) so the leader sees the
 * results of every worker, not only its own.
 */
import * as path from 'node:path';
import { durationMs } from '../config/duration';
import { settlesWithin } from '../util/timeout';
import { timerDelayMs } from '../util/timer';
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { DeviceTarget } from '../inventory/types';
import type { Logger } from '../log';
import type { SelfMetrics } from '../metrics/self';
import { builtinProbeRegistry, type ProbeRegistry } from '../probes/registry';
import { byDevice } from '../results/availability';
import type { ProbeKind } from '../probes/types';
import type { DeviceSeries, DeviceSeriesSource } from '../results/device-series';
import { STALE_AFTER_INTERVALS, type ResultStore, type StoredResult } from '../results/store';
import { AlertmanagerClient } from './alertmanager';
import {
  emptyState,
  evaluateDevices,
  markNotified,
  pruneResolved,
  removeDevice,
  snapshotDevice,
  type AlertRecord,
  type DeviceSnapshot,
  type EngineState,
  type Transition,
  withDeviceLabels,
} from './engine';
import { deliverableAlerts, heldChildren, toOutgoing, type OutgoingAlert } from './payload';
import { compileRules, metricsRulesRead, type CompiledRule } from './rules';
import { FileStateStore, MemoryStateStore, RedisStateStore, type AlertStateStore } from './state-store';

export interface AlertingDeps {
  logger: Logger;
  selfMetrics?: SelfMetrics;
  /** Clock for evaluation and alert timestamps (tests inject simulated time). */
  now?: () => number;
  /** The shared result store: evaluate from every worker's results (needed with several processes). */
  store?: ResultStore;
  /** Replaces the store chosen by alerting.state (tests). */
  stateStore?: AlertStateStore;
  /** Which probe kinds count for availability; default: the built-in kinds. */
  probes?: ProbeRegistry;
  /** Series besides the probe results (the config store's status), evaluated like them. */
  extraSeries?: DeviceSeriesSource;
}

export interface Alerting {
  onResult(entry: StoredResult): void;
  onDeviceRemoved(device: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Current alerts (pending, firing, recently resolved), for the HTTP API and tests. */
  alerts(): AlertRecord[];
  /** Evaluate every device now, then wait until delivery was attempted (tests, shutdown). */
  tick(): Promise<void>;
  /** Wait for queued evaluations and delivery attempts. */
  settle(): Promise<void>;
}

export function chooseStateStore(config: RuntimeConfig, logger?: Logger): AlertStateStore {
  const { store, file } = config.alerting.state;
  const lockTtlMs = Math.max(30_000, 3 * durationMs(config.alerting.evaluation.interval));
  if (store === 'memory') return new MemoryStateStore();
  if (store === 'redis' || (store === 'auto' && config.queue.redis)) {
    if (!config.queue.redis) throw new Error('alerting.state.store is redis but no Redis is configured (queue.redis or REDIS_URL)');
    return new RedisStateStore(config.queue.redis, config.queue.prefix, lockTtlMs, logger);
  }
  // Relative paths count from the working directory, like backup.dir.
  return new FileStateStore(path.resolve(file));
}

export function createAlerting(config: RuntimeConfig, deps: AlertingDeps): Alerting {
  return new AlertingService(config, deps);
}

/** Everything a timing setting of `alerting:` says, in milliseconds. */
function timings(alerting: RuntimeConfig['alerting']) {
  const resendMs = durationMs(alerting.resend_interval);
  const intervalMs = durationMs(alerting.evaluation.interval);
  return {
    resendMs,
    intervalMs,
    retentionMs: durationMs(alerting.evaluation.resolved_retention),
    delivery: {
      timeoutMs: durationMs(alerting.delivery.timeout),
      retryInitialMs: durationMs(alerting.delivery.retry_initial),
      retryMaxMs: durationMs(alerting.delivery.retry_max),
      // Like Prometheus: Alertmanager resolves an alert by itself if we stop re-sending it.
      validForMs: 4 * Math.max(resendMs, intervalMs),
    },
  };
}

/**
 * Saves the state without ever running two saves at once: a save requested while one runs is
 * folded into one more save afterwards (with the state as it is then).
 */
class StateSaver {
  private saving?: Promise<void>;
  private again = false;

  constructor(
    private readonly store: AlertStateStore,
    private readonly current: () => EngineState,
    private readonly logger: Logger,
  ) {}

  request(): void {
    if (this.saving) {
      this.again = true;
      return;
    }
    this.saving = this.store
      .save(this.current())
      .catch((err: unknown) => this.logger.warn({ err: errorText(err), store: this.store.description }, 'saving alert state failed'))
      .finally(() => {
        this.saving = undefined;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  }

  async idle(): Promise<void> {
    while (this.saving) await this.saving;
  }
}

/**
 * What Alertmanager must hear: new and changed alerts at once, unchanged firing ones again every
 * resend_interval; delivery runs in the background (the client retries with backoff).
 */
class Dispatcher {
  /** What was last queued per alert and when. */
  private readonly queued = new Map<string, { key: string; atMs: number }>();
  private deliveries: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: AlertmanagerClient,
    private readonly externalUrl: string,
    private readonly resendMs: number,
    private readonly now: () => number,
  ) {}

  /** Queues what is due and returns the state with those alerts marked notified. */
  dispatch(state: EngineState): EngineState {
    const nowMs = this.now();
    const out: OutgoingAlert[] = [];
    const live = new Set<string>();
    const held = heldChildren(state);
    for (const a of deliverableAlerts(state)) {
      live.add(a.fingerprint);
      const o = toOutgoing(a, state, this.externalUrl, held);
      const key = JSON.stringify([o.labels, o.annotations, o.startsAtMs, o.endsAtMs]);
      const last = this.queued.get(a.fingerprint);
      if (last && last.key === key && nowMs - last.atMs < this.resendMs) continue;
      this.queued.set(a.fingerprint, { key, atMs: nowMs });
      out.push(o);
    }
    for (const fp of this.queued.keys()) if (!live.has(fp)) this.queued.delete(fp);
    if (out.length === 0) return state;
    const firing = out.filter((o) => o.endsAtMs === undefined).map((o) => o.fingerprint);
    this.client.enqueue(out);
    this.deliveries = this.client.flush();
    return firing.length > 0 ? markNotified(state, firing) : state;
  }

  /** After a change of leader: send everything again (Alertmanager dedupes). */
  forget(): void {
    this.queued.clear();
  }

  settled(): Promise<void> {
    return this.deliveries;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

class AlertingService implements Alerting {
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly probes: ProbeRegistry;
  private readonly rules: CompiledRule[];
  /** The metrics the rules read: a snapshot holds only these. */
  private readonly reads: ReadonlySet<string>;
  private readonly targets: Map<string, DeviceTarget>;
  private readonly timing: ReturnType<typeof timings>;
  private readonly stateStore: AlertStateStore;
  private readonly saver: StateSaver;
  private readonly dispatcher: Dispatcher;
  private state: EngineState = emptyState();
  private leader = false;
  private leaderCheckFailing = false;
  private started = false;
  private timer?: NodeJS.Timeout;
  /** Results seen through onResult, per device and probe (used without a shared store). */
  private readonly latest = new Map<string, Map<ProbeKind, StoredResult>>();
  /** Evaluations run one at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  /** Devices with a result not evaluated yet (onResult), the newest result each. */
  private readonly fresh = new Map<string, StoredResult>();
  private freshQueued = false;
  /** What each device was last evaluated on: a cycle skips devices whose evaluation cannot have changed. */
  private readonly evaluatedOn = new Map<string, EvaluatedOn>();

  constructor(
    private readonly config: RuntimeConfig,
    private readonly deps: AlertingDeps,
  ) {
    this.logger = deps.logger.child({ component: 'alerting' });
    this.now = deps.now ?? Date.now;
    this.probes = deps.probes ?? builtinProbeRegistry;
    this.rules = compileRules(config.alerting);
    this.reads = metricsRulesRead(this.rules);
    this.targets = new Map(config.devices.map((d) => [d.name, d]));
    this.timing = timings(config.alerting);
    this.stateStore = deps.stateStore ?? chooseStateStore(config, this.logger);
    this.saver = new StateSaver(this.stateStore, () => this.state, this.logger);
    const client = new AlertmanagerClient({ urls: config.alerting.alertmanagers, logger: this.logger, selfMetrics: deps.selfMetrics, now: this.now, ...this.timing.delivery });
    this.dispatcher = new Dispatcher(client, config.http.externalUrl, this.timing.resendMs, this.now);
  }

  onResult(entry: StoredResult): void {
    let probes = this.latest.get(entry.device);
    if (!probes) this.latest.set(entry.device, (probes = new Map()));
    const previous = probes.get(entry.probe);
    if (!previous || previous.finishedAtMs <= entry.finishedAtMs) probes.set(entry.probe, entry);
    if (!this.started) return;
    // Results that arrive while an evaluation runs are evaluated together in the next one: one
    // pass over one copy of the state per batch, not per result (at 50 results/s, per result
    // meant copying every alert 50 times a second).
    this.fresh.set(entry.device, entry);
    if (this.freshQueued) return;
    this.freshQueued = true;
    this.enqueue(() => this.evaluateFresh());
  }

  private async evaluateFresh(): Promise<void> {
    this.freshQueued = false;
    const batch = [...this.fresh.values()];
    this.fresh.clear();
    if (!this.leader) return;
    const before = this.state;
    const extra = this.extraSeries();
    const items: { snapshot: DeviceSnapshot; target?: DeviceTarget }[] = [];
    for (const entry of batch) {
      const results = this.deps.store ? await this.deps.store.forDevice(entry.device) : [...(this.latest.get(entry.device)?.values() ?? [])];
      const used = results.length > 0 ? results : [entry];
      const nowMs = this.now();
      this.evaluatedOn.set(entry.device, evaluatedOn(used, extra.get(entry.device), nowMs));
      const item = this.snapshot(entry.device, used, extra.get(entry.device), nowMs);
      if (item) items.push(item);
    }
    const { overrides, maintenance } = this.config.alerting;
    if (items.length > 0) this.apply(evaluateDevices(this.state, items, { rules: this.rules, overrides, maintenance, nowMs: this.now() }));
    this.afterEvaluation(before);
  }

  onDeviceRemoved(device: string): void {
    this.latest.delete(device);
    this.evaluatedOn.delete(device);
    this.targets.delete(device);
    this.enqueue(() => {
      if (!this.leader) return;
      const before = this.state;
      this.apply(removeDevice(this.state, device, this.now()));
      this.afterEvaluation(before);
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.refreshLeadership();
    const { alertmanagers } = this.config.alerting;
    this.logger.info(
      { alertmanagers, rules: this.rules.length, store: this.stateStore.description, leader: this.leader },
      alertmanagers.length > 0 ? 'alerting started' : 'alerting started without alertmanagers (alerts are evaluated, not sent)',
    );
    this.timer = setInterval(() => void this.tick(), timerDelayMs(this.timing.intervalMs));
    this.timer.unref();
    // Firing alerts from before the restart go out again at once (Alertmanager dedupes).
    if (this.leader) this.enqueue(() => this.dispatch());
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.started = false;
    // Each step is bounded: with Redis or Alertmanager away, shutdown must still take seconds, not minutes.
    if (!(await settlesWithin(this.settle(), STOP_STEP_MS))) this.logger.warn('alert evaluation still running at shutdown; left behind');
    await this.dispatcher.close();
    // A follower must not overwrite the leader's state.
    if (this.leader) this.saver.request();
    if (!(await settlesWithin(this.saver.idle(), STOP_STEP_MS))) this.logger.warn({ store: this.stateStore.description }, 'alert state not saved at shutdown (store unreachable)');
    await settlesWithin(this.stateStore.close(), STOP_STEP_MS);
  }

  alerts(): AlertRecord[] {
    return Object.values(this.state.alerts);
  }

  async tick(): Promise<void> {
    this.enqueue(async () => {
      await this.refreshLeadership();
      if (this.leader) await this.evaluateAll();
    });
    await this.settle();
  }

  async settle(): Promise<void> {
    await this.chain;
    await this.dispatcher.settled();
  }

  private enqueue(work: () => Promise<void> | void): void {
    this.chain = this.chain.then(work).catch((err: unknown) => {
      this.logger.error({ err: errorText(err) }, 'alert evaluation failed');
    });
  }

  private apply(next: { state: EngineState; transitions: Transition[] }): void {
    this.state = next.state;
    for (const t of next.transitions) {
      const fields = { device: t.device, client: t.labels.client, alertname: t.rule, fingerprint: t.fingerprint, from: t.from, to: t.to, value: t.value, held: t.held };
      if (t.to === 'firing' || t.to === 'resolved') this.logger.info(fields, `alert ${t.to}`);
      else this.logger.debug(fields, `alert ${t.to}`);
    }
  }

  private dispatch(): void {
    this.state = this.dispatcher.dispatch(this.state);
  }

  /** One device's series as the engine sees them: its fresh results, plus the extra series (config store) it owns. */
  private snapshot(device: string, results: readonly StoredResult[], extra: DeviceSeries | undefined, nowMs: number): { snapshot: DeviceSnapshot; target?: DeviceTarget } | undefined {
    const target = this.targets.get(device);
    const fallback = target ? { client: target.client, site: target.site, device } : extra && { client: extra.client, site: extra.site, device };
    const snapshot = snapshotDevice(results, nowMs, this.probes, fallback, this.reads);
    if (!snapshot) return undefined;
    const source = this.deps.extraSeries;
    if (source) {
      snapshot.series = snapshot.series.filter((s) => s.source === 'derived' || !source.owns.has(s.metric));
      const deviceLabels: Record<string, string> = { client: snapshot.scope.client, device: snapshot.scope.device };
      if (snapshot.scope.site) deviceLabels.site = snapshot.scope.site;
      for (const s of extra?.samples ?? []) snapshot.series.push({ metric: s.name, labels: withDeviceLabels(deviceLabels, s.labels), value: s.value, source: 'derived' });
    }
    return { snapshot, target };
  }

  private extraSeries(): Map<string, DeviceSeries> {
    return new Map((this.deps.extraSeries?.series() ?? []).map((d) => [d.device, d]));
  }

  private afterEvaluation(before: EngineState): void {
    this.dispatch();
    if (this.state !== before) this.saver.request();
  }

  /**
   * One cycle. A device is evaluated again only when that can change something: new results (or
   * extra series), a result going stale since it was last evaluated, or an alert of its own that
   * time moves on (pending: `for`; held: maintenance, parents). Every other device
   * would come out exactly as last time, and at 10,000 devices re-evaluating all of them every
   * 15 s cost more CPU than polling them.
   */
  private async evaluateAll(): Promise<void> {
    const startedAt = process.hrtime.bigint();
    const before = this.state;
    const results = this.deps.store ? byDevice(await this.deps.store.all()) : new Map([...this.latest].map(([d, m]) => [d, [...m.values()]]));
    const extra = this.extraSeries();
    const nowMs = this.now();
    const active = devicesWithActiveAlerts(this.state);
    const { overrides, maintenance } = this.config.alerting;
    this.apply(evaluateDevices(this.state, this.due(results, extra, active, nowMs), { rules: this.rules, overrides, maintenance, nowMs }));
    for (const device of this.evaluatedOn.keys()) if (!results.has(device) && !extra.has(device)) this.evaluatedOn.delete(device);
    this.state = pruneResolved(this.state, this.now(), this.timing.retentionMs);
    this.afterEvaluation(before);
    this.deps.selfMetrics?.alertEvaluation.observe(Number(process.hrtime.bigint() - startedAt) / 1e9);
  }

  /**
   * The devices a cycle evaluates, as a generator: each snapshot is made as the engine reaches it
   * and dropped after, so a cycle of thousands of devices never holds all their snapshots at once.
   */
  private *due(
    results: ReadonlyMap<string, readonly StoredResult[]>,
    extra: ReadonlyMap<string, DeviceSeries>,
    active: ReadonlySet<string>,
    nowMs: number,
  ): Generator<{ snapshot: DeviceSnapshot; target?: DeviceTarget }> {
    const changed = (device: string, list: readonly StoredResult[], series: DeviceSeries | undefined) => {
      const on = evaluatedOn(list, series, nowMs);
      const last = this.evaluatedOn.get(device);
      if (last && !active.has(device) && last.signature === on.signature && nowMs < last.changesAtMs) return undefined;
      this.evaluatedOn.set(device, on);
      return this.snapshot(device, list, series, nowMs);
    };
    for (const [device, list] of results) {
      const item = changed(device, list, extra.get(device));
      if (item) yield item;
    }
    for (const [device, series] of extra) {
      const item = results.has(device) ? undefined : changed(device, [], series);
      if (item) yield item;
    }
  }

  private async refreshLeadership(): Promise<void> {
    let lead = false;
    try {
      lead = await this.stateStore.lead();
      if (this.leaderCheckFailing) this.logger.info({ store: this.stateStore.description }, 'alert leader check works again');
      this.leaderCheckFailing = false;
    } catch (err) {
      // Once per outage, not on every evaluation tick.
      if (!this.leaderCheckFailing) this.logger.warn({ err: errorText(err), store: this.stateStore.description }, 'alert leader check failed; not evaluating until it works');
      this.leaderCheckFailing = true;
    }
    if (lead && !this.leader) {
      // Taking over (start-up or another process died): continue from the shared state.
      this.state = await this.stateStore.load().catch((err: unknown) => {
        this.logger.warn({ err: errorText(err) }, 'loading alert state failed; starting empty');
        return this.state;
      });
      this.dispatcher.forget();
      this.evaluatedOn.clear();
      this.logger.info({ store: this.stateStore.description, alerts: Object.keys(this.state.alerts).length }, 'alert evaluator active');
    } else if (!lead && this.leader) {
      this.logger.info({ store: this.stateStore.description }, 'another process evaluates alerts now');
    }
    this.leader = lead;
  }
}

/** The inputs a device was last evaluated on, and when its results start going stale. */
interface EvaluatedOn {
  signature: string;
  changesAtMs: number;
}

function evaluatedOn(results: readonly StoredResult[], extra: DeviceSeries | undefined, nowMs: number): EvaluatedOn {
  let signature = '';
  let changesAtMs = Infinity;
  for (const r of results) {
    signature += `${r.probe}@${r.finishedAtMs};`;
    const staleAt = r.finishedAtMs + STALE_AFTER_INTERVALS * r.intervalMs;
    if (staleAt >= nowMs) changesAtMs = Math.min(changesAtMs, staleAt);
  }
  if (extra) signature += JSON.stringify(extra.samples);
  return { signature, changesAtMs };
}

/**
 * Devices with an alert that time alone moves on: pending (its `for` runs out) or firing but held
 * (its maintenance window or its parent's alert may end). A firing alert that is not held changes
 * only with new results: engine.ts decides holds when an alert fires and re-checks held ones only.
 */
function devicesWithActiveAlerts(state: EngineState): Set<string> {
  const out = new Set<string>();
  for (const a of Object.values(state.alerts)) if (a.phase === 'pending' || (a.phase === 'firing' && a.held)) out.add(a.device);
  return out;
}

/** The longest each shutdown step of the alerting may take. */
const STOP_STEP_MS = 500;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
