/** ICMP in the probe registry: reachability by echo request. */
import type { ProbeDefinition } from '../types';
import { createIcmpProbe } from './index';

export const icmpProbe: ProbeDefinition = {
  kind: 'icmp',
  appliesTo: (target) => target.icmp !== undefined,
  intervalMs: (target) => target.intervalsMs.icmp,
  defaultTimeoutMs: 30_000,
  countsForAvailability: true,
  create: () => createIcmpProbe(),
  settingsView: (target) => (target.icmp ? { count: target.icmp.count, timeoutMs: target.icmp.timeoutMs } : null),
};
