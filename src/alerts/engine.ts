/**
 * The alert state machine, pure: the latest results of one device + the time → new state and the
 * transitions (inactive → pending → firing → resolved). The state is plain JSON, so it survives a
 * restart (file or Redis) and every process computes the same fingerprints.
 *
 * Semantics follow Prometheus with two additions an MSP needs:
 * - hysteresis: an active alert only clears once the value passes `clear_threshold`;
 * - unknown is not resolved: when the series vanishes because the probe that produced it failed or
 *   went stale, the alert keeps its state (DeviceDown tells the story) instead of resolving and
 *   paging again when the device returns.
 */
import { createHash } from 'node:crypto';
import { renderTemplate } from '../config/alert-template';
import { durationMs } from '../config/duration';
import type { AlertOverride, MaintenanceWindow } from '../config/alerting';
import type { DeviceTarget } from '../inventory/types';
import type { DeviceMetricName } from '../metrics/names';
import type { ProbeRegistry } from '../probes/registry';
import type { ProbeKind } from '../probes/types';
import { deviceStatus } from '../results/availability';
import type { StoredResult } from '../results/store';
import { activeMaintenance } from './maintenance';
import { compare, INTERFACE_SEEN_UP_WINDOW, ruleForDevice, selectorMatches, type CompiledRule, type DeviceRule, type DeviceScope } from './rules';

export type AlertPhase = 'pending' | 'firing' | 'resolved';

/** Why a firing alert is not delivered (yet). */
export type HoldReason = { reason: 'maintenance'; window: string } | { reason: 'parent'; parent: string };

export interface AlertRecord {
  fingerprint: string;
  rule: string;
  device: string;
  labels: Record<string, string>;
  annotations: { summary: string; description: string };
  phase: AlertPhase;
  value: number;
  /** Condition first seen (start of pending). */
  activeSinceMs: number;
  /** Became firing: Alertmanager's startsAt. */
  firedAtMs?: number;
  resolvedAtMs?: number;
  /** The probe whose samples produced the series ('derived' for device_up/probe_success). */
  source: ProbeKind | 'derived';
  held?: HoldReason;
  /** Set once the firing alert was handed to delivery: only then does its resolution get sent. */
  notified?: boolean;
}

export interface EngineState {
  version: 1;
  alerts: Record<string, AlertRecord>;
  /**
   * When each interface was last seen operationally up, per device and ifindex (ms, refreshed at
   * most every SEEN_UP_REFRESH_MS so the state is not rewritten on every poll). Kept with the
   * alerts, so a restart does not forget which ports were in use.
   */
  interfacesUp?: Record<string, Record<string, number>>;
}

export type TransitionPhase = AlertPhase | 'inactive';

export interface Transition {
  fingerprint: string;
  rule: string;
  device: string;
  labels: Record<string, string>;
  from: TransitionPhase;
  to: TransitionPhase;
  atMs: number;
  value: number;
  held?: HoldReason;
}

export function emptyState(): EngineState {
  return { version: 1, alerts: {} };
}

const SEEN_UP_WINDOW_MS = durationMs(INTERFACE_SEEN_UP_WINDOW);
const SEEN_UP_REFRESH_MS = 3_600_000;

/** The device's interfaces seen up within the window, after recording the ones up in `series` now. */
export function learnInterfacesUp(state: EngineState, device: string, series: readonly Series[], nowMs: number): EngineState {
  const after = seenUpAfter(state.interfacesUp?.[device], series, nowMs);
  if (after === UNCHANGED) return state;
  const interfacesUp = { ...state.interfacesUp };
  if (after) interfacesUp[device] = after;
  else delete interfacesUp[device];
  return { ...state, interfacesUp };
}

const UNCHANGED = Symbol('unchanged');

/**
 * One device's seen-up interfaces after `series`: UNCHANGED, the new record, or undefined when
 * none is left. Per device, so a cycle over N devices does not copy every device's record N times.
 */
function seenUpAfter(before: Readonly<Record<string, number>> | undefined, series: readonly Series[], nowMs: number): Record<string, number> | undefined | typeof UNCHANGED {
  const after: Record<string, number> = {};
  let changed = false;
  for (const [ifindex, atMs] of Object.entries(before ?? {})) {
    if (nowMs - atMs <= SEEN_UP_WINDOW_MS) after[ifindex] = atMs;
    else changed = true;
  }
  for (const s of series) {
    if (s.metric !== 'quarkpulse_interface_oper_up' || s.value !== 1 || s.labels.ifindex === undefined) continue;
    const last = after[s.labels.ifindex];
    if (last === undefined || nowMs - last >= SEEN_UP_REFRESH_MS) {
      after[s.labels.ifindex] = nowMs;
      changed = true;
    }
  }
  if (!changed) return UNCHANGED;
  return Object.keys(after).length > 0 ? after : undefined;
}

/** Accepts what loadState read from disk/Redis; anything unrecognised starts afresh. */
export function restoreState(raw: unknown): EngineState {
  if (typeof raw !== 'object' || raw === null) return emptyState();
  const r = raw as { version?: unknown; alerts?: unknown };
  if (r.version !== 1 || typeof r.alerts !== 'object' || r.alerts === null) return emptyState();
  const up = (raw as { interfacesUp?: unknown }).interfacesUp;
  const state: EngineState = { version: 1, alerts: { ...(r.alerts as Record<string, AlertRecord>) } };
  if (typeof up === 'object' && up !== null) state.interfacesUp = { ...(up as Record<string, Record<string, number>>) };
  return state;
}

export interface Series {
  metric: DeviceMetricName;
  labels: Record<string, string>;
  value: number;
  source: ProbeKind | 'derived';
}

export interface DeviceSnapshot {
  scope: DeviceScope;
  series: Series[];
  /** Probes with a fresh result, and whether it succeeded. */
  probes: Map<ProbeKind, boolean>;
}

/**
 * Fresh results of one device → its series with the device labels, `quarkpulse_device_up` and
 * `quarkpulse_probe_success` from the one availability rule (results/availability.ts), as the
 * /metrics exposition derives them.
 */
export function snapshotDevice(
  results: readonly StoredResult[],
  nowMs: number,
  registry: Pick<ProbeRegistry, 'countsForAvailability'>,
  fallback?: DeviceScope,
  /** Only these metrics' samples (rules.ts metricsRulesRead): the rest cannot change an alert. */
  keep?: ReadonlySet<string>,
): DeviceSnapshot | undefined {
  const status = deviceStatus(results, nowMs, registry);
  const first = status.fresh.values().next().value ?? results[0];
  const scope: DeviceScope | undefined = first ? { client: first.client, site: first.site, device: first.device } : fallback;
  if (!scope) return undefined;
  const deviceLabels: Record<string, string> = { client: scope.client, device: scope.device };
  if (scope.site) deviceLabels.site = scope.site;
  const series: Series[] = [];
  const probes = new Map<ProbeKind, boolean>();
  for (const entry of status.fresh.values()) {
    const r = entry.result;
    probes.set(r.probe, r.success);
    series.push({ metric: 'quarkpulse_probe_success', labels: { ...deviceLabels, probe: r.probe }, value: r.success ? 1 : 0, source: 'derived' });
    for (const s of r.samples) {
      if (keep && !keep.has(s.name)) continue;
      series.push({ metric: s.name, labels: withDeviceLabels(deviceLabels, s.labels), value: s.value, source: r.probe });
    }
  }
  if (status.up !== null && first) {
    series.push({ metric: 'quarkpulse_device_up', labels: { ...deviceLabels, kind: first.kind }, value: status.up ? 1 : 0, source: 'derived' });
  }
  return { scope, series, probes };
}

/** The device's labels, then the sample's own: a plain copy loop (object spread of two records was a quarter of an alert cycle). */
export function withDeviceLabels(device: Readonly<Record<string, string>>, own: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in device) out[key] = device[key];
  for (const key in own) out[key] = own[key];
  return out;
}

export function fingerprint(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

interface Candidate {
  labels: Record<string, string>;
  value: number;
  source: Series['source'];
}

function sameOn(a: Record<string, string>, b: Record<string, string>, on: readonly string[]): boolean {
  return on.every((l) => (a[l] ?? '') === (b[l] ?? '')) && a.client === b.client && a.device === b.device;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

const UPLINK_RE = /uplink/i;

/**
 * A port that matters: listed in important_interfaces (ifindex or name), aliased as an uplink, or
 * seen operationally up within INTERFACE_SEEN_UP_WINDOW (`seenUp`: ifindex → ms).
 */
function isImportantInterface(labels: Record<string, string>, target: DeviceTarget | undefined, series: readonly Series[], seenUp: Readonly<Record<string, number>>): boolean {
  const important = target?.importantInterfaces ?? [];
  if (important.includes(labels.ifindex ?? '') || (labels.name !== undefined && important.includes(labels.name))) return true;
  if (labels.ifindex !== undefined && seenUp[labels.ifindex] !== undefined) return true;
  return series.some((s) => s.metric === 'quarkpulse_interface_info' && s.labels.ifindex === labels.ifindex && UPLINK_RE.test(s.labels.alias ?? ''));
}

/** The series a rule looks at on this device, with the value it compares (ratio, aggregate). */
export function ruleCandidates(rule: CompiledRule, snapshot: DeviceSnapshot, target?: DeviceTarget, seenUp: Readonly<Record<string, number>> = {}): Candidate[] {
  const all = snapshot.series;
  let out: Candidate[] = [];
  for (const s of all) {
    if (!selectorMatches(rule, s.metric, s.labels)) continue;
    let value = s.value;
    if (rule.divideBy) {
      const divisor = all.find((d) => d.metric === rule.divideBy && sameLabels(d.labels, s.labels));
      if (!divisor || divisor.value === 0) continue;
      value = s.value / divisor.value;
    }
    if (rule.importantInterfacesOnly && !isImportantInterface(s.labels, target, all, seenUp)) continue;
    if (rule.unless.some((u) => all.some((o) => selectorMatches(u, o.metric, o.labels) && sameOn(o.labels, s.labels, u.on)))) continue;
    if (!rule.and.every((c) => all.some((o) => selectorMatches(c, o.metric, o.labels) && sameOn(o.labels, s.labels, c.on) && compare(o.value, c.op, c.threshold)))) continue;
    out.push({ labels: s.labels, value, source: s.source });
  }
  if (rule.aggregate && out.length > 0) {
    const values = out.map((c) => c.value);
    const sum = values.reduce((a, b) => a + b, 0);
    const value =
      rule.aggregate === 'avg' ? sum / values.length : rule.aggregate === 'sum' ? sum : rule.aggregate === 'max' ? Math.max(...values) : Math.min(...values);
    const labels: Record<string, string> = { client: snapshot.scope.client, device: snapshot.scope.device };
    if (snapshot.scope.site) labels.site = snapshot.scope.site;
    out = [{ labels, value, source: out[0].source }];
  }
  return out;
}

export interface EvaluationContext {
  rules: readonly CompiledRule[];
  overrides: readonly AlertOverride[];
  maintenance: readonly MaintenanceWindow[];
  nowMs: number;
  target?: DeviceTarget;
}

function alertLabels(rule: DeviceRule, series: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(series)) if (v !== '') labels[k] = v;
  for (const [k, v] of Object.entries(rule.labels)) labels[k] = v;
  labels.alertname = rule.name;
  labels.severity = rule.severity;
  return labels;
}

/**
 * The evaluation's working copy: alerts and seen-up interfaces copied once, then changed in place,
 * and the fingerprints of each device's alerts, so a device's evaluation touches its own alerts
 * only. Copying every alert of every device for each device evaluated made a cycle over N devices
 * with A alerts cost N × A (evaluateDevices copies once per cycle).
 */
interface Work {
  base: EngineState;
  alerts: Record<string, AlertRecord>;
  interfacesUp: Record<string, Record<string, number>> | undefined;
  byDevice: Map<string, Set<string>>;
  transitions: Transition[];
  changed: boolean;
}

function startWork(state: EngineState): Work {
  const byDevice = new Map<string, Set<string>>();
  for (const [fp, a] of Object.entries(state.alerts)) {
    let set = byDevice.get(a.device);
    if (!set) byDevice.set(a.device, (set = new Set()));
    set.add(fp);
  }
  return { base: state, alerts: { ...state.alerts }, interfacesUp: state.interfacesUp, byDevice, transitions: [], changed: false };
}

function putAlert(work: Work, a: AlertRecord): void {
  work.alerts[a.fingerprint] = a;
  let set = work.byDevice.get(a.device);
  if (!set) work.byDevice.set(a.device, (set = new Set()));
  set.add(a.fingerprint);
  work.changed = true;
}

function dropAlert(work: Work, a: AlertRecord): void {
  delete work.alerts[a.fingerprint];
  work.byDevice.get(a.device)?.delete(a.fingerprint);
  work.changed = true;
}

function finishWork(work: Work): { state: EngineState; transitions: Transition[] } {
  if (!work.changed && work.interfacesUp === work.base.interfacesUp) return { state: work.base, transitions: work.transitions };
  const state: EngineState = { ...work.base, alerts: work.alerts };
  if (work.interfacesUp !== undefined) state.interfacesUp = work.interfacesUp;
  return { state, transitions: work.transitions };
}

function parentDown(work: Work, rule: string, parent: string | undefined): boolean {
  if (!parent) return false;
  for (const fp of work.byDevice.get(parent) ?? []) {
    const a = work.alerts[fp];
    if (a && a.rule === rule && (a.phase === 'pending' || a.phase === 'firing')) return true;
  }
  return false;
}

function holdFor(rule: DeviceRule, ctx: EvaluationContext, scope: DeviceScope, work: Work): HoldReason | undefined {
  if (rule.parentAware && parentDown(work, rule.name, ctx.target?.parent)) return { reason: 'parent', parent: ctx.target?.parent ?? '' };
  const window = activeMaintenance(ctx.maintenance, scope, rule.name, ctx.nowMs);
  if (window) return { reason: 'maintenance', window: window.name ?? 'maintenance' };
  return undefined;
}

function sameHold(a: HoldReason | undefined, b: HoldReason | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Evaluate every rule on one device's latest results. Returns a new state; `state` is not modified. */
export function evaluateDevice(before: EngineState, snapshot: DeviceSnapshot, ctx: EvaluationContext): { state: EngineState; transitions: Transition[] } {
  const work = startWork(before);
  evaluateInto(work, snapshot, ctx);
  return finishWork(work);
}

/**
 * One cycle: every device in `devices`, in order, as evaluateDevice one after the other would
 * (a parent evaluated earlier in the list holds its children's pages the same way), with the state
 * copied once rather than once per device. `before` is not modified.
 */
export function evaluateDevices(
  before: EngineState,
  devices: Iterable<{ snapshot: DeviceSnapshot; target?: DeviceTarget }>,
  ctx: Omit<EvaluationContext, 'target'>,
): { state: EngineState; transitions: Transition[] } {
  const work = startWork(before);
  for (const d of devices) evaluateInto(work, d.snapshot, { ...ctx, target: d.target });
  return finishWork(work);
}

/** The seen-up interfaces of the device, learnt into the working copy (copied on the cycle's first change). */
function learnInto(work: Work, device: string, series: readonly Series[], nowMs: number): void {
  const after = seenUpAfter(work.interfacesUp?.[device], series, nowMs);
  if (after === UNCHANGED) return;
  const own = work.interfacesUp === work.base.interfacesUp || work.interfacesUp === undefined ? { ...work.base.interfacesUp } : work.interfacesUp;
  if (after) own[device] = after;
  else delete own[device];
  work.interfacesUp = own;
}

function evaluateInto(work: Work, snapshot: DeviceSnapshot, ctx: EvaluationContext): void {
  const { nowMs } = ctx;
  const scope = snapshot.scope;
  learnInto(work, scope.device, snapshot.series, nowMs);
  const seenUp = work.interfacesUp?.[scope.device] ?? {};
  const alerts = work.alerts;
  const seen = new Set<string>();
  const present = new Set<string>();
  const note = (a: AlertRecord, from: TransitionPhase, to: TransitionPhase) =>
    work.transitions.push({ fingerprint: a.fingerprint, rule: a.rule, device: a.device, labels: a.labels, from, to, atMs: nowMs, value: a.value, held: a.held });

  // Rules with an alert (any phase) on this device: only their candidates need a fingerprint
  // when the value is on the quiet side of the threshold (present, it may resolve one).
  const tracked = new Set<string>();
  for (const fp of work.byDevice.get(scope.device) ?? []) {
    const a = alerts[fp];
    if (a) tracked.add(a.rule);
  }

  for (const base of ctx.rules) {
    const rule = ruleForDevice(base, scope, ctx.overrides);
    if (rule.disabled) continue;
    const hasAlerts = tracked.has(rule.name);
    for (const c of ruleCandidates(rule, snapshot, ctx.target, seenUp)) {
      // Nothing to start, nothing to resolve: no labels, no fingerprint (most candidates, most cycles).
      if (!hasAlerts && !compare(c.value, rule.op, rule.threshold)) continue;
      const labels = alertLabels(rule, c.labels);
      const fp = fingerprint(labels);
      const prev = alerts[fp];
      const active = prev !== undefined && prev.phase !== 'resolved';
      present.add(fp);
      // Hysteresis: an active alert stays active while the value is on the alert side of the clear level.
      const holds = active ? compare(c.value, rule.op, rule.clearThreshold ?? rule.threshold) : compare(c.value, rule.op, rule.threshold);
      if (!holds) continue;
      seen.add(fp);
      const annotations = {
        summary: renderTemplate(rule.summary, labels, c.value),
        description: renderTemplate(rule.description, labels, c.value),
      };
      if (!active) {
        const next: AlertRecord = {
          fingerprint: fp,
          rule: rule.name,
          device: scope.device,
          labels,
          annotations,
          phase: 'pending',
          value: c.value,
          activeSinceMs: nowMs,
          source: c.source,
        };
        putAlert(work, next);
        note(next, prev ? 'resolved' : 'inactive', 'pending');
        if (rule.forMs === 0) fire(next, rule, ctx, scope, work, note);
        continue;
      }
      const next: AlertRecord = { ...prev, annotations, value: c.value, source: c.source };
      putAlert(work, next);
      if (next.phase === 'pending' && nowMs - next.activeSinceMs >= rule.forMs) fire(next, rule, ctx, scope, work, note);
      else if (next.phase === 'firing' && next.held) {
        const hold = holdFor(rule, ctx, scope, work);
        // A held page is released when its reason ends (or changes, e.g. window over but parent down).
        if (!sameHold(hold, next.held)) {
          next.held = hold;
          note(next, 'firing', 'firing');
        }
      }
    }
  }

  for (const fp of [...(work.byDevice.get(scope.device) ?? [])]) {
    const a = alerts[fp];
    if (!a || seen.has(fp) || a.phase === 'resolved') continue;
    const rule = ctx.rules.find((r) => r.name === a.rule);
    const disabled = rule === undefined || ruleForDevice(rule, scope, ctx.overrides).disabled;
    // Present but past the clear level: resolved. Absent: only when we know it is gone.
    if (!disabled && !present.has(fp) && !knowsSeriesIsGone(a, snapshot)) continue;
    if (a.phase === 'pending') {
      dropAlert(work, a);
      note(a, 'pending', 'inactive');
    } else {
      const next: AlertRecord = { ...a, phase: 'resolved', resolvedAtMs: nowMs };
      putAlert(work, next);
      note(next, 'firing', 'resolved');
    }
  }
}

function fire(
  a: AlertRecord,
  rule: DeviceRule,
  ctx: EvaluationContext,
  scope: DeviceScope,
  work: Work,
  note: (a: AlertRecord, from: TransitionPhase, to: TransitionPhase) => void,
): void {
  a.phase = 'firing';
  a.firedAtMs = ctx.nowMs;
  a.held = holdFor(rule, ctx, scope, work);
  note(a, 'pending', 'firing');
}

/** A vanished series resolves its alert only when the probe behind it answered (fresh and successful). */
function knowsSeriesIsGone(a: AlertRecord, snapshot: DeviceSnapshot): boolean {
  if (a.source === 'derived') return snapshot.probes.size > 0;
  return snapshot.probes.get(a.source) === true;
}

/** A device left the config: its active alerts resolve, pending ones vanish. */
export function removeDevice(state: EngineState, device: string, nowMs: number): { state: EngineState; transitions: Transition[] } {
  const alerts = { ...state.alerts };
  const transitions: Transition[] = [];
  for (const [fp, a] of Object.entries(alerts)) {
    if (a.device !== device || a.phase === 'resolved') continue;
    if (a.phase === 'pending') delete alerts[fp];
    else alerts[fp] = { ...a, phase: 'resolved', resolvedAtMs: nowMs };
    transitions.push({ fingerprint: fp, rule: a.rule, device, labels: a.labels, from: a.phase, to: a.phase === 'pending' ? 'inactive' : 'resolved', atMs: nowMs, value: a.value });
  }
  const interfacesUp = { ...state.interfacesUp };
  delete interfacesUp[device];
  return { state: { ...state, alerts, interfacesUp }, transitions };
}

/** Drop resolved alerts older than the retention (their resolution has been re-sent long enough). */
export function pruneResolved(state: EngineState, nowMs: number, retentionMs: number): EngineState {
  const alerts: Record<string, AlertRecord> = {};
  for (const [fp, a] of Object.entries(state.alerts)) {
    if (a.phase === 'resolved' && nowMs - (a.resolvedAtMs ?? nowMs) > retentionMs) continue;
    alerts[fp] = a;
  }
  return { ...state, alerts };
}

export function markNotified(state: EngineState, fingerprints: Iterable<string>): EngineState {
  const alerts = { ...state.alerts };
  for (const fp of fingerprints) {
    const a = alerts[fp];
    if (a && !a.notified) alerts[fp] = { ...a, notified: true };
  }
  return { ...state, alerts };
}
