/**
 * One device's data, encoded once for serving: every varbind's response bytes in one buffer,
 * names as numeric arcs for binary search. Answering a request then only copies bytes.
 */
import { SnmpType, type Varbind } from '../probes/snmp/varbind';
import { encodeValue, lengthSize, oidContentSize, parseOid, writeLength, writeOidContent, TAG_OID, TAG_SEQUENCE } from './ber';
import { compareOids } from '../probes/snmp/oid';

export interface EncodeProblem {
  oid: string;
  reason: string;
}

export class EncodedMib {
  /** Entry i: varbind TLV at data[tlvStart[i], tlvStart[i+1]), its name TLV at data[oidStart[i], valueStart[i]). */
  constructor(
    readonly size: number,
    readonly data: Buffer,
    readonly tlvStart: Uint32Array,
    readonly oidStart: Uint32Array,
    readonly valueStart: Uint32Array,
    /** Arcs of entry i at arcs[arcStart[i], arcStart[i+1]). */
    readonly arcs: Uint32Array,
    readonly arcStart: Uint32Array,
    /** 1 where the value is a Counter64, which SNMPv1 cannot carry (RFC 3584 §4.2.2.1). */
    readonly counter64: Uint8Array,
  ) {}

  /** Compares entry i with the key arcs[off, off+len): negative if the entry sorts first. */
  compare(i: number, key: Float64Array, off: number, len: number): number {
    const arcs = this.arcs;
    let a = this.arcStart[i];
    const aEnd = this.arcStart[i + 1];
    const bEnd = off + len;
    let b = off;
    for (; a < aEnd && b < bEnd; a++, b++) {
      const d = arcs[a] - key[b];
      if (d !== 0) return d;
    }
    return aEnd - a - (bEnd - b);
  }

  /** First entry whose name is ≥ the key (size when none). */
  lowerBound(key: Float64Array, off: number, len: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, key, off, len) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First entry whose name is > the key (size when none): what GETNEXT returns. */
  upperBound(key: Float64Array, off: number, len: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, key, off, len) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the entry named exactly by the key, or -1. */
  find(key: Float64Array, off: number, len: number): number {
    const i = this.lowerBound(key, off, len);
    return i < this.size && this.compare(i, key, off, len) === 0 ? i : -1;
  }

  /** Number of leading arcs entry i shares with the key. */
  sharedArcs(i: number, key: Float64Array, off: number, len: number): number {
    const start = this.arcStart[i];
    const n = Math.min(this.arcStart[i + 1] - start, len);
    let k = 0;
    while (k < n && this.arcs[start + k] === key[off + k]) k++;
    return k;
  }

  oid(i: number): string {
    return Array.from(this.arcs.subarray(this.arcStart[i], this.arcStart[i + 1])).join('.');
  }
}

/**
 * Encodes varbinds for serving: sorted numerically, the first of duplicate names kept. A varbind
 * whose value cannot be encoded is left out and reported, never thrown.
 */
export function encodeMib(varbinds: readonly Varbind[]): { mib: EncodedMib; problems: EncodeProblem[] } {
  let sorted = varbinds;
  for (let i = 1; i < varbinds.length; i++) {
    if (compareOids(varbinds[i - 1].oid, varbinds[i].oid) > 0) {
      // Stable sort keeps "first one wins" for duplicates, as in parseSnmprec.
      sorted = [...varbinds].sort((a, b) => compareOids(a.oid, b.oid));
      break;
    }
  }
  const problems: EncodeProblem[] = [];
  const names: number[][] = [];
  const nameSizes: number[] = [];
  const values: Buffer[] = [];
  let dataSize = 0;
  let arcCount = 0;
  const c64: number[] = [];
  let last: string | undefined;
  for (const vb of sorted) {
    const oid = vb.oid.charCodeAt(0) === 46 ? vb.oid.slice(1) : vb.oid;
    if (oid === last) continue;
    const arcs = parseOid(oid);
    if (!arcs) {
      problems.push({ oid: vb.oid, reason: 'bad OID' });
      continue;
    }
    let value: Buffer;
    try {
      if (vb.type === SnmpType.NoSuchObject || vb.type === SnmpType.NoSuchInstance || vb.type === SnmpType.EndOfMibView) {
        throw new TypeError('an exception is not a value');
      }
      value = encodeValue(vb.type, vb.value);
    } catch (err) {
      problems.push({ oid: vb.oid, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    last = oid;
    const nameContent = oidContentSize(arcs);
    const nameSize = 1 + lengthSize(nameContent) + nameContent;
    names.push(arcs);
    nameSizes.push(nameContent);
    values.push(value);
    c64.push(vb.type === SnmpType.Counter64 ? 1 : 0);
    const content = nameSize + value.length;
    dataSize += 1 + lengthSize(content) + content;
    arcCount += arcs.length;
  }

  const size = names.length;
  const data = Buffer.alloc(dataSize);
  const tlvStart = new Uint32Array(size + 1);
  const oidStart = new Uint32Array(size);
  const valueStart = new Uint32Array(size);
  const arcs = new Uint32Array(arcCount);
  const arcStart = new Uint32Array(size + 1);
  let p = 0;
  let a = 0;
  for (let i = 0; i < size; i++) {
    const nameContent = nameSizes[i];
    tlvStart[i] = p;
    data[p] = TAG_SEQUENCE;
    p = writeLength(data, p + 1, 1 + lengthSize(nameContent) + nameContent + values[i].length);
    oidStart[i] = p;
    data[p] = TAG_OID;
    p = writeLength(data, p + 1, nameContent);
    p = writeOidContent(data, p, names[i]);
    valueStart[i] = p;
    p += values[i].copy(data, p);
    arcStart[i] = a;
    const name = names[i];
    for (let k = 0; k < name.length; k++) arcs[a++] = name[k];
  }
  tlvStart[size] = p;
  arcStart[size] = a;
  return { mib: new EncodedMib(size, data, tlvStart, oidStart, valueStart, arcs, arcStart, Uint8Array.from(c64)), problems };
}
