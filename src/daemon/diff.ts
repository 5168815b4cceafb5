/**
 * Pure: which devices a reload added, removed or changed. Targets are compared by a fingerprint
 * in which each Secret counts by a hash of its value, so a new community is a change while the
 * value itself is never kept or logged.
 */
import { createHash } from 'node:crypto';
import { Secret } from '../config/secret';
import type { DeviceTarget } from '../inventory/types';

export interface DeviceDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export function fingerprint(target: DeviceTarget): string {
  const json = JSON.stringify(target, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `value` has already been through Secret.toJSON ("<secret>"); the holder still has the Secret.
    const raw = key === '' ? value : this[key];
    if (raw instanceof Secret) return `secret:${createHash('sha256').update(raw.reveal()).digest('hex')}`;
    return value;
  });
  return createHash('sha256').update(json).digest('hex');
}

export function diffDevices(before: DeviceTarget[], after: DeviceTarget[]): DeviceDiff {
  const old = new Map(before.map((d) => [d.name, fingerprint(d)]));
  const next = new Map(after.map((d) => [d.name, fingerprint(d)]));
  const diff: DeviceDiff = { added: [], removed: [], changed: [] };
  for (const [name, fp] of next) {
    const was = old.get(name);
    if (was === undefined) diff.added.push(name);
    else if (was !== fp) diff.changed.push(name);
  }
  for (const name of old.keys()) if (!next.has(name)) diff.removed.push(name);
  return diff;
}
