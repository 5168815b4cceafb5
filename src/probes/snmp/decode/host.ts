/**
 * HOST-RESOURCES-MIB (RFC 2790) processors and storage → CPU load and storage bytes, for any
 * device that answers (servers, firewalls, routers, printers alike).
 */
import { storageTypeName } from '../../../../mibs/host-enums';
import { HR_PROCESSOR_TABLE, HR_STORAGE_TABLE, columnOid } from '../../../../mibs/oids';
import type { Sample } from '../../../metrics/names';
import type { WalkResult } from '../varbind';
import { textValue } from './text';
import { column, intValue, oidValue, rowIndexes, singleIndex, unsignedValue } from './values';

export interface CpuRecord {
  /** hrDeviceIndex of the processor. */
  index: string;
  /** "cpu0", "cpu1", …: the processor's position in hrProcessorTable, readable where the index (196608…) is not. */
  name: string;
  /** hrProcessorLoad ÷ 100. */
  loadRatio: number;
}

export interface StorageRecord {
  index: string;
  /** hrStorageDescr as sent. */
  descr: string;
  /** hrStorageType name (ram, fixed_disk, …), `other` for unregistered or absent types. */
  type: string;
  sizeBytes?: number;
  usedBytes?: number;
}

export interface HostRecord {
  cpus: CpuRecord[];
  storage: StorageRecord[];
}

const LOAD = columnOid(HR_PROCESSOR_TABLE, 'hrProcessorLoad');
const T = {
  type: columnOid(HR_STORAGE_TABLE, 'hrStorageType'),
  descr: columnOid(HR_STORAGE_TABLE, 'hrStorageDescr'),
  units: columnOid(HR_STORAGE_TABLE, 'hrStorageAllocationUnits'),
  size: columnOid(HR_STORAGE_TABLE, 'hrStorageSize'),
  used: columnOid(HR_STORAGE_TABLE, 'hrStorageUsed'),
} as const;

export function decodeHost(walk: WalkResult): HostRecord {
  const cpus: CpuRecord[] = [];
  const load = column(walk, LOAD);
  for (const idx of rowIndexes([load])) {
    if (singleIndex(idx) === undefined) continue;
    const n = intValue(load.get(idx));
    if (n !== undefined && n >= 0) cpus.push({ index: idx, name: `cpu${cpus.length}`, loadRatio: n / 100 });
  }

  const storage: StorageRecord[] = [];
  const type = column(walk, T.type);
  const descr = column(walk, T.descr);
  const units = column(walk, T.units);
  const size = column(walk, T.size);
  const used = column(walk, T.used);
  for (const idx of rowIndexes([size, used])) {
    if (singleIndex(idx) === undefined) continue;
    // Bytes need the allocation unit; a row without one (or a nonsensical one) says nothing usable.
    const unit = intValue(units.get(idx));
    if (unit === undefined || unit <= 0) continue;
    const sz = unsignedValue(size.get(idx));
    const us = unsignedValue(used.get(idx));
    if (sz === undefined && us === undefined) continue;
    const typeOid = oidValue(type.get(idx));
    storage.push({
      index: idx,
      descr: textValue(descr.get(idx)) ?? '',
      type: typeOid === undefined ? 'other' : storageTypeName(typeOid),
      sizeBytes: sz === undefined ? undefined : sz * unit,
      usedBytes: us === undefined ? undefined : us * unit,
    });
  }
  return { cpus, storage };
}

export function hostSamples(r: HostRecord): Sample[] {
  const out: Sample[] = [];
  for (const c of r.cpus) out.push({ name: 'quarkpulse_host_cpu_load_ratio', labels: { cpu: c.index, name: c.name }, value: c.loadRatio });
  for (const s of r.storage) {
    const labels = { storage: s.descr, storage_index: s.index, type: s.type };
    if (s.sizeBytes !== undefined) out.push({ name: 'quarkpulse_host_storage_size_bytes', labels, value: s.sizeBytes });
    if (s.usedBytes !== undefined) out.push({ name: 'quarkpulse_host_storage_used_bytes', labels, value: s.usedBytes });
  }
  return out;
}
