/**
 * What the status pages show, built from the config, the result store and the alert records:
 * pure, so the pages can be tested without a browser. Up/down comes from the one availability
 * rule (results/availability.ts), never from a rule of its own.
 */
import type { AlertRecord } from '../../alerts/engine';
import type { DeviceTarget } from '../../inventory/types';
import type { DeviceMetricName, Sample } from '../../metrics/names';
import type { ProbeRegistry } from '../../probes/registry';
import { byDevice, deviceStatus } from '../../results/availability';
import { isStale, type StoredResult } from '../../results/store';

export type DeviceState = 'up' | 'down' | 'unknown';

export interface Supply {
  index: string;
  name: string;
  type: string;
  color: string;
  /** 0..1 where the printer reports a level ratio, else undefined. */
  ratio?: number;
  /** What to show instead of a ratio (-3 "some remaining", -2 unknown, …). */
  note?: string;
}

export interface InterfaceRow {
  ifindex: string;
  name: string;
  alias: string;
  adminUp?: boolean;
  operUp?: boolean;
  speedBps?: number;
}

export interface ProbeRow {
  probe: string;
  lastRunAtMs?: number;
  stale: boolean;
  success?: boolean;
  durationMs?: number;
  error?: string;
  worker?: string;
  modules: Array<{ name: string; success: boolean; error?: string }>;
}

export interface ConfigChange {
  atMs: number;
  approved: boolean;
}

export interface DeviceSummary {
  name: string;
  client: string;
  site: string;
  kind: string;
  address: string;
  parent?: string;
  state: DeviceState;
  /** When this state began, as far as this process knows; `approx`: at least since then. */
  since?: { atMs: number; approx: boolean };
  identity: Record<string, string>;
  uptimeSeconds?: number;
  supplies: Supply[];
  /** Printer error conditions present now (low_toner, jammed, …). */
  conditions: string[];
  printerStatus?: string;
  /** Probes whose last fresh run failed, with the error. */
  failing: Array<{ probe: string; error: string }>;
  lastConfigChange?: ConfigChange;
}

export interface DeviceDetail extends DeviceSummary {
  probes: ProbeRow[];
  interfaces: InterfaceRow[];
  cpus: Array<{ name: string; ratio: number }>;
  storage: Array<{ name: string; type: string; usedBytes?: number; sizeBytes?: number }>;
  inputs: Array<{ name: string; level: number; max: number }>;
  printerAlerts: Array<{ severity: string; description: string }>;
}

export interface AlertView {
  fingerprint: string;
  name: string;
  severity: string;
  device: string;
  client: string;
  site: string;
  summary: string;
  phase: AlertRecord['phase'];
  sinceMs: number;
  endedMs?: number;
  /** Why it is not paged (maintenance window, parent down); undefined when it is. */
  silenced?: string;
}

export interface PollerHealth {
  ready: boolean;
  checks: Array<{ name: string; ok: boolean; detail?: string }>;
  devices: number;
  /** Results younger than 3 intervals / older. */
  fresh: number;
  stale: number;
  failing: number;
  /** Workers that delivered a fresh result. */
  workers: string[];
  newestResultAgeMs?: number;
}

export interface SiteGroup {
  name: string;
  devices: DeviceSummary[];
}

export interface ClientGroup {
  name: string;
  sites: SiteGroup[];
  up: number;
  down: number;
  unknown: number;
}

export interface Overview {
  clients: ClientGroup[];
  alerts: AlertView[];
  health: PollerHealth;
  totals: { up: number; down: number; unknown: number };
}

const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/**
 * Every metric a device's summary (the overview's line per device) reads. A result store may
 * keep only these (and the alert rules') beside each result (results/redis-store.ts keepSamples);
 * the summary reads nothing else, even from a full result, so the two cannot drift apart. The
 * device page reads the device's full results (forDevice).
 */
export const SUMMARY_METRICS: ReadonlySet<DeviceMetricName> = new Set<DeviceMetricName>([
  'quarkpulse_device_info',
  'quarkpulse_device_uptime_seconds',
  'quarkpulse_printer_status',
  'quarkpulse_printer_error',
  'quarkpulse_printer_supply_level',
  'quarkpulse_printer_supply_level_ratio',
]);

function samplesOf(fresh: Iterable<StoredResult>, only?: ReadonlySet<string>): Sample[] {
  const out: Sample[] = [];
  for (const entry of fresh) for (const s of entry.result.samples) if (!only || only.has(s.name)) out.push(s);
  return out;
}

function byName(samples: readonly Sample[], name: Sample['name']): Sample[] {
  return samples.filter((s) => s.name === name);
}

export function supplies(samples: readonly Sample[]): Supply[] {
  const ratios = new Map(byName(samples, 'quarkpulse_printer_supply_level_ratio').map((s) => [s.labels.supply_index, s.value]));
  const out: Supply[] = [];
  for (const s of byName(samples, 'quarkpulse_printer_supply_level')) {
    const ratio = ratios.get(s.labels.supply_index);
    const supply: Supply = { index: s.labels.supply_index, name: s.labels.supply, type: s.labels.supply_type, color: s.labels.color, ratio };
    if (ratio === undefined) supply.note = s.value === -3 ? 'some remaining' : s.value === -2 ? 'level unknown' : s.value === -1 ? 'level not reported' : `level ${s.value}`;
    out.push(supply);
  }
  return out.sort((a, b) => compareIndex(a.index, b.index));
}

function compareIndex(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function interfaces(samples: readonly Sample[]): InterfaceRow[] {
  const rows = new Map<string, InterfaceRow>();
  const row = (s: Sample) => {
    let r = rows.get(s.labels.ifindex);
    if (!r) rows.set(s.labels.ifindex, (r = { ifindex: s.labels.ifindex, name: s.labels.name ?? '', alias: '' }));
    return r;
  };
  for (const s of samples) {
    if (s.name === 'quarkpulse_interface_info') Object.assign(row(s), { name: s.labels.name, alias: s.labels.alias ?? '' });
    else if (s.name === 'quarkpulse_interface_admin_up') row(s).adminUp = s.value === 1;
    else if (s.name === 'quarkpulse_interface_oper_up') row(s).operUp = s.value === 1;
    else if (s.name === 'quarkpulse_interface_speed_bits_per_second') row(s).speedBps = s.value;
  }
  return [...rows.values()].sort((a, b) => compareIndex(a.ifindex, b.ifindex));
}

function probeRows(registry: ProbeRegistry, target: DeviceTarget, results: readonly StoredResult[], nowMs: number): ProbeRow[] {
  const byProbe = new Map(results.map((r) => [r.probe, r]));
  const kinds = [...new Set([...registry.configuredKinds(target), ...byProbe.keys()])];
  return kinds.map((probe) => {
    const entry = byProbe.get(probe);
    if (!entry) return { probe, stale: false, modules: [] };
    const r = entry.result;
    return {
      probe,
      lastRunAtMs: entry.finishedAtMs,
      stale: isStale(entry, nowMs),
      success: r.success,
      durationMs: r.durationMs,
      error: r.error ? `${r.error.kind}: ${r.error.message}` : undefined,
      worker: entry.worker,
      modules: Object.entries(r.modules ?? {}).map(([name, m]) => ({ name, success: m.success, error: m.error })),
    };
  });
}

/** Remembers since when each device is in its state, as observed by this process. */
export class StateSince {
  private readonly seen = new Map<string, { state: DeviceState; atMs: number; approx: boolean }>();

  /** `knownSinceMs`: a better first guess (the DeviceDown alert's start), used when the state is new to us. */
  observe(device: string, state: DeviceState, nowMs: number, knownSinceMs?: number): { atMs: number; approx: boolean } {
    const prev = this.seen.get(device);
    if (prev && prev.state === state) return prev;
    const next = prev ? { state, atMs: knownSinceMs ?? nowMs, approx: false } : { state, atMs: knownSinceMs ?? nowMs, approx: knownSinceMs === undefined };
    this.seen.set(device, next);
    return next;
  }

  forgetExcept(devices: ReadonlySet<string>): void {
    for (const d of this.seen.keys()) if (!devices.has(d)) this.seen.delete(d);
  }
}

export interface ModelInput {
  devices: readonly DeviceTarget[];
  results: readonly StoredResult[];
  alerts: readonly AlertRecord[];
  probes: ProbeRegistry;
  nowMs: number;
  since: StateSince;
  configChanges?: ReadonlyMap<string, ConfigChange>;
}

function downSince(alerts: readonly AlertRecord[], device: string): number | undefined {
  const a = alerts.find((x) => x.rule === 'DeviceDown' && x.device === device && x.phase !== 'resolved');
  return a?.activeSinceMs;
}

/** The overview's line of one device: state, identity, supplies, printer conditions, failing probes. */
export function deviceSummary(target: DeviceTarget, results: readonly StoredResult[], input: Omit<ModelInput, 'devices' | 'results'>): DeviceSummary {
  const { nowMs, probes } = input;
  const status = deviceStatus(results, nowMs, probes);
  const state: DeviceState = status.up === null ? 'unknown' : status.up ? 'up' : 'down';
  const samples = samplesOf(status.fresh.values(), SUMMARY_METRICS);
  const info = byName(samples, 'quarkpulse_device_info')[0];
  const uptime = byName(samples, 'quarkpulse_device_uptime_seconds')[0];
  const printerStatus = byName(samples, 'quarkpulse_printer_status').find((s) => s.value === 1)?.labels.state;
  const failing: DeviceSummary['failing'] = [];
  for (const entry of status.fresh.values()) {
    if (!entry.result.success) failing.push({ probe: entry.probe, error: entry.result.error ? `${entry.result.error.kind}: ${entry.result.error.message}` : 'failed' });
  }
  return {
    name: target.name,
    client: target.client,
    site: target.site,
    kind: target.kind,
    address: target.address,
    parent: target.parent,
    state,
    since: input.since.observe(target.name, state, nowMs, state === 'down' ? downSince(input.alerts, target.name) : undefined),
    identity: info ? { ...info.labels } : {},
    uptimeSeconds: uptime?.value,
    supplies: supplies(samples),
    conditions: byName(samples, 'quarkpulse_printer_error')
      .filter((s) => s.value === 1)
      .map((s) => s.labels.condition),
    printerStatus,
    failing,
    lastConfigChange: input.configChanges?.get(target.name),
  };
}

/** The device page: the summary, and every probe, interface, CPU, storage, input tray and printer alert. */
export function deviceDetail(target: DeviceTarget, results: readonly StoredResult[], input: Omit<ModelInput, 'devices' | 'results'>): DeviceDetail {
  const { nowMs, probes } = input;
  const samples = samplesOf(deviceStatus(results, nowMs, probes).fresh.values());
  const inputLevels = byName(samples, 'quarkpulse_printer_input_level');
  const inputMax = new Map(byName(samples, 'quarkpulse_printer_input_max_capacity').map((s) => [s.labels.input_index, s.value]));
  const cpus = byName(samples, 'quarkpulse_host_cpu_load_ratio');
  const storageUsed = new Map(byName(samples, 'quarkpulse_host_storage_used_bytes').map((s) => [s.labels.storage_index, s.value]));
  return {
    ...deviceSummary(target, results, input),
    probes: probeRows(probes, target, results, nowMs),
    interfaces: interfaces(samples),
    cpus: cpus.map((s) => ({ name: s.labels.name || `cpu ${s.labels.cpu}`, ratio: s.value })),
    storage: byName(samples, 'quarkpulse_host_storage_size_bytes').map((s) => ({
      name: s.labels.storage,
      type: s.labels.type,
      sizeBytes: s.value,
      usedBytes: storageUsed.get(s.labels.storage_index),
    })),
    inputs: inputLevels.map((s) => ({ name: s.labels.input, level: s.value, max: inputMax.get(s.labels.input_index) ?? -2 })),
    printerAlerts: byName(samples, 'quarkpulse_printer_alert').map((s) => ({ severity: s.labels.severity, description: s.labels.description })),
  };
}

export function alertView(a: AlertRecord): AlertView {
  const held = a.held;
  return {
    fingerprint: a.fingerprint,
    name: a.rule,
    severity: a.labels.severity ?? '',
    device: a.device,
    client: a.labels.client ?? '',
    site: a.labels.site ?? '',
    summary: a.annotations.summary,
    phase: a.phase,
    sinceMs: a.firedAtMs ?? a.activeSinceMs,
    endedMs: a.resolvedAtMs,
    silenced: held ? (held.reason === 'maintenance' ? `maintenance window ${held.window}` : `parent ${held.parent} is down`) : undefined,
  };
}

/** Firing alerts, most severe first, then oldest first. */
export function firingAlerts(alerts: readonly AlertRecord[]): AlertView[] {
  return alerts
    .filter((a) => a.phase === 'firing')
    .map(alertView)
    .sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) || a.sinceMs - b.sinceMs);
}

export function overview(input: ModelInput, readiness: { ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> }): Overview {
  const grouped = byDevice([...input.results]);
  const clients = new Map<string, ClientGroup>();
  const totals = { up: 0, down: 0, unknown: 0 };
  for (const target of input.devices) {
    const summary = deviceSummary(target, grouped.get(target.name) ?? [], input);
    let client = clients.get(target.client);
    if (!client) clients.set(target.client, (client = { name: target.client, sites: [], up: 0, down: 0, unknown: 0 }));
    let site = client.sites.find((s) => s.name === target.site);
    if (!site) client.sites.push((site = { name: target.site, devices: [] }));
    site.devices.push(summary);
    client[summary.state]++;
    totals[summary.state]++;
  }
  input.since.forgetExcept(new Set(input.devices.map((d) => d.name)));
  return { clients: [...clients.values()], alerts: firingAlerts(input.alerts), health: pollerHealth(input, readiness), totals };
}

function pollerHealth(input: ModelInput, readiness: { ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> }): PollerHealth {
  const configured = new Set(input.devices.map((d) => d.name));
  let fresh = 0;
  let stale = 0;
  let failing = 0;
  let newest: number | undefined;
  const workers = new Set<string>();
  for (const entry of input.results) {
    if (!configured.has(entry.device)) continue;
    if (isStale(entry, input.nowMs)) {
      stale++;
      continue;
    }
    fresh++;
    if (!entry.result.success) failing++;
    workers.add(entry.worker);
    newest = Math.max(newest ?? 0, entry.finishedAtMs);
  }
  return {
    ready: readiness.ready,
    checks: Object.entries(readiness.checks).map(([name, c]) => ({ name, ok: c.ok, detail: c.detail })),
    devices: input.devices.length,
    fresh,
    stale,
    failing,
    workers: [...workers].sort(),
    newestResultAgeMs: newest === undefined ? undefined : input.nowMs - newest,
  };
}
