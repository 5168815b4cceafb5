import type { DeviceTarget } from '../inventory/types';
import type { ProbeRegistry } from '../probes/registry';
import type { ProbeResult } from '../probes/types';
import { RenderedTable, type RenderedDevices } from './rendered';
import type { StoredResult } from './stored-result';

export type { StoredResult } from './stored-result';

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
  /**
   * Every device's latest results with their exposition text (rendered.ts), for /metrics: kept
   * per process and brought up to date on each call (a Redis store reads only the devices
   * written since the last call). Stale ones included, like all().
   */
  rendered(): Promise<RenderedDevices>;
  /** Forget a device (removed from the config): its series disappear at once. */
  removeDevice(device: string): Promise<void>;
  close(): Promise<void>;
}

export const STALE_AFTER_INTERVALS = 3;

export function isStale(entry: StoredResult, nowMs: number): boolean {
  return nowMs - entry.finishedAtMs > STALE_AFTER_INTERVALS * entry.intervalMs;
}

/** Results in this process, rendered as they are put (`poll --once`, `run` without Redis). */
export class MemoryResultStore implements ResultStore {
  private readonly table = new RenderedTable();

  async put(entry: StoredResult): Promise<void> {
    const previous = this.table.get(entry.device, entry.probe);
    // A slow, late result must not overwrite a newer one.
    if (previous && previous.finishedAtMs > entry.finishedAtMs) return;
    const lastSuccessAtMs = entry.result.success ? entry.finishedAtMs : previous?.lastSuccessAtMs;
    this.table.put(lastSuccessAtMs === undefined ? entry : { ...entry, lastSuccessAtMs });
  }

  async all(): Promise<StoredResult[]> {
    return this.table.entries();
  }

  async forDevice(device: string): Promise<StoredResult[]> {
    return this.table.forDevice(device);
  }

  async rendered(): Promise<RenderedDevices> {
    return this.table.devices;
  }

  async removeDevice(device: string): Promise<void> {
    this.table.remove(device);
  }

  async close(): Promise<void> {}
}
