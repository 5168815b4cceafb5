/**
 * Printing: pages per printer marker in the period from `quarkpulse_printer_pages_total`
 * (prtMarkerLifeCount) with counters.ts semantics, and the device identity (model, replacements)
 * from `quarkpulse_device_info` read at a coarse step: a device whose serial number changed was
 * replaced shortly before the new serial was first seen (within one step and Prometheus's 5-minute
 * lookback).
 */
import { counterIncrease, mergePoints, type ReplacementWindow } from './counters';
import type { Series } from './prometheus';

export interface DeviceIdentity {
  model: string;
  /** Windows in which a new serial number appeared, oldest first. */
  replaced: ReplacementWindow[];
}

/** Prometheus's default lookback: a series is seen up to 5 minutes after its last sample. */
const LOOKBACK_MS = 300_000;

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

/** Pure: per device, from the range result of `quarkpulse_device_info` at `stepMs`: each label set's first point is when it was first seen. */
export function deviceIdentities(info: readonly Series[], stepMs: number): Map<string, DeviceIdentity> {
  const perDevice = new Map<string, Array<{ atMs: number; labels: Record<string, string> }>>();
  for (const s of info) {
    const device = s.labels.device;
    const first = s.points[0]?.[0];
    if (device === undefined || first === undefined) continue;
    const list = perDevice.get(device) ?? [];
    list.push({ atMs: first, labels: s.labels });
    perDevice.set(device, list);
  }
  const out = new Map<string, DeviceIdentity>();
  for (const [device, list] of perDevice) {
    list.sort((a, b) => a.atMs - b.atMs);
    const replaced: ReplacementWindow[] = [];
    for (let i = 1; i < list.length; i++) {
      const before = list[i - 1].labels.serial ?? '';
      const now = list[i].labels.serial ?? '';
      if (before !== '' && now !== '' && before !== now) replaced.push([list[i].atMs - stepMs - LOOKBACK_MS, list[i].atMs]);
    }
    const newest = list[list.length - 1].labels;
    out.set(device, { model: newest.model || newest.sys_descr || '', replaced });
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
    const run = counterIncrease(mergePoints(g.series), identity?.replaced ?? []);
    if (!run) continue;
    rows.push({ device: g.device, marker: g.marker, model: identity?.model ?? '', startCount: run.startCount, endCount: run.endCount, pages: run.increase, resets: run.resets, replacements: run.replacements });
  }
  return rows.sort((a, b) => a.device.localeCompare(b.device) || Number(a.marker) - Number(b.marker) || a.marker.localeCompare(b.marker));
}
