/**
 * The small part of BER (X.690) that SNMP v1/v2c needs, written for the simulator's hot path:
 * decoders work on offsets into the datagram and report problems as values (never throw on bad
 * input); encoders build the varbind bytes once at load time.
 */
import { SnmpType, type Varbind, type VarbindValue } from '../probes/snmp/varbind';

// Typed as number, not literals: a TlvHeader is refilled in place, so comparing its tag with one
// must not narrow the field for the rest of the function.
export const TAG_INTEGER: number = 0x02;
export const TAG_OCTET_STRING: number = 0x04;
export const TAG_NULL: number = 0x05;
export const TAG_OID: number = 0x06;
export const TAG_SEQUENCE: number = 0x30;

/** SNMP allows at most 128 sub-identifiers (RFC 2578 §3.5); longer names are malformed. */
export const MAX_OID_ARCS = 128;

const MAX_UINT32 = 0xffffffff;
const MAX_UINT64 = 0xffffffffffffffffn;

/** A decoding problem: what is wrong and at which byte. */
export interface BerProblem {
  ok: false;
  error: string;
  offset: number;
}

export type BerResult<T> = { ok: true; value: T; next: number } | BerProblem;

function problem(error: string, offset: number): BerProblem {
  return { ok: false, error, offset };
}

// ---------------------------------------------------------------------------------------------
// Lengths and headers

/** Bytes the length field takes for a content of `len` bytes (definite form, minimal). */
export function lengthSize(len: number): number {
  if (len < 0x80) return 1;
  if (len < 0x100) return 2;
  if (len < 0x10000) return 3;
  if (len < 0x1000000) return 4;
  return 5;
}

/** Writes a minimal definite length at `off`; returns the offset after it. */
export function writeLength(buf: Buffer, off: number, len: number): number {
  if (len < 0x80) {
    buf[off] = len;
    return off + 1;
  }
  const n = lengthSize(len) - 1;
  buf[off++] = 0x80 | n;
  for (let i = n - 1; i >= 0; i--) buf[off++] = Math.floor(len / 2 ** (8 * i)) & 0xff;
  return off;
}

/**
 * Where a TLV's content lies. Reused by the decoder so that walking a datagram allocates nothing.
 * After a successful `readHeader`: content is buf[start, end), the next TLV starts at `end`.
 */
export class TlvHeader {
  tag = 0;
  start = 0;
  end = 0;
}

/**
 * Reads tag and length at `off` (the TLV must end at or before `limit`). Returns undefined on
 * success, else why the bytes are not a usable TLV. Only single-byte tags and definite lengths of
 * up to 4 length bytes: everything SNMP uses.
 */
export function readHeader(buf: Buffer, off: number, limit: number, out: TlvHeader): string | undefined {
  if (off >= limit) return 'truncated: tag expected';
  const tag = buf[off];
  if ((tag & 0x1f) === 0x1f) return 'multi-byte tags are not used by SNMP';
  if (off + 1 >= limit) return 'truncated: length expected';
  let len = buf[off + 1];
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) return 'indefinite length is not allowed';
    if (n > 4) return 'length field too long';
    if (p + n > limit) return 'truncated length field';
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
  }
  if (p + len > limit) return 'length exceeds the data';
  out.tag = tag;
  out.start = p;
  out.end = p + len;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Integers

/**
 * Signed INTEGER content (two's complement) as a number; undefined when empty or wider than
 * 6 bytes (beyond what any SNMP integer needs and what a double holds exactly).
 */
export function readSigned(buf: Buffer, start: number, end: number): number | undefined {
  const len = end - start;
  if (len < 1 || len > 6) return undefined;
  let v = buf[start] & 0x80 ? buf[start] - 256 : buf[start];
  for (let i = start + 1; i < end; i++) v = v * 256 + buf[i];
  return v;
}

/** Unsigned content (Counter32/Gauge32/TimeTicks/Counter64) as a bigint; undefined if it is negative or empty. */
export function readUnsigned(buf: Buffer, start: number, end: number): bigint | undefined {
  if (end <= start || buf[start] & 0x80) return undefined;
  let v = 0n;
  for (let i = start; i < end; i++) v = (v << 8n) | BigInt(buf[i]);
  return v;
}

/** Minimal two's-complement content of an integer (unsigned values get a leading 0x00 when their top bit is set). */
export function signedContent(value: number | bigint): Buffer {
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    let n = 1;
    while (n < 7 && (value < -(2 ** (8 * n - 1)) || value >= 2 ** (8 * n - 1))) n++;
    const out = Buffer.allocUnsafe(n);
    let v = value;
    for (let i = n - 1; i >= 0; i--) {
      out[i] = ((v % 256) + 256) % 256;
      v = Math.floor(v / 256);
    }
    return out;
  }
  let v = BigInt(value);
  const bytes: number[] = [];
  for (;;) {
    const byte = Number(v & 0xffn);
    bytes.push(byte);
    v >>= 8n;
    // Done once the remaining value is pure sign extension of the byte just written.
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Buffer.from(bytes.reverse());
}

/** Bytes a signed 32-bit integer takes as content (1-4). */
export function int32Size(v: number): number {
  if (v >= -0x80 && v < 0x80) return 1;
  if (v >= -0x8000 && v < 0x8000) return 2;
  if (v >= -0x800000 && v < 0x800000) return 3;
  return 4;
}

/** Writes a full INTEGER TLV for a signed 32-bit value; returns the offset after it. */
export function writeInt32Tlv(buf: Buffer, off: number, v: number): number {
  const n = int32Size(v);
  buf[off++] = TAG_INTEGER;
  buf[off++] = n;
  for (let i = n - 1; i >= 0; i--) buf[off++] = (v >> (8 * i)) & 0xff;
  return off;
}

// ---------------------------------------------------------------------------------------------
// OBJECT IDENTIFIER

/** Splits a dotted OID ("1.3.6.1" or ".1.3.6.1") into numbers; undefined if it is not one. */
export function parseOid(oid: string): number[] | undefined {
  const arcs: number[] = [];
  let i = oid.charCodeAt(0) === 46 ? 1 : 0;
  const len = oid.length;
  if (i >= len) return undefined;
  for (;;) {
    let v = 0;
    const first = i;
    for (let c = oid.charCodeAt(i); c >= 48 && c <= 57; c = oid.charCodeAt(++i)) v = v * 10 + (c - 48);
    if (i === first || v > MAX_UINT32 || arcs.length === MAX_OID_ARCS) return undefined;
    arcs.push(v);
    if (i === len) break;
    if (oid.charCodeAt(i) !== 46 || i + 1 === len) return undefined;
    i++;
  }
  if (arcs.length < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39)) return undefined;
  return arcs;
}

function subIdSize(n: number): number {
  let groups = 1;
  while (groups < 5 && n >= 128 ** groups) groups++;
  return groups;
}

function writeSubId(buf: Buffer, off: number, n: number): number {
  for (let g = subIdSize(n) - 1; g > 0; g--) buf[off++] = (Math.floor(n / 128 ** g) % 128) | 0x80;
  buf[off++] = n % 128;
  return off;
}

/** Bytes of OBJECT IDENTIFIER content for these arcs. */
export function oidContentSize(arcs: readonly number[]): number {
  let size = subIdSize(arcs[0] * 40 + arcs[1]);
  for (let i = 2; i < arcs.length; i++) size += subIdSize(arcs[i]);
  return size;
}

/** Writes OBJECT IDENTIFIER content (base-128 sub-identifiers, the first two arcs combined); returns the offset after it. */
export function writeOidContent(buf: Buffer, off: number, arcs: readonly number[]): number {
  off = writeSubId(buf, off, arcs[0] * 40 + arcs[1]);
  for (let i = 2; i < arcs.length; i++) off = writeSubId(buf, off, arcs[i]);
  return off;
}

export function oidContent(arcs: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(oidContentSize(arcs));
  writeOidContent(out, 0, arcs);
  return out;
}

/**
 * Decodes OID content into `out` starting at `outOff`; returns the number of arcs, or a negative
 * number when malformed (-1 empty/truncated/non-minimal, -2 too many arcs, -3 sub-id beyond 2^32-1).
 */
export function readOidArcs(buf: Buffer, start: number, end: number, out: Float64Array, outOff: number): number {
  if (end <= start) return -1;
  let n = 0;
  let p = start;
  while (p < end) {
    if (buf[p] === 0x80) return -1; // a sub-identifier must not start with a zero group
    let v = 0;
    let b: number;
    do {
      if (p >= end) return -1;
      b = buf[p++];
      v = v * 128 + (b & 0x7f);
      if (v > MAX_UINT32 * 128) return -3;
    } while (b & 0x80);
    if (n === 0) {
      if (v > MAX_UINT32 + 80) return -3;
      if (outOff + 2 > out.length) return -2;
      const first = v < 40 ? 0 : v < 80 ? 1 : 2;
      out[outOff] = first;
      out[outOff + 1] = v - first * 40;
      n = 2;
    } else {
      if (v > MAX_UINT32) return -3;
      if (n >= MAX_OID_ARCS || outOff + n >= out.length) return -2;
      out[outOff + n++] = v;
    }
  }
  return n;
}

/** Decodes OID content to dotted text; for tests and diagnostics, not the hot path. */
export function readOid(buf: Buffer, start: number, end: number): string | undefined {
  const arcs = new Float64Array(MAX_OID_ARCS);
  const n = readOidArcs(buf, start, end, arcs, 0);
  if (n < 0) return undefined;
  return Array.from(arcs.subarray(0, n)).join('.');
}

// ---------------------------------------------------------------------------------------------
// Whole TLVs and varbinds (load time and tests)

export function tlv(tag: number, content: Buffer): Buffer {
  const out = Buffer.allocUnsafe(1 + lengthSize(content.length) + content.length);
  out[0] = tag;
  const p = writeLength(out, 1, content.length);
  content.copy(out, p);
  return out;
}

/** The value as an exact integer: a safe-integer number stays a number (fast path), else a bigint. */
function asInteger(value: VarbindValue, what: string): number | bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint') return value;
  if (Buffer.isBuffer(value) && value.length >= 1 && value.length <= 9) {
    // net-snmp hands Counter64 values over as big-endian byte strings.
    let v = 0n;
    for (const b of value) v = (v << 8n) | BigInt(b);
    return v;
  }
  throw new TypeError(`${what}: expected an integer, got ${typeof value === 'number' ? value : typeof value}`);
}

function inRange(v: number | bigint, min: number | bigint, max: number | bigint): boolean {
  return v >= min && v <= max;
}

/** The value TLV of a varbind; throws TypeError/RangeError when type and value do not fit (load-time input). */
export function encodeValue(type: number, value: VarbindValue): Buffer {
  switch (type) {
    case SnmpType.Integer: {
      const v = asInteger(value, 'Integer32');
      if (!inRange(v, -0x80000000, 0x7fffffff)) throw new RangeError(`Integer32 out of range: ${v}`);
      return tlv(type, signedContent(v));
    }
    case SnmpType.Counter32:
    case SnmpType.Gauge32:
    case SnmpType.TimeTicks: {
      const v = asInteger(value, 'unsigned 32-bit value');
      if (!inRange(v, 0, MAX_UINT32)) throw new RangeError(`unsigned 32-bit value out of range: ${v}`);
      return tlv(type, signedContent(v));
    }
    case SnmpType.Counter64: {
      const v = asInteger(value, 'Counter64');
      if (!inRange(v, 0, MAX_UINT64)) throw new RangeError(`Counter64 out of range: ${v}`);
      return tlv(type, signedContent(v));
    }
    case SnmpType.OctetString:
    case SnmpType.Opaque:
      if (Buffer.isBuffer(value)) return tlv(type, value);
      if (typeof value === 'string') return tlv(type, Buffer.from(value, 'utf8'));
      throw new TypeError(`OCTET STRING: expected a Buffer or string, got ${typeof value}`);
    case SnmpType.Null:
      return Buffer.from([TAG_NULL, 0]);
    case SnmpType.ObjectIdentifier: {
      const arcs = typeof value === 'string' ? parseOid(value) : undefined;
      if (!arcs) throw new TypeError(`OBJECT IDENTIFIER: bad value ${String(value)}`);
      return tlv(TAG_OID, oidContent(arcs));
    }
    case SnmpType.IpAddress: {
      if (Buffer.isBuffer(value) && value.length === 4) return tlv(type, value);
      const parts = typeof value === 'string' ? value.split('.') : [];
      if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
        throw new TypeError(`IpAddress: bad value ${String(value)}`);
      }
      return tlv(type, Buffer.from(parts.map(Number)));
    }
    default:
      throw new TypeError(`type ${type} cannot be served`);
  }
}

/** OID TLV from dotted text; throws TypeError on a bad OID (load-time input). */
export function encodeOid(oid: string): Buffer {
  const arcs = parseOid(oid);
  if (!arcs) throw new TypeError(`bad OID "${oid}"`);
  return tlv(TAG_OID, oidContent(arcs));
}

/** SEQUENCE { name, value }: the bytes a response carries for one varbind. */
export function encodeVarbind(vb: Varbind): Buffer {
  return tlv(TAG_SEQUENCE, Buffer.concat([encodeOid(vb.oid), encodeValue(vb.type, vb.value)]));
}

/**
 * Decodes one varbind at `off` into the project's Varbind shape (Counter64 as bigint, OCTET STRING
 * as Buffer). For tests and the bench client; the agent itself never decodes values.
 */
export function decodeVarbind(buf: Buffer, off = 0, limit = buf.length): BerResult<Varbind> {
  const h = new TlvHeader();
  let err = readHeader(buf, off, limit, h);
  if (err) return problem(err, off);
  if (h.tag !== TAG_SEQUENCE) return problem('varbind: SEQUENCE expected', off);
  const next = h.end;
  const seqEnd = h.end;
  const oidAt = h.start;
  err = readHeader(buf, oidAt, seqEnd, h);
  if (err) return problem(err, oidAt);
  if (h.tag !== TAG_OID) return problem('varbind: OBJECT IDENTIFIER expected', oidAt);
  const oid = readOid(buf, h.start, h.end);
  if (oid === undefined) return problem('varbind: malformed OBJECT IDENTIFIER', oidAt);
  const valueAt = h.end;
  err = readHeader(buf, valueAt, seqEnd, h);
  if (err) return problem(err, valueAt);
  if (h.end !== seqEnd) return problem('varbind: bytes after the value', h.end);
  const value = decodeValue(buf, h);
  if (typeof value === 'string') return problem(value, valueAt);
  return { ok: true, value: { oid, type: h.tag, value: value.v }, next };
}

function decodeValue(buf: Buffer, h: TlvHeader): { v: VarbindValue } | string {
  const { tag, start, end } = h;
  switch (tag) {
    case SnmpType.Integer: {
      const v = readSigned(buf, start, end);
      if (v === undefined || end - start > 4) return 'bad Integer32';
      return { v };
    }
    case SnmpType.Counter32:
    case SnmpType.Gauge32:
    case SnmpType.TimeTicks: {
      const v = readUnsigned(buf, start, end);
      if (v === undefined || v > BigInt(MAX_UINT32)) return 'bad unsigned 32-bit value';
      return { v: Number(v) };
    }
    case SnmpType.Counter64: {
      const v = readUnsigned(buf, start, end);
      if (v === undefined || v > MAX_UINT64) return 'bad Counter64';
      return { v };
    }
    case SnmpType.OctetString:
    case SnmpType.Opaque:
      return { v: Buffer.from(buf.subarray(start, end)) };
    case SnmpType.IpAddress:
      if (end - start !== 4) return 'bad IpAddress';
      return { v: `${buf[start]}.${buf[start + 1]}.${buf[start + 2]}.${buf[start + 3]}` };
    case SnmpType.ObjectIdentifier: {
      const v = readOid(buf, start, end);
      return v === undefined ? 'bad OBJECT IDENTIFIER' : { v };
    }
    case SnmpType.Null:
    case SnmpType.NoSuchObject:
    case SnmpType.NoSuchInstance:
    case SnmpType.EndOfMibView:
      return end === start ? { v: null } : 'NULL-like value with content';
    default:
      return `unknown value tag 0x${tag.toString(16)}`;
  }
}
