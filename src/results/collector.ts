import { Counter, Gauge, type Registry } from 'prom-client';
import { DEVICE_METRICS, type DeviceMetricName } from '../metrics/names';
import type { ProbeRegistry } from '../probes/registry';
import { byDevice, deviceStatus } from './availability';
import type { DeviceSeriesSource } from './device-series';
import type { ResultStore, StoredResult } from './store';

type AnyMetric = Gauge<string> | Counter<string>;

/**
 * Registers every contract metric on `registry` and fills them at scrape time from the result
 * store (and `extra`, e.g. the config store's status): one read of the store per scrape, shared by
 * all metrics of that scrape.
 */
export function registerDeviceMetrics(
  registry: Registry,
  store: ResultStore,
  probes: ProbeRegistry,
  now: () => number = Date.now,
  extra?: DeviceSeriesSource,
): void {
  let pending: Promise<Map<DeviceMetricName, Array<[Record<string, string>, number]>>> | undefined;

  const snapshot = () => {
    if (!pending) {
      pending = store.all().then((entries) => groupSamples(entries, now(), probes, extra));
      // All collectors of one scrape run in the same turn of the event loop chain; drop the cache after it.
      setImmediate(() => {
        pending = undefined;
      });
    }
    return pending;
  };

  for (const [name, def] of Object.entries(DEVICE_METRICS) as Array<[DeviceMetricName, (typeof DEVICE_METRICS)[DeviceMetricName]]>) {
    const labelNames = ['client', 'device', 'site', ...def.labels];
    const collect = async function (this: AnyMetric) {
      const groups = await snapshot();
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
