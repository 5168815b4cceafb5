/**
 * Availability from `quarkpulse_device_up`, sample-based at the report's step. The query asks
 * Prometheus for `min_over_time(up[step))` at every step end t, so each point covers (t-step, t]:
 * 1 = every sample in that step said up, 0 = at least one said down (the whole step counts as
 * down: a conservative reading), no point = no sample in that step ("no data", neither up nor
 * down). Availability = up steps / (up + down steps). An outage is a run of consecutive down
 * steps: it starts at the beginning of its first step and ends at the end of its last.
 */
import type { Series } from './prometheus';

export interface Outage {
  device: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** Still down at the end of the period. */
  ongoing: boolean;
}

export interface DeviceAvailability {
  device: string;
  kind: string;
  upSteps: number;
  downSteps: number;
  noDataSteps: number;
  /** up / (up + down); undefined when the device has no data at all. */
  ratio?: number;
  outages: Outage[];
}

export interface AvailabilityWindow {
  /** The first step end (period start + step). */
  firstMs: number;
  /** The last step end (period end). */
  lastMs: number;
  stepMs: number;
}

/** Pure: the number of steps in the window. */
export function stepCount(w: AvailabilityWindow): number {
  return Math.floor((w.lastMs - w.firstMs) / w.stepMs) + 1;
}

/** Pure: one device's figures from its points (several series of one device are merged: down wins). */
export function deviceAvailability(device: string, kind: string, series: readonly Series[], w: AvailabilityWindow): DeviceAvailability {
  const byTime = new Map<number, number>();
  for (const s of series) {
    for (const [t, v] of s.points) {
      if (t < w.firstMs || t > w.lastMs || Number.isNaN(v)) continue;
      byTime.set(t, Math.min(byTime.get(t) ?? Infinity, v));
    }
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  let up = 0;
  let down = 0;
  const outages: Outage[] = [];
  let open: { startMs: number; lastMs: number } | undefined;
  const close = () => {
    if (!open) return;
    const endMs = open.lastMs;
    outages.push({ device, startMs: open.startMs, endMs, durationMs: endMs - open.startMs, ongoing: endMs >= w.lastMs });
    open = undefined;
  };
  for (const t of times) {
    const isUp = (byTime.get(t) as number) >= 1;
    if (isUp) {
      up++;
      close();
      continue;
    }
    down++;
    // A gap (no data) between two down steps ends the outage: nothing is known about the gap.
    if (open && t - open.lastMs > w.stepMs) close();
    if (open) open.lastMs = t;
    else open = { startMs: t - w.stepMs, lastMs: t };
  }
  close();
  const total = stepCount(w);
  return { device, kind, upSteps: up, downSteps: down, noDataSteps: total - up - down, ...(up + down > 0 ? { ratio: up / (up + down) } : {}), outages };
}

/** Pure: overall availability = all up steps / all up and down steps of the client's devices. */
export function overallAvailability(devices: readonly DeviceAvailability[]): number | undefined {
  let up = 0;
  let known = 0;
  for (const d of devices) {
    up += d.upSteps;
    known += d.upSteps + d.downSteps;
  }
  return known > 0 ? up / known : undefined;
}

/** Pure: series grouped by their `device` label. */
export function byDevice(series: readonly Series[]): Map<string, Series[]> {
  const out = new Map<string, Series[]>();
  for (const s of series) {
    const d = s.labels.device;
    if (d === undefined) continue;
    const list = out.get(d);
    if (list) list.push(s);
    else out.set(d, [s]);
  }
  return out;
}
