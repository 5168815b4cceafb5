import type { ProbeKind } from '../probes/types';
import type { DeviceTarget } from './types';

/** Seconds between runs of `probe` on `target` (config backups and SSH/RouterOS share one interval). */
export function intervalSeconds(target: DeviceTarget, probe: ProbeKind): number {
  switch (probe) {
    case 'snmp':
      return target.intervals.snmp;
    case 'icmp':
      return target.intervals.icmp;
    case 'ssh':
    case 'routeros':
      return target.intervals.backup;
  }
}
