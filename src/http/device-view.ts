/**
 * The JSON answer of /api/devices: an explicit, safe view built field by field. Nothing here
 * spreads a DeviceTarget, so credentials (Secret communities, keys, passwords) cannot slip in
 * when someone adds a field to the target later.
 */
import type { DeviceTarget } from '../inventory/types';
import { isStale, type StoredResult } from '../metrics/store';
import type { ProbeKind } from '../probes/types';

export interface SampleView {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ProbeView {
  probe: ProbeKind;
  /** The device has this probe configured. */
  configured: boolean;
  /** ISO time of the last finished run, null if it never ran. */
  lastRunAt: string | null;
  /** The last result is older than 3 intervals: it no longer counts (metrics drop it too). */
  stale: boolean;
  success: boolean | null;
  durationSeconds: number | null;
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
  /** Any fresh probe reached it: true; fresh results, none successful: false; nothing fresh: null. */
  up: boolean | null;
  intervals: { snmp: number; icmp: number; backup: number };
  snmp: { version: string; port: number; modules: string[] } | null;
  icmp: { count: number; timeoutMs: number } | null;
  probes: ProbeView[];
}

function configuredKinds(target: DeviceTarget): ProbeKind[] {
  const kinds: ProbeKind[] = [];
  if (target.snmp) kinds.push('snmp');
  if (target.icmp) kinds.push('icmp');
  if (target.ssh) kinds.push('ssh');
  if (target.routeros) kinds.push('routeros');
  return kinds;
}

function probeView(kind: ProbeKind, configured: boolean, entry: StoredResult | undefined, nowMs: number, withSamples: boolean): ProbeView {
  if (!entry) {
    return { probe: kind, configured, lastRunAt: null, stale: false, success: null, durationSeconds: null, error: null, worker: null, sampleCount: 0, ...(withSamples ? { samples: [] } : {}) };
  }
  const r = entry.result;
  const view: ProbeView = {
    probe: kind,
    configured,
    lastRunAt: new Date(entry.finishedAtMs).toISOString(),
    stale: isStale(entry, nowMs),
    success: r.success,
    durationSeconds: r.durationSeconds,
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

export function deviceView(target: DeviceTarget, results: StoredResult[], nowMs: number, opts: { samples: boolean }): DeviceView {
  const byProbe = new Map<ProbeKind, StoredResult>();
  for (const r of results) if (r.device === target.name) byProbe.set(r.probe, r);
  const configured = configuredKinds(target);
  const kinds = [...configured, ...[...byProbe.keys()].filter((k) => !configured.includes(k))];
  const probes = kinds.map((k) => probeView(k, configured.includes(k), byProbe.get(k), nowMs, opts.samples));
  const fresh = probes.filter((p) => p.success !== null && !p.stale);
  return {
    device: target.name,
    client: target.client,
    site: target.site,
    kind: target.kind,
    address: target.address,
    parent: target.parent ?? null,
    up: fresh.length === 0 ? null : fresh.some((p) => p.success === true),
    intervals: { snmp: target.intervals.snmp, icmp: target.intervals.icmp, backup: target.intervals.backup },
    snmp: target.snmp ? { version: target.snmp.version, port: target.snmp.port, modules: [...target.snmp.modules] } : null,
    icmp: target.icmp ? { count: target.icmp.count, timeoutMs: target.icmp.timeoutMs } : null,
    probes,
  };
}
