import type { StoredResult } from '../../../src/results/store';
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
  opts: { probe?: ProbeKind; success?: boolean; client?: string; site?: string; kind?: DeviceTarget['kind']; intervalMs?: number } = {},
): StoredResult {
  const probe = opts.probe ?? 'snmp';
  return {
    device,
    client: opts.client ?? 'acme',
    site: opts.site ?? 'hq',
    kind: opts.kind ?? 'printer',
    probe,
    finishedAtMs: atMs,
    intervalMs: opts.intervalMs ?? 60_000,
    worker: 'test:1',
    result: { probe, success: opts.success ?? true, durationMs: 100, samples },
  };
}

export const jam = (on: boolean): Sample => ({ name: 'quarkpulse_printer_error', labels: { condition: 'jammed' }, value: on ? 1 : 0 });

export const supplyRatio = (value: number, supply = 'Black Toner', index = '1.1', type = 'toner'): Sample => ({
  name: 'quarkpulse_printer_supply_level_ratio',
  labels: { supply_index: index, supply, supply_type: type, color: 'black' },
  value,
});

export function target(name: string, extra: Partial<DeviceTarget> = {}): DeviceTarget {
  return deviceTarget(name, { kind: 'printer', intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 86_400_000 }, snmp: undefined, icmp: undefined, ...extra });
}

export function alertingConfig(input: unknown = {}): AlertingConfig {
  return alertingSchema.parse(input);
}
