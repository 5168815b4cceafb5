import type { StoredResult } from '../../../src/metrics/store';
import type { Sample } from '../../../src/metrics/names';
import type { ProbeKind } from '../../../src/probes/types';
import type { DeviceTarget } from '../../../src/inventory/types';
import { alertingSchema, type AlertingConfig } from '../../../src/config/alerting';
import { deviceTarget } from '../../helpers/targets';

export const T0 = Date.parse('2025-03-03T10:00:00Z'); // a Monday
export const MIN = 60_000;

export function result(
  device: string,
  atMs: number,
  samples: Sample[],
  opts: { probe?: ProbeKind; success?: boolean; client?: string; site?: string; kind?: DeviceTarget['kind']; intervalSeconds?: number } = {},
): StoredResult {
  const probe = opts.probe ?? 'snmp';
  return {
    device,
    client: opts.client ?? 'acme',
    site: opts.site ?? 'hq',
    kind: opts.kind ?? 'printer',
    probe,
    finishedAtMs: atMs,
    intervalSeconds: opts.intervalSeconds ?? 60,
    worker: 'test:1',
    result: { probe, success: opts.success ?? true, durationSeconds: 0.1, samples },
  };
}

export const jam = (on: boolean): Sample => ({ name: 'quarkpulse_printer_error', labels: { condition: 'jammed' }, value: on ? 1 : 0 });

export const supplyRatio = (value: number, supply = 'Black Toner', index = '1.1', type = 'toner'): Sample => ({
  name: 'quarkpulse_printer_supply_level_ratio',
  labels: { supply_index: index, supply, supply_type: type, color: 'black' },
  value,
});

export function target(name: string, extra: Partial<DeviceTarget> = {}): DeviceTarget {
  return deviceTarget(name, { kind: 'printer', intervals: { snmp: 60, icmp: 60, backup: 86400 }, snmp: undefined, icmp: undefined, ...extra });
}

export function alertingConfig(input: unknown = {}): AlertingConfig {
  return alertingSchema.parse(input);
}
