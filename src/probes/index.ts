/** The probe registry: one entry per probe kind, like blackbox_exporter's prober map. */
import type { Logger } from '../log';
import type { SelfMetrics } from '../metrics/self';
import { createIcmpProbe } from './icmp';
import { createSnmpProbe } from './snmp';
import type { SnmpSizeMemory } from './snmp/size-memory';
import type { Probe, ProbeKind } from './types';

export interface ProbeDeps {
  logger: Logger;
  selfMetrics?: SelfMetrics;
  /** Where SNMP request sizes are remembered (shared by workers on Redis). */
  snmpSizes?: SnmpSizeMemory;
}

export function createProbes(deps: ProbeDeps): Probe[] {
  return [createSnmpProbe({ selfMetrics: deps.selfMetrics, sizes: deps.snmpSizes }), createIcmpProbe()];
}

export function probesByKind(probes: Probe[]): Map<ProbeKind, Probe> {
  return new Map(probes.map((p) => [p.kind, p]));
}
