/**
 * Applies an inventory to the queue: plan the schedules, make the queue hold exactly those, and
 * forget the stored results of devices that left, so their series disappear at once instead of
 * going stale. Run at start-up and on every config reload (by `run` and `scheduler`).
 */
import type { DeviceTarget } from '../inventory/types';
import type { ResultStore } from '../metrics/store';
import type { JobQueue, SyncReport } from '../queue/types';
import { planSchedules } from './plan';

export async function syncInventory(queue: JobQueue, store: ResultStore | undefined, devices: readonly DeviceTarget[]): Promise<SyncReport> {
  const report = await queue.syncSchedules(planSchedules(devices));
  if (store) {
    const present = new Set(devices.map((d) => d.name));
    const stored = new Set((await store.all()).map((r) => r.device));
    for (const device of stored) if (!present.has(device)) await store.removeDevice(device);
  }
  return report;
}
