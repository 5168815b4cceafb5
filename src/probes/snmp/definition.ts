/** SNMP in the probe registry: the MIB modules of the device, by GETBULK walks. */
import type { ProbeDefinition } from '../types';
import { createSnmpProbe } from './index';
import { RedisSizeMemory } from './redis-size-memory';
import { MemorySizeMemory } from './size-memory';

export const snmpProbe: ProbeDefinition = {
  kind: 'snmp',
  appliesTo: (target) => target.snmp !== undefined && target.snmp.modules.length > 0,
  intervalMs: (target) => target.intervalsMs.snmp,
  defaultTimeoutMs: 30_000,
  countsForAvailability: true,
  create: (deps) =>
    createSnmpProbe({
      selfMetrics: deps.selfMetrics,
      // Request sizes learnt by one worker serve every worker, and survive restarts.
      sizes: deps.redis ? new RedisSizeMemory({ ...deps.redis, logger: deps.logger }) : new MemorySizeMemory(),
    }),
  settingsView: (target) => (target.snmp ? { version: target.snmp.version, port: target.snmp.port, modules: [...target.snmp.modules] } : null),
};
