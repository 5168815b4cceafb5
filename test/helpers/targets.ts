import { alertingSchema } from '../../src/config/alerting';
import type { RuntimeConfig } from '../../src/inventory/runtime-config';
import { Secret } from '../../src/config/secret';
import type { DeviceTarget, SnmpSettings } from '../../src/inventory/types';

/** SNMP v2c settings for tests, overridable field by field. */
export function snmpSettings(overrides: Partial<SnmpSettings> = {}): SnmpSettings {
  return {
    version: '2c',
    port: 161,
    community: new Secret('public'),
    timeoutMs: 1_000,
    retries: 1,
    maxRepetitions: 25,
    maxVarbindsPerRequest: 500,
    modules: ['system'],
    ...overrides,
  };
}

/** A device target with SNMP and ICMP, overridable field by field (pass `snmp: undefined` to drop one). */
export function deviceTarget(name: string, overrides: Partial<DeviceTarget> = {}): DeviceTarget {
  return {
    name,
    client: 'acme',
    site: 'hq',
    kind: 'switch',
    address: '127.0.0.1',
    intervalsMs: { snmp: 60_000, icmp: 30_000, backup: 86_400_000 },
    probeTimeoutMs: 10_000,
    snmp: snmpSettings(),
    icmp: { count: 3, timeoutMs: 1_000 },
    importantInterfaces: [],
    ...overrides,
  };
}

/** A RuntimeConfig for tests: no devices, in-process queue, the given alerting section (parsed with its defaults). */
export function runtimeConfig(alerting: unknown = {}, overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  return {
    file: '/tmp/quarkpulse-test/config/quarkpulse.yml',
    devices: [],
    queue: { prefix: 'qp-test', concurrency: 1 },
    http: { listen: '127.0.0.1:0', externalUrl: 'http://qp.test:9877' },
    alerting: alertingSchema.parse(alerting),
    backup: {
      dir: '/tmp/quarkpulse-test/backups',
      weeklyReport: { enabled: false, day: 'monday', time: '07:00', dir: '/tmp/quarkpulse-test/reports', sinceMs: 7 * 86_400_000 },
    },
    ...overrides,
  };
}
