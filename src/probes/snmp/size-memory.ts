/**
 * Where the probe keeps each device's working request size (sizing.ts SizeRecord) so that a
 * restarted daemon, or another worker polling the same device, starts from what worked instead
 * of learning it again (a silence costs a timeout). In memory for a single process; on Redis
 * (queue/redis-size-memory.ts) when workers share a queue.
 */
import type { SizeRecord } from './sizing';

export interface SnmpSizeMemory {
  get(device: string): Promise<SizeRecord | undefined>;
  set(device: string, record: SizeRecord): Promise<void>;
  forget(device: string): Promise<void>;
  close(): Promise<void>;
}

export class MemorySizeMemory implements SnmpSizeMemory {
  readonly #records = new Map<string, SizeRecord>();

  async get(device: string): Promise<SizeRecord | undefined> {
    return this.#records.get(device);
  }

  async set(device: string, record: SizeRecord): Promise<void> {
    this.#records.set(device, { ...record });
  }

  async forget(device: string): Promise<void> {
    this.#records.delete(device);
  }

  async close(): Promise<void> {}
}

const OID = /^\d+(\.\d+)+$/;

/** A stored record, checked field by field (it may come from another version or be damaged). */
export function parseSizeRecord(text: string | null | undefined): SizeRecord | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const positive = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1;
  if (!positive(v.working) || typeof v.since !== 'number' || !Number.isFinite(v.since)) return undefined;
  const record: SizeRecord = { working: v.working, since: v.since };
  if (positive(v.ceiling)) record.ceiling = v.ceiling;
  if (v.reason === 'truncated' || v.reason === 'tooBig' || v.reason === 'silence') record.reason = v.reason;
  if (positive(v.bytes) && positive(v.bytesPerVarbind)) {
    record.bytes = v.bytes;
    record.bytesPerVarbind = v.bytesPerVarbind;
  }
  if (Array.isArray(v.emptyColumns)) {
    const oids = v.emptyColumns.filter((x): x is string => typeof x === 'string' && OID.test(x));
    if (oids.length > 0) record.emptyColumns = oids;
  }
  return record;
}
