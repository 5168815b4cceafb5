/**
 * The probe registry: one entry per probe kind, like blackbox_exporter's prober map. Adding a
 * kind is one folder under probes/ plus one line in BUILTIN_PROBES; nothing else switches over
 * kinds. Code that needs per-kind knowledge takes a ProbeRegistry (tests build their own with a
 * throw-away kind).
 */
import type { DeviceTarget } from '../inventory/types';
import { icmpProbe } from './icmp/definition';
import { routerosBackupProbe, routerosProbe } from './routeros/definition';
import { snmpProbe } from './snmp/definition';
import { sshProbe } from './ssh/definition';
import type { Probe, ProbeDefinition, ProbeDeps, ProbeKind } from './types';

export const BUILTIN_PROBES: Readonly<Record<ProbeKind, ProbeDefinition>> = {
  snmp: snmpProbe,
  icmp: icmpProbe,
  routeros: routerosProbe,
  routeros_backup: routerosBackupProbe,
  ssh: sshProbe,
};

/**
 * A run may use at most this share of its interval, so the queue's lock (timeout + margin) is
 * free again before the next run is due even when a worker dies mid-job.
 */
export const MAX_TIMEOUT_SHARE = 0.8;

export interface ProbeRegistry {
  readonly kinds: readonly ProbeKind[];
  get(kind: ProbeKind): ProbeDefinition | undefined;
  /** Kinds configured on `target`, in registry order. */
  configuredKinds(target: DeviceTarget): ProbeKind[];
  /** Unknown kinds (a result left over from an older version) never count. */
  countsForAvailability(kind: ProbeKind): boolean;
  /** Whether `kind` fetches the configuration of `target` (ProbeDefinition.producesConfig). */
  producesConfig(target: DeviceTarget, kind: ProbeKind): boolean;
  /** Kinds configured on `target` that fetch its configuration, in registry order. */
  configKinds(target: DeviceTarget): ProbeKind[];
  /** Milliseconds between runs of `kind` on `target`. */
  intervalMs(target: DeviceTarget, kind: ProbeKind): number;
  /**
   * The deadline of one run: the config's `probe_timeout`, else the kind's default, and never
   * more than MAX_TIMEOUT_SHARE of the interval. The only place a probe deadline is decided.
   */
  deadlineMs(target: DeviceTarget, kind: ProbeKind): number;
  /** One instance per kind for this process. */
  createProbes(deps: ProbeDeps): Map<ProbeKind, Probe>;
}

export function createProbeRegistry(definitions: Readonly<Record<ProbeKind, ProbeDefinition>> = BUILTIN_PROBES): ProbeRegistry {
  const byKind = new Map<ProbeKind, ProbeDefinition>();
  for (const [kind, def] of Object.entries(definitions)) {
    if (def.kind !== kind) throw new Error(`probe registry: entry "${kind}" defines kind "${def.kind}"`);
    byKind.set(kind, def);
  }
  const kinds = [...byKind.keys()];
  const need = (kind: ProbeKind): ProbeDefinition => {
    const def = byKind.get(kind);
    if (!def) throw new Error(`unknown probe kind "${kind}" (known: ${kinds.join(', ')})`);
    return def;
  };
  const intervalMs = (target: DeviceTarget, kind: ProbeKind) => Math.max(1, Math.round(need(kind).intervalMs(target)));
  return {
    kinds,
    get: (kind) => byKind.get(kind),
    configuredKinds: (target) => kinds.filter((k) => need(k).appliesTo(target)),
    countsForAvailability: (kind) => byKind.get(kind)?.countsForAvailability === true,
    producesConfig: (target, kind) => byKind.get(kind)?.producesConfig?.(target) === true,
    configKinds: (target) => kinds.filter((k) => need(k).appliesTo(target) && need(k).producesConfig?.(target) === true),
    intervalMs,
    deadlineMs: (target, kind) => {
      const wanted = target.probeTimeoutMs ?? need(kind).defaultTimeoutMs;
      return Math.max(1, Math.min(wanted, Math.floor(intervalMs(target, kind) * MAX_TIMEOUT_SHARE)));
    },
    createProbes: (deps) => new Map(kinds.map((k) => [k, need(k).create(deps)])),
  };
}

/** The registry of the kinds this build ships. */
export const builtinProbeRegistry: ProbeRegistry = createProbeRegistry();
