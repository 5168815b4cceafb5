/**
 * HOST-RESOURCES-TYPES (RFC 2790) hrStorageTypes, as the `type` label of the host storage
 * metrics. hrStorageType is an OID; the label is the snake_case name of the registration.
 */
import { HR_STORAGE_TYPES } from './oids';

/** hrStorageTypes.<n> → label value. */
export const HR_STORAGE_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'other',
  2: 'ram',
  3: 'virtual_memory',
  4: 'fixed_disk',
  5: 'removable_disk',
  6: 'floppy_disk',
  7: 'compact_disc',
  8: 'ram_disk',
  9: 'flash_memory',
  10: 'network_disk',
};

/**
 * The label for an hrStorageType OID (leading dot allowed). Anything that is not one of the
 * registered hrStorageTypes (vendor OIDs, agents that put hrFSTypes here) is `other`, which keeps
 * the label set closed.
 */
export function storageTypeName(oid: string): string {
  const start = oid.charCodeAt(0) === 46 ? 1 : 0;
  if (!oid.startsWith(HR_STORAGE_TYPES, start) || oid.charCodeAt(start + HR_STORAGE_TYPES.length) !== 46) return 'other';
  let n = 0;
  let digits = 0;
  for (let i = start + HR_STORAGE_TYPES.length + 1; i < oid.length; i++) {
    const c = oid.charCodeAt(i);
    if (c < 48 || c > 57) return 'other';
    n = n * 10 + (c - 48);
    digits++;
  }
  if (digits === 0 || digits > 3) return 'other';
  return HR_STORAGE_TYPE_NAMES[n] ?? 'other';
}
