/**
 * Pure: devices → the repeating probe schedules the queue runs. One schedule per device and
 * configured probe kind, each with a stable id and a stable phase (offset) within its interval,
 * so 1,000 devices on a 60 s interval arrive at ~17 per second instead of 1,000 at :00 — and
 * keep the same phase across restarts and config reloads.
 */
import type { DeviceTarget } from '../inventory/types';
import type { ProbeRegistry } from '../probes/registry';
import type { ProbeKind } from '../probes/types';
import type { Schedule } from '../queue/types';

export function scheduleId(device: string, probe: ProbeKind): string {
  return `${device}:${probe}`;
}

/** FNV-1a (32 bit): stable across processes and Node versions, unlike anything seeded. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Phases snap to steps of a twelfth of the interval (whole seconds, at least one). Runs still
 * spread over the interval (1,000 devices on 60 s: ~83 every 5 s, never 1,000 at :00), but the
 * runs sharing a step fall due together, so a worker wakes once per step and takes them in one
 * burst, instead of waking — and paying Redis round trips from an idle event loop — for every
 * single job. That halves the queue's share of a poll's CPU (bench/scale.ts, README "Performance").
 */
export const PHASES_PER_INTERVAL = 12;
const SECOND_MS = 1_000;

export function phaseStepMs(everyMs: number): number {
  return Math.max(SECOND_MS, Math.floor(everyMs / PHASES_PER_INTERVAL / SECOND_MS) * SECOND_MS);
}

export function stableOffsetMs(id: string, everyMs: number): number {
  const step = phaseStepMs(everyMs);
  const steps = Math.floor(everyMs / step);
  // Intervals under two steps keep millisecond phases: snapping would put them all at 0.
  if (steps < 2) return fnv1a(id) % everyMs;
  return (fnv1a(id) % steps) * step;
}

/** One schedule per device and configured probe kind, timed by the registry. */
export function planSchedules(devices: readonly DeviceTarget[], registry: ProbeRegistry): Schedule[] {
  const out: Schedule[] = [];
  for (const target of devices) {
    for (const probe of registry.configuredKinds(target)) {
      const everyMs = registry.intervalMs(target, probe);
      const id = scheduleId(target.name, probe);
      // The client is the group a worker shares its slots fairly between (queue/fair.ts).
      out.push({ id, device: target.name, probe, everyMs, offsetMs: stableOffsetMs(id, everyMs), timeoutMs: registry.deadlineMs(target, probe), group: target.client });
    }
  }
  return out;
}
