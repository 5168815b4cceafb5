import type { DeviceTarget } from '../inventory/types';
import type { ProbeRegistry } from '../probes/registry';
import type { ProbeKind, ProbeResult } from '../probes/types';

/** The latest result of one probe on one device, as kept by the result store. */
export interface StoredResult {
  device: string;
  client: string;
  site: string;
  kind: DeviceTarget['kind'];
  probe: ProbeKind;
  /** When the probe run finished (ms since epoch). */
  finishedAtMs: number;
  /** Milliseconds between runs of this probe on this device; drives staleness (3 intervals). */
  intervalMs: number;
  /** Which worker ran it (hostname:pid), for /api/devices and debugging. */
  worker: string;
  result: ProbeResult;
  /**
   * When this probe last succeeded on this device, as far as the store remembers (set by the
   * store, not by the writer): absent while it never has — a configured SNMP that never answered.
   */
  lastSuccessAtMs?: number;
}

/** The store entry for `result` of `target`, finished now. */
export function storedResult(
  registry: ProbeRegistry,
  target: DeviceTarget,
  result: ProbeResult,
  worker: string,
  finishedAtMs: number = Date.now(),
): StoredResult {
  return {
    device: target.name,
    client: target.client,
    site: target.site,
    kind: target.kind,
    probe: result.probe,
    finishedAtMs,
    intervalMs: registry.intervalMs(target, result.probe),
    worker,
    result,
  };
}

/**
 * Latest results of every device and probe. Whichever worker runs a probe, every `run` process
 * reads the same store: in memory without Redis, in Redis with BullMQ (results/redis-store.ts).
 */
export interface ResultStore {
  put(entry: StoredResult): Promise<void>;
  /** Every stored result (stale ones included; callers filter with isStale). */
  all(): Promise<StoredResult[]>;
  forDevice(device: string): Promise<StoredResult[]>;
  /** Forget a device (removed from the config): its series disappear at once. */
  removeDevice(device: string): Promise<void>;
  close(): Promise<void>;
}

export const STALE_AFTER_INTERVALS = 3;

export function isStale(entry: StoredResult, nowMs: number): boolean {
  return nowMs - entry.finishedAtMs > STALE_AFTER_INTERVALS * entry.intervalMs;
}

export class MemoryResultStore implements ResultStore {
  private readonly byDevice = new Map<string, Map<ProbeKind, StoredResult>>();

  async put(entry: StoredResult): Promise<void> {
    let probes = this.byDevice.get(entry.device);
    if (!probes) {
      probes = new Map();
      this.byDevice.set(entry.device, probes);
    }
    const previous = probes.get(entry.probe);
    // A slow, late result must not overwrite a newer one.
    if (previous && previous.finishedAtMs > entry.finishedAtMs) return;
    const lastSuccessAtMs = entry.result.success ? entry.finishedAtMs : previous?.lastSuccessAtMs;
    probes.set(entry.probe, lastSuccessAtMs === undefined ? entry : { ...entry, lastSuccessAtMs });
  }

  async all(): Promise<StoredResult[]> {
    const out: StoredResult[] = [];
    for (const probes of this.byDevice.values()) for (const entry of probes.values()) out.push(entry);
    return out;
  }

  async forDevice(device: string): Promise<StoredResult[]> {
    return [...(this.byDevice.get(device)?.values() ?? [])];
  }

  async removeDevice(device: string): Promise<void> {
    this.byDevice.delete(device);
  }

  async close(): Promise<void> {}
}
