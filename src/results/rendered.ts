/**
 * Results with their exposition text, rendered once when a result arrives (or is first read from
 * Redis) rather than on every scrape. A scrape then only decides, per device, which results are
 * fresh and what quarkpulse_device_up says (availability.ts, at scrape time: staleness depends on
 * the clock) and concatenates text.
 */
import type { ProbeKind } from '../probes/types';
import { deviceLabelPairs, FamilyBytes, renderSamples, type SampleLike } from './exposition';
import type { StoredResult } from './stored-result';

export interface RenderedResult {
  readonly entry: StoredResult;
  /** `client="…",device="…"[,site="…"]`: the start of every series of the device. */
  readonly devicePairs: string;
  /** Lines per device family (index = exposition.ts FAMILY_INDEX): probe_success, probe_duration_seconds and the samples. */
  readonly families: FamilyBytes;
}

/**
 * `entry` rendered. With `keep`, the entry kept beside the text holds only those metrics' samples:
 * the text has them all, and a reader that only serves /metrics, alerts and the status overview
 * need not hold every device's traffic counters as objects (forDevice reads the store itself).
 */
export function renderResult(entry: StoredResult, keep?: ReadonlySet<string>): RenderedResult {
  const devicePairs = deviceLabelPairs(entry);
  const r = entry.result;
  const own: SampleLike[] = [
    { name: 'quarkpulse_probe_success', labels: { probe: r.probe }, value: r.success ? 1 : 0 },
    { name: 'quarkpulse_probe_duration_seconds', labels: { probe: r.probe }, value: r.durationMs / 1000 },
  ];
  const families = FamilyBytes.of(renderSamples(devicePairs, [...own, ...r.samples]));
  return { entry: keep ? withSamplesOf(entry, keep) : entry, devicePairs, families };
}

function withSamplesOf(entry: StoredResult, keep: ReadonlySet<string>): StoredResult {
  return { ...entry, result: { ...entry.result, samples: entry.result.samples.filter((s) => keep.has(s.name)) } };
}

/** Every device's latest rendered result per probe kind. */
export type RenderedDevices = ReadonlyMap<string, ReadonlyMap<ProbeKind, RenderedResult>>;

/**
 * The per-process table both stores keep: device → probe → rendered result, where a late older
 * result never replaces a newer one.
 */
export class RenderedTable {
  private readonly byDevice = new Map<string, Map<ProbeKind, RenderedResult>>();

  /** `keep`: the metrics whose samples the entries keep (renderResult); undefined = all. */
  constructor(private readonly keep?: () => ReadonlySet<string> | undefined) {}

  get devices(): RenderedDevices {
    return this.byDevice;
  }

  get size(): number {
    return this.byDevice.size;
  }

  /** The current entry of a device's probe (for the newest-wins check and lastSuccessAtMs). */
  get(device: string, probe: ProbeKind): StoredResult | undefined {
    return this.byDevice.get(device)?.get(probe)?.entry;
  }

  /** Keeps `entry` unless the table holds a newer result of that device and probe; true when kept. */
  put(entry: StoredResult): boolean {
    let probes = this.byDevice.get(entry.device);
    const previous = probes?.get(entry.probe);
    if (previous && previous.entry.finishedAtMs > entry.finishedAtMs) return false;
    if (!probes) this.byDevice.set(entry.device, (probes = new Map()));
    probes.set(entry.probe, renderResult(entry, this.keep?.()));
    return true;
  }

  /** A device as the store holds it now (read back from Redis): its entries replace the table's; none = gone. */
  replace(device: string, entries: readonly StoredResult[]): void {
    if (entries.length === 0) {
      this.byDevice.delete(device);
      return;
    }
    const old = this.byDevice.get(device);
    const probes = new Map<ProbeKind, RenderedResult>();
    const keep = this.keep?.();
    for (const entry of entries) {
      // Unchanged results (another probe of the device was written) are the table's own entries
      // (the reader did not decode them again) and keep their rendered text.
      const kept = old?.get(entry.probe);
      probes.set(entry.probe, kept && kept.entry === entry ? kept : renderResult(entry, keep));
    }
    this.byDevice.set(device, probes);
  }

  remove(device: string): void {
    this.byDevice.delete(device);
  }

  clear(): void {
    this.byDevice.clear();
  }

  entries(): StoredResult[] {
    const out: StoredResult[] = [];
    for (const probes of this.byDevice.values()) for (const r of probes.values()) out.push(r.entry);
    return out;
  }

  forDevice(device: string): StoredResult[] {
    return [...(this.byDevice.get(device)?.values() ?? [])].map((r) => r.entry);
  }
}
