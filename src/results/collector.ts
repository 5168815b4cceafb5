import { Counter, Gauge, type Registry } from 'prom-client';
import { DEVICE_METRICS, type DeviceMetricName } from '../metrics/names';
import type { ProbeRegistry } from '../probes/registry';
import { byDevice, deviceStatus } from './availability';
import type { Logger } from '../log';
import { withTimeout } from '../util/timeout';
import type { DeviceSeriesSource } from './device-series';
import type { ResultStore, StoredResult } from './store';

export const RESULTS_STALE_METRIC = 'quarkpulse_results_stale_seconds';

type AnyMetric = Gauge<string> | Counter<string>;

/** A scrape waits at most this long for the store; Prometheus' own scrape timeout is 10 s by default. */
export const STORE_READ_TIMEOUT_MS = 1_000;

export interface DeviceMetricsOptions {
  now?: () => number;
  /** Told once when the store stops answering and once when it answers again. */
  logger?: Logger;
  /** Register quarkpulse_results_stale_seconds (the daemon does; `poll --once` reads a store in memory). */
  staleGauge?: boolean;
  /** Series that do not come from a probe result (the config store's status). */
  extra?: DeviceSeriesSource;
}

/**
 * Registers every contract metric on `registry` and fills them at scrape time from the result
 * store (and `options.extra`, e.g. the config store's status): one read of the store per scrape,
 * shared by all metrics of that scrape.
 *
 * While the store cannot be read (Redis down or restarting) a scrape answers at once with the last
 * results it did read, judged as of that read (so devices neither vanish nor all turn down at once:
 * no false page storm), and `quarkpulse_results_stale_seconds` says how old they are (0 when fresh).
 */
export function registerDeviceMetrics(registry: Registry, store: ResultStore, probes: ProbeRegistry, options: DeviceMetricsOptions | (() => number) = {}): void {
  const opts = typeof options === 'function' ? { now: options } : options;
  const now = opts.now ?? Date.now;
  let pending: Promise<{ groups: Map<DeviceMetricName, Array<[Record<string, string>, number]>>; staleSeconds: number }> | undefined;
  let lastRead: { entries: StoredResult[]; atMs: number } | undefined;
  let failing = false;

  const read = async (): Promise<{ entries: StoredResult[]; atMs: number; staleSeconds: number }> => {
    try {
      const entries = await withTimeout(store.all(), STORE_READ_TIMEOUT_MS, 'result store read');
      if (failing) opts.logger?.info('result store readable again; /metrics serves current results');
      failing = false;
      lastRead = { entries, atMs: now() };
      return { ...lastRead, staleSeconds: 0 };
    } catch (err) {
      if (!failing) {
        opts.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'result store unreadable; /metrics serves the last results read (see quarkpulse_results_stale_seconds)');
      }
      failing = true;
      const last = lastRead ?? { entries: [], atMs: now() };
      return { ...last, staleSeconds: (now() - last.atMs) / 1000 };
    }
  };

  const snapshot = () => {
    if (!pending) {
      pending = read().then(({ entries, atMs, staleSeconds }) => ({ groups: groupSamples(entries, atMs, probes, opts.extra), staleSeconds }));
      // All collectors of one scrape run in the same turn of the event loop chain; drop the cache after it.
      setImmediate(() => {
        pending = undefined;
      });
    }
    return pending;
  };

  if (opts.staleGauge) {
    new Gauge({
      name: RESULTS_STALE_METRIC,
      help: 'Seconds since the results served here were read from the result store: 0 normally; grows while the store (Redis) cannot be read and the last results are served instead.',
      registers: [registry],
      async collect() {
        this.set((await snapshot()).staleSeconds);
      },
    });
  }

  for (const [name, def] of Object.entries(DEVICE_METRICS) as Array<[DeviceMetricName, (typeof DEVICE_METRICS)[DeviceMetricName]]>) {
    const labelNames = ['client', 'device', 'site', ...def.labels];
    const collect = async function (this: AnyMetric) {
      const { groups } = await snapshot();
      this.reset();
      for (const [labels, value] of groups.get(name) ?? []) {
        if (this instanceof Gauge) this.set(labels, value);
        else if (value >= 0) (this as Counter<string>).inc(labels, value);
      }
    };
    const metric: AnyMetric =
      def.type === 'counter'
        ? new Counter({ name, help: def.help, labelNames, registers: [registry], collect })
        : new Gauge({ name, help: def.help, labelNames, registers: [registry], collect });
    void metric;
  }
}

/** Fresh results → samples per metric, with the device labels added and `device_up` derived (availability.ts). */
export function groupSamples(
  entries: StoredResult[],
  nowMs: number,
  probes: Pick<ProbeRegistry, 'countsForAvailability'>,
  extra?: DeviceSeriesSource,
): Map<DeviceMetricName, Array<[Record<string, string>, number]>> {
  const groups = new Map<DeviceMetricName, Array<[Record<string, string>, number]>>();
  const add = (name: DeviceMetricName, labels: Record<string, string>, value: number) => {
    let list = groups.get(name);
    if (!list) groups.set(name, (list = []));
    list.push([labels, value]);
  };
  for (const results of byDevice(entries).values()) {
    const status = deviceStatus(results, nowMs, probes);
    let deviceLabels: Record<string, string> | undefined;
    let kind = '';
    for (const entry of status.fresh.values()) {
      if (!deviceLabels) {
        deviceLabels = { client: entry.client, device: entry.device };
        if (entry.site) deviceLabels.site = entry.site;
        kind = entry.kind;
      }
      const r = entry.result;
      add('quarkpulse_probe_success', { ...deviceLabels, probe: r.probe }, r.success ? 1 : 0);
      add('quarkpulse_probe_duration_seconds', { ...deviceLabels, probe: r.probe }, r.durationMs / 1000);
      for (const s of r.samples) if (!extra?.owns.has(s.name)) add(s.name, { ...deviceLabels, ...s.labels }, s.value);
    }
    if (deviceLabels && status.up !== null) add('quarkpulse_device_up', { ...deviceLabels, kind }, status.up ? 1 : 0);
  }
  for (const d of extra?.series() ?? []) {
    const deviceLabels: Record<string, string> = { client: d.client, device: d.device };
    if (d.site) deviceLabels.site = d.site;
    for (const s of d.samples) add(s.name, { ...deviceLabels, ...s.labels }, s.value);
  }
  return groups;
}
