/**
 * The one availability rule. Metrics (quarkpulse_device_up, quarkpulse_probe_success), the alert
 * engine and the device API all call deviceStatus, so they can never disagree.
 *
 * - A result counts while it is fresh (younger than 3 of its intervals); a stale one is as if the
 *   probe never ran.
 * - A device is up when a fresh result of a reachability kind (the registry's
 *   countsForAvailability) succeeded, down when it has fresh reachability results and none
 *   succeeded, and unknown (null) when it has none: a config backup that succeeded days ago
 *   cannot hold a dead device up.
 */
import type { ProbeRegistry } from '../probes/registry';
import type { ProbeKind } from '../probes/types';
import { isStale, type StoredResult } from './store';

export interface DeviceStatus {
  /** null: no fresh result of a kind that counts for availability. */
  up: boolean | null;
  /** The fresh results, one per probe kind (the newest when a store returns several). */
  fresh: Map<ProbeKind, StoredResult>;
}

export function deviceStatus(results: Iterable<StoredResult>, nowMs: number, registry: Pick<ProbeRegistry, 'countsForAvailability'>): DeviceStatus {
  const fresh = new Map<ProbeKind, StoredResult>();
  for (const entry of results) {
    if (isStale(entry, nowMs)) continue;
    const seen = fresh.get(entry.probe);
    if (!seen || seen.finishedAtMs <= entry.finishedAtMs) fresh.set(entry.probe, entry);
  }
  let up: boolean | null = null;
  for (const [kind, entry] of fresh) {
    if (!registry.countsForAvailability(kind)) continue;
    up = up === true || entry.result.success;
  }
  return { up, fresh };
}

/** Groups store entries by device, in the order devices first appear. */
export function byDevice(entries: readonly StoredResult[]): Map<string, StoredResult[]> {
  const out = new Map<string, StoredResult[]>();
  for (const entry of entries) {
    const list = out.get(entry.device);
    if (list) list.push(entry);
    else out.set(entry.device, [entry]);
  }
  return out;
}
