/**
 * Varbind → typed value, for the decoders. Every function answers `undefined` for anything it
 * cannot read (exceptions, NULL, wrong SNMP type, wrong JS representation) instead of throwing:
 * one odd varbind costs one value, never the poll. Allocation-free on the number paths.
 */
import { compareOids } from '../oid';
import { SnmpType, isException, type ColumnRows, type Varbind, type WalkResult } from '../varbind';

const TWO_POW_32 = 4294967296;

function isNumericType(type: number): boolean {
  return (
    type === SnmpType.Integer ||
    type === SnmpType.Counter32 ||
    type === SnmpType.Gauge32 ||
    type === SnmpType.TimeTicks ||
    type === SnmpType.Counter64
  );
}

/** Big-endian unsigned bytes → number (net-snmp hands Counter64 over as a Buffer). */
export function bufferToUnsigned(buf: Buffer): number {
  let n = 0;
  for (let i = 0; i < buf.length; i++) n = n * 256 + buf[i];
  return n;
}

/** The number an integer-typed varbind carries, as sent (Integer32 keeps its sign). */
export function intValue(vb: Varbind | undefined): number | undefined {
  if (vb === undefined || !isNumericType(vb.type)) return undefined;
  const v = vb.value;
  if (typeof v === 'number') return Number.isFinite(v) && Number.isInteger(v) ? v : undefined;
  if (typeof v === 'bigint') return Number(v);
  if (vb.type === SnmpType.Counter64 && Buffer.isBuffer(v) && v.length <= 9) return bufferToUnsigned(v);
  return undefined;
}

/**
 * The value read as an unsigned number: counters, gauges and the HOST-RESOURCES sizes that are
 * Integer32 in the MIB but wrap negative on big disks (two's complement → +2^32).
 */
export function unsignedValue(vb: Varbind | undefined): number | undefined {
  const n = intValue(vb);
  if (n === undefined) return undefined;
  if (n >= 0) return n;
  return n >= -2147483648 ? n + TWO_POW_32 : undefined;
}

/** OBJECT IDENTIFIER value, dotted without a leading dot. */
export function oidValue(vb: Varbind | undefined): string | undefined {
  if (vb === undefined || vb.type !== SnmpType.ObjectIdentifier || typeof vb.value !== 'string') return undefined;
  return vb.value.charCodeAt(0) === 46 ? vb.value.slice(1) : vb.value;
}

/** OCTET STRING bytes (a string value, as a test or simulator may give, counts as Latin-1 bytes). */
export function octetsValue(vb: Varbind | undefined): Buffer | undefined {
  if (vb === undefined) return undefined;
  if (vb.type !== SnmpType.OctetString && vb.type !== SnmpType.Opaque) return undefined;
  if (Buffer.isBuffer(vb.value)) return vb.value;
  if (typeof vb.value === 'string') return Buffer.from(vb.value, 'latin1');
  return undefined;
}

/** A column of the walk, or an empty map when the agent did not have it. */
const EMPTY: ColumnRows = new Map();
export function column(walk: WalkResult, columnOid: string): ColumnRows {
  return walk.columns.get(columnOid) ?? EMPTY;
}

/** Row index → number when it is a single positive sub-identifier ("12"), else undefined. */
export function singleIndex(index: string): number | undefined {
  const len = index.length;
  if (len === 0 || len > 10) return undefined;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = index.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    n = n * 10 + (c - 48);
  }
  return n > 0 && n <= 4294967295 ? n : undefined;
}

/**
 * Splits a two-part row index ("<hrDeviceIndex>.<row>", Printer-MIB) and answers the first part,
 * or undefined when the index is not exactly two positive sub-identifiers.
 */
export function deviceOfTwoPartIndex(index: string): string | undefined {
  const dot = index.indexOf('.');
  if (dot <= 0 || dot === index.length - 1 || index.indexOf('.', dot + 1) >= 0) return undefined;
  for (let i = 0; i < index.length; i++) {
    const c = index.charCodeAt(i);
    if (i !== dot && (c < 48 || c > 57)) return undefined;
  }
  return index.slice(0, dot);
}

/** Union of the row indexes of several columns (a table may lack any column), in OID order. */
export function rowIndexes(columns: readonly ColumnRows[]): string[] {
  const seen = new Set<string>();
  for (const rows of columns) for (const key of rows.keys()) seen.add(key);
  return Array.from(seen).sort(compareOids);
}

/** The row with the lowest index (the "first row" of a firstRowOnly column), skipping exceptions. */
export function firstRow(rows: ColumnRows): Varbind | undefined {
  let bestKey: string | undefined;
  let best: Varbind | undefined;
  for (const [key, vb] of rows) {
    if (isException(vb.type)) continue;
    if (bestKey === undefined || compareOids(key, bestKey) < 0) {
      bestKey = key;
      best = vb;
    }
  }
  return best;
}
