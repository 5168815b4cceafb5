/**
 * A failure reason comes from the device side (an error quoting what was sent, say): before it is
 * kept, logged or served, every secret of that device is cut out of it.
 */
import { Secret } from '../config/secret';
import type { DeviceTarget } from '../inventory/types';

export const SCRUBBED = '<secret>';

export function secretsOf(value: unknown, out: string[] = []): string[] {
  if (value instanceof Secret) {
    if (!value.isEmpty()) out.push(value.reveal());
  } else if (Array.isArray(value)) for (const item of value) secretsOf(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) secretsOf(item, out);
  return out;
}

export function scrubTarget(text: string, target: DeviceTarget | undefined): string {
  if (!target) return text;
  let out = text;
  for (const secret of secretsOf(target).sort((a, b) => b.length - a.length)) out = out.split(secret).join(SCRUBBED);
  return out;
}
