/**
 * Printing: pages per printer marker in the period from `quarkpulse_printer_pages_total`
 * (prtMarkerLifeCount) with counters.ts semantics, and the device identity (model, replacements)
 * from `quarkpulse_device_info`: a device whose serial number changed was replaced at the time the
 * new serial was first seen.
 */
import { counterIncrease, mergePoints } from './counters';
import type { Series } from './prometheus';

export interface DeviceIdentity {
  model: string;
  /** Times (ms) a new serial number was first seen, oldest first. */
  replacedAtMs: number[];
}

export interface PrinterPages {
  device: string;
  marker: string;
  model: string;
  startCount: number;
  endCount: number;
  pages: number;
  resets: number;
  replacements: number;
}

/**
 * Pure: per device, from the instant result of `min_over_time(timestamp(info)[period:step])`:
 * each label set once, its value the time it was first seen (seconds).
 */
export function deviceIdentities(firstSeen: readonly Series[]): Map<string, DeviceIdentity> {
  const perDevice = new Map<string, Array<{ atMs: number; labels: Record<string, string> }>>();
  for (const s of firstSeen) {
    const device = s.labels.device;
    const value = s.points[0]?.[1];
    if (device === undefined || value === undefined || !Number.isFinite(value)) continue;
    const list = perDevice.get(device) ?? [];
    list.push({ atMs: Math.round(value * 1000), labels: s.labels });
    perDevice.set(device, list);
  }
  const out = new Map<string, DeviceIdentity>();
  for (const [device, list] of perDevice) {
    list.sort((a, b) => a.atMs - b.atMs);
    const replacedAtMs: number[] = [];
    for (let i = 1; i < list.length; i++) {
      const before = list[i - 1].labels.serial ?? '';
      const now = list[i].labels.serial ?? '';
      if (before !== '' && now !== '' && before !== now) replacedAtMs.push(list[i].atMs);
    }
    const newest = list[list.length - 1].labels;
    out.set(device, { model: newest.model || newest.sys_descr || '', replacedAtMs });
  }
  return out;
}

/** Pure: one row per printer and marker, sorted by device then marker. */
export function printerPages(pagesSeries: readonly Series[], identities: ReadonlyMap<string, DeviceIdentity>): PrinterPages[] {
  const groups = new Map<string, { device: string; marker: string; series: Series[] }>();
  for (const s of pagesSeries) {
    const device = s.labels.device;
    if (device === undefined) continue;
    const marker = s.labels.marker_index ?? '1';
    const key = `${device}\u0000${marker}`;
    const g = groups.get(key) ?? { device, marker, series: [] };
    g.series.push(s);
    groups.set(key, g);
  }
  const rows: PrinterPages[] = [];
  for (const g of groups.values()) {
    const identity = identities.get(g.device);
    const run = counterIncrease(mergePoints(g.series), identity?.replacedAtMs ?? []);
    if (!run) continue;
    rows.push({ device: g.device, marker: g.marker, model: identity?.model ?? '', startCount: run.startCount, endCount: run.endCount, pages: run.increase, resets: run.resets, replacements: run.replacements });
  }
  return rows.sort((a, b) => a.device.localeCompare(b.device) || Number(a.marker) - Number(b.marker) || a.marker.localeCompare(b.marker));
}
