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
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { DeviceTarget } from '../inventory/types';
import type { Logger } from '../log';
import type { SelfMetrics } from '../metrics/self';
import type { ResultStore, StoredResult } from '../metrics/store';
import type { ProbeKind } from '../probes/types';
import { AlertmanagerClient } from './alertmanager';
import {
  emptyState,
  evaluateDevice,
  markNotified,
  pruneResolved,
  removeDevice,
  snapshotDevice,
  type AlertRecord,
  type EngineState,
  type Transition,
} from './engine';
import { deliverableAlerts, toOutgoing, type OutgoingAlert } from './payload';
import { compileRules, type CompiledRule } from './rules';
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

export function chooseStateStore(config: RuntimeConfig): AlertStateStore {
  const { store, file } = config.alerting.state;
  const lockTtlMs = Math.max(30_000, 3 * durationMs(config.alerting.evaluation.interval));
  if (store === 'memory') return new MemoryStateStore();
  if (store === 'redis' || (store === 'auto' && config.queue.redis)) {
    if (!config.queue.redis) throw new Error('alerting.state.store is redis but no Redis is configured (queue.redis or REDIS_URL)');
    return new RedisStateStore(config.queue.redis, config.queue.prefix, lockTtlMs);
  }
  // Relative paths count from the working directory, like backup.dir.
  return new FileStateStore(path.resolve(file));
}

export function createAlerting(config: RuntimeConfig, deps: AlertingDeps): Alerting {
  const logger = deps.logger.child({ component: 'alerting' });
  const now = deps.now ?? Date.now;
  const alerting = config.alerting;
  const rules: CompiledRule[] = compileRules(alerting);
  const targets = new Map<string, DeviceTarget>(config.devices.map((d) => [d.name, d]));
  const resendMs = durationMs(alerting.resend_interval);
  const intervalMs = durationMs(alerting.evaluation.interval);
  const retentionMs = durationMs(alerting.evaluation.resolved_retention);
  const stateStore = deps.stateStore ?? chooseStateStore(config);
  const client = new AlertmanagerClient({
    urls: alerting.alertmanagers,
    logger,
    selfMetrics: deps.selfMetrics,
    now,
    timeoutMs: durationMs(alerting.delivery.timeout),
    retryInitialMs: durationMs(alerting.delivery.retry_initial),
    retryMaxMs: durationMs(alerting.delivery.retry_max),
    // Like Prometheus: Alertmanager resolves an alert by itself if we stop re-sending it.
    validForMs: 4 * Math.max(resendMs, intervalMs),
  });

  let state: EngineState = emptyState();
  let leader = false;
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  /** Results seen through onResult, per device and probe (used without a shared store). */
  const latest = new Map<string, Map<ProbeKind, StoredResult>>();
  /** What was last queued per alert and when, to re-send at resend_interval and on change. */
  const queued = new Map<string, { key: string; atMs: number }>();
  let chain: Promise<void> = Promise.resolve();
  let saving: Promise<void> | undefined;
  let saveAgain = false;
  let deliveries: Promise<void> = Promise.resolve();

  const enqueueWork = (work: () => Promise<void> | void) => {
    chain = chain.then(work).catch((err: unknown) => {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'alert evaluation failed');
    });
  };

  const logTransitions = (transitions: Transition[]) => {
    for (const t of transitions) {
      const fields = { device: t.device, client: t.labels.client, alertname: t.rule, fingerprint: t.fingerprint, from: t.from, to: t.to, value: t.value, held: t.held };
      if (t.to === 'firing' || t.to === 'resolved') logger.info(fields, `alert ${t.to}`);
      else logger.debug(fields, `alert ${t.to}`);
    }
  };

  const persist = () => {
    if (saving) {
      saveAgain = true;
      return;
    }
    saving = stateStore
      .save(state)
      .catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err), store: stateStore.description }, 'saving alert state failed'))
      .finally(() => {
        saving = undefined;
        if (saveAgain) {
          saveAgain = false;
          persist();
        }
      });
  };

  /** Queue what Alertmanager must hear now; kick delivery without waiting for it. */
  const deliver = () => {
    const nowMs = now();
    const out: OutgoingAlert[] = [];
    const live = new Set<string>();
    for (const a of deliverableAlerts(state)) {
      live.add(a.fingerprint);
      const o = toOutgoing(a, state, config.http.externalUrl);
      const key = JSON.stringify([o.labels, o.annotations, o.startsAtMs, o.endsAtMs]);
      const last = queued.get(a.fingerprint);
      if (last && last.key === key && nowMs - last.atMs < resendMs) continue;
      queued.set(a.fingerprint, { key, atMs: nowMs });
      out.push(o);
    }
    for (const fp of queued.keys()) if (!live.has(fp)) queued.delete(fp);
    if (out.length === 0) return;
    const firing = out.filter((o) => o.endsAtMs === undefined).map((o) => o.fingerprint);
    if (firing.length > 0) state = markNotified(state, firing);
    client.enqueue(out);
    deliveries = client.flush();
  };

  const applyTransitions = (next: { state: EngineState; transitions: Transition[] }) => {
    state = next.state;
    logTransitions(next.transitions);
  };

  const evaluate = (device: string, results: readonly StoredResult[]) => {
    const target = targets.get(device);
    const snapshot = snapshotDevice(results, now(), target && { client: target.client, site: target.site, device });
    if (!snapshot) return;
    applyTransitions(
      evaluateDevice(state, snapshot, { rules, overrides: alerting.overrides, maintenance: alerting.maintenance, nowMs: now(), target }),
    );
  };

  const afterEvaluation = (before: EngineState) => {
    deliver();
    if (state !== before) persist();
  };

  const evaluateAll = async () => {
    const before = state;
    let byDevice: Map<string, StoredResult[]>;
    if (deps.store) {
      byDevice = new Map();
      for (const r of await deps.store.all()) {
        const list = byDevice.get(r.device);
        if (list) list.push(r);
        else byDevice.set(r.device, [r]);
      }
    } else {
      byDevice = new Map([...latest].map(([d, m]) => [d, [...m.values()]]));
    }
    for (const [device, results] of byDevice) evaluate(device, results);
    state = pruneResolved(state, now(), retentionMs);
    afterEvaluation(before);
  };

  const refreshLeadership = async () => {
    let lead = false;
    try {
      lead = await stateStore.lead();
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err), store: stateStore.description }, 'alert leader check failed');
    }
    if (lead && !leader) {
      // Taking over (start-up or another process died): continue from the shared state.
      state = await stateStore.load().catch((err: unknown) => {
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'loading alert state failed; starting empty');
        return state;
      });
      queued.clear();
      logger.info({ store: stateStore.description, alerts: Object.keys(state.alerts).length }, 'alert evaluator active');
    } else if (!lead && leader) {
      logger.info({ store: stateStore.description }, 'another process evaluates alerts now');
    }
    leader = lead;
  };

  const tick = async () => {
    enqueueWork(async () => {
      await refreshLeadership();
      if (leader) await evaluateAll();
    });
    await chain;
    await deliveries;
  };

  return {
    onResult(entry) {
      let probes = latest.get(entry.device);
      if (!probes) latest.set(entry.device, (probes = new Map()));
      const previous = probes.get(entry.probe);
      if (!previous || previous.finishedAtMs <= entry.finishedAtMs) probes.set(entry.probe, entry);
      if (!started) return;
      enqueueWork(async () => {
        if (!leader) return;
        const before = state;
        const results = deps.store ? await deps.store.forDevice(entry.device) : [...(latest.get(entry.device)?.values() ?? [])];
        evaluate(entry.device, results.length > 0 ? results : [entry]);
        afterEvaluation(before);
      });
    },

    onDeviceRemoved(device) {
      latest.delete(device);
      targets.delete(device);
      enqueueWork(() => {
        if (!leader) return;
        const before = state;
        applyTransitions(removeDevice(state, device, now()));
        afterEvaluation(before);
      });
    },

    async start() {
      if (started) return;
      started = true;
      await refreshLeadership();
      logger.info(
        { alertmanagers: alerting.alertmanagers, rules: rules.length, store: stateStore.description, leader },
        alerting.alertmanagers.length > 0 ? 'alerting started' : 'alerting started without alertmanagers (alerts are evaluated, not sent)',
      );
      timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
      // Firing alerts from before the restart go out again at once (Alertmanager dedupes).
      if (leader) enqueueWork(() => deliver());
    },

    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      started = false;
      await chain;
      await deliveries;
      await client.close();
      // A follower must not overwrite the leader's state.
      if (leader) persist();
      while (saving) await saving;
      await stateStore.close();
    },

    alerts() {
      return Object.values(state.alerts);
    },

    tick,

    async settle() {
      await chain;
      await deliveries;
    },
  };
}
