import { Counter, Gauge, type Registry } from 'prom-client';
import { DEVICE_METRICS, type DeviceMetricName } from './names';
import { isStale, type ResultStore, type StoredResult } from './store';

type AnyMetric = Gauge<string> | Counter<string>;

/**
 * Registers every contract metric on `registry` and fills them at scrape time from the result
 * store: one read of the store per scrape, shared by all metrics of that scrape.
 */
export function registerDeviceMetrics(registry: Registry, store: ResultStore, now: () => number = Date.now): void {
  let pending: Promise<Map<DeviceMetricName, Array<[Record<string, string>, number]>>> | undefined;

  const snapshot = () => {
    if (!pending) {
      pending = store.all().then((entries) => groupSamples(entries, now()));
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

/** Fresh results → samples per metric, with the device labels added and `device_up` derived. */
export function groupSamples(entries: StoredResult[], nowMs: number): Map<DeviceMetricName, Array<[Record<string, string>, number]>> {
  const groups = new Map<DeviceMetricName, Array<[Record<string, string>, number]>>();
  const add = (name: DeviceMetricName, labels: Record<string, string>, value: number) => {
    let list = groups.get(name);
    if (!list) groups.set(name, (list = []));
    list.push([labels, value]);
  };
  const up = new Map<string, { labels: Record<string, string>; up: boolean }>();
  for (const entry of entries) {
    if (isStale(entry, nowMs)) continue;
    const deviceLabels: Record<string, string> = { client: entry.client, device: entry.device };
    if (entry.site) deviceLabels.site = entry.site;
    const r = entry.result;
    add('quarkpulse_probe_success', { ...deviceLabels, probe: r.probe }, r.success ? 1 : 0);
    add('quarkpulse_probe_duration_seconds', { ...deviceLabels, probe: r.probe }, r.durationSeconds);
    for (const s of r.samples) add(s.name, { ...deviceLabels, ...s.labels }, s.value);
    const seen = up.get(entry.device);
    if (!seen) up.set(entry.device, { labels: { ...deviceLabels, kind: entry.kind }, up: r.success });
    else seen.up ||= r.success;
  }
  for (const { labels, up: isUp } of up.values()) add('quarkpulse_device_up', labels, isUp ? 1 : 0);
  return groups;
}
