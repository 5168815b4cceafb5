/**
 * A printer result's supplies as forecast input, and the forecast as samples. Pure.
 * A supply is one `supply_index`; its level and max capacity are the probe's own samples.
 */
import type { Sample } from '../metrics/names';
import type { LevelPoint } from './forecast';

export interface SupplyReading {
  /** prtMarkerSuppliesTable row index: the key of the supply's history. */
  index: string;
  /** The labels of its quarkpulse_printer_supply_level sample (the days-left series has the same). */
  labels: Record<string, string>;
  point: LevelPoint;
}

/** Every supply with a level sample; a missing max capacity counts as -2 (unknown). */
export function supplyReadings(samples: readonly Sample[], timeMs: number): SupplyReading[] {
  const max = new Map<string, number>();
  for (const s of samples) if (s.name === 'quarkpulse_printer_supply_max_capacity') max.set(s.labels.supply_index, s.value);
  const out: SupplyReading[] = [];
  for (const s of samples) {
    if (s.name !== 'quarkpulse_printer_supply_level' || s.labels.supply_index === undefined) continue;
    out.push({ index: s.labels.supply_index, labels: s.labels, point: { timeMs, level: s.value, maxCapacity: max.get(s.labels.supply_index) ?? -2 } });
  }
  return out;
}

export function daysLeftSample(reading: SupplyReading, daysLeft: number): Sample {
  return { name: 'quarkpulse_printer_supply_days_left', labels: reading.labels, value: daysLeft };
}
