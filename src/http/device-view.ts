/**
 * The JSON answer of /api/devices: an explicit, safe view built field by field. Nothing here
 * spreads a DeviceTarget, so credentials (Secret communities, keys, passwords) cannot slip in
 * when someone adds a field to the target later.
 */
import type { DeviceTarget } from '../inventory/types';
import type { ProbeRegistry } from '../probes/registry';
import type { JsonValue, ProbeKind } from '../probes/types';
import { deviceStatus } from '../results/availability';
import { isStale, type StoredResult } from '../results/store';

export interface SampleView {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ProbeView {
  probe: ProbeKind;
  /** The device has this probe configured. */
  configured: boolean;
  /** Whether its success counts for `up` (reachability probes do; config backups do not). */
  countsForAvailability: boolean;
  /** Milliseconds between runs and the deadline of one run; null when not configured. */
  everyMs: number | null;
  deadlineMs: number | null;
  /** The device's settings of this kind (no secrets); null when not configured. */
  settings: JsonValue;
  /** ISO time of the last finished run, null if it never ran. */
  lastRunAt: string | null;
  /** ISO time of the last successful run the result store remembers; null: never (since the store knew the device). */
  lastSuccessAt: string | null;
  /** The last result is older than 3 intervals: it no longer counts (metrics drop it too). */
  stale: boolean;
  success: boolean | null;
  durationMs: number | null;
  error: { kind: string; message: string } | null;
  /** Which worker ran it (hostname:pid). */
  worker: string | null;
  /** SNMP only: per-module outcome. */
  modules?: Record<string, { success: boolean; error?: string }>;
  sampleCount: number;
  samples?: SampleView[];
}

export interface DeviceView {
  device: string;
  client: string;
  site: string;
  kind: string;
  address: string;
  parent: string | null;
  /** From the one availability rule (results/availability.ts): true, false, or null when nothing fresh counts. */
  up: boolean | null;
  /**
   * Configured probes that have run but never once succeeded (a wrong SNMP community from day
   * one, say): easy to miss while ping keeps the device up.
   */
  neverAnswered: ProbeKind[];
  probes: ProbeView[];
}

function probeView(registry: ProbeRegistry, target: DeviceTarget, kind: ProbeKind, configured: boolean, entry: StoredResult | undefined, nowMs: number, withSamples: boolean): ProbeView {
  const def = registry.get(kind);
  const base = {
    probe: kind,
    configured,
    countsForAvailability: registry.countsForAvailability(kind),
    everyMs: configured ? registry.intervalMs(target, kind) : null,
    deadlineMs: configured ? registry.deadlineMs(target, kind) : null,
    settings: configured && def ? def.settingsView(target) : null,
  };
  if (!entry) {
    return { ...base, lastRunAt: null, lastSuccessAt: null, stale: false, success: null, durationMs: null, error: null, worker: null, sampleCount: 0, ...(withSamples ? { samples: [] } : {}) };
  }
  const r = entry.result;
  const view: ProbeView = {
    ...base,
    lastRunAt: new Date(entry.finishedAtMs).toISOString(),
    lastSuccessAt: entry.lastSuccessAtMs === undefined ? null : new Date(entry.lastSuccessAtMs).toISOString(),
    stale: isStale(entry, nowMs),
    success: r.success,
    durationMs: r.durationMs,
    error: r.error ? { kind: String(r.error.kind), message: String(r.error.message) } : null,
    worker: entry.worker,
    sampleCount: r.samples.length,
  };
  if (r.modules) {
    view.modules = {};
    for (const [name, m] of Object.entries(r.modules)) {
      view.modules[name] = m.error === undefined ? { success: m.success } : { success: m.success, error: String(m.error) };
    }
  }
  if (withSamples) view.samples = r.samples.map((s) => ({ name: s.name, labels: { ...s.labels }, value: s.value }));
  return view;
}

export function deviceView(registry: ProbeRegistry, target: DeviceTarget, results: StoredResult[], nowMs: number, opts: { samples: boolean }): DeviceView {
  const byProbe = new Map<ProbeKind, StoredResult>();
  for (const r of results) if (r.device === target.name) byProbe.set(r.probe, r);
  const configured = registry.configuredKinds(target);
  const kinds = [...configured, ...[...byProbe.keys()].filter((k) => !configured.includes(k))];
  const probes = kinds.map((k) => probeView(registry, target, k, configured.includes(k), byProbe.get(k), nowMs, opts.samples));
  return {
    device: target.name,
    client: target.client,
    site: target.site,
    kind: target.kind,
    address: target.address,
    parent: target.parent ?? null,
    up: deviceStatus(byProbe.values(), nowMs, registry).up,
    neverAnswered: probes.filter((p) => p.configured && p.lastRunAt !== null && p.lastSuccessAt === null).map((p) => p.probe),
    probes,
  };
}
