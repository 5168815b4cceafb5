/**
 * What a process that serves every device keeps of each result besides its exposition text: the
 * result without most of its samples. An overview of all devices (the status page: identity,
 * uptime, printer state, supplies, conditions; availability and staleness from the entry itself)
 * needs only these; the rest — interfaces and their counters, most of a switch's ~20 KB — is read
 * per device when needed (ResultStore.forDevice / forDevices). At 10,000 devices that is ~1.5
 * million decoded samples (several hundred MB) no longer held beside their rendered text.
 */
import type { DeviceMetricName } from '../metrics/names';
import type { StoredResult } from './stored-result';

export const SUMMARY_METRICS: ReadonlySet<DeviceMetricName> = new Set<DeviceMetricName>([
  'quarkpulse_device_info',
  'quarkpulse_device_uptime_seconds',
  'quarkpulse_printer_status',
  'quarkpulse_printer_error',
  'quarkpulse_printer_supply_level',
  'quarkpulse_printer_supply_level_ratio',
]);

/** `entry` with only its SUMMARY_METRICS samples (the same object when it has no other). */
export function summaryOf(entry: StoredResult): StoredResult {
  const samples = entry.result.samples;
  let kept = 0;
  for (const s of samples) if (SUMMARY_METRICS.has(s.name)) kept++;
  if (kept === samples.length) return entry;
  return { ...entry, result: { ...entry.result, samples: samples.filter((s) => SUMMARY_METRICS.has(s.name)) } };
}
