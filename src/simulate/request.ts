/**
 * SNMP v1/v2c request messages: decoding into a reusable structure (no allocation per varbind) and,
 * for tests and the bench client, encoding.
 *
 *   Message ::= SEQUENCE { version INTEGER, community OCTET STRING, pdu }
 *   pdu     ::= [A0|A1|A3|A5] { request-id, error-status|non-repeaters, error-index|max-repetitions,
 *                               SEQUENCE OF SEQUENCE { name OBJECT IDENTIFIER, value ANY } }
 */
import {
  MAX_OID_ARCS,
  TAG_INTEGER,
  TAG_NULL,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
  TlvHeader,
  decodeVarbind,
  encodeOid,
  readHeader,
  readOidArcs,
  readSigned,
  signedContent,
  tlv,
} from './ber';
import type { Varbind } from '../probes/snmp/varbind';

export const VERSION_1 = 0;
export const VERSION_2C = 1;

export const PDU_GET: number = 0xa0;
export const PDU_GETNEXT: number = 0xa1;
export const PDU_RESPONSE: number = 0xa2;
export const PDU_SET: number = 0xa3;
export const PDU_GETBULK: number = 0xa5;

export interface RequestProblem {
  /** malformed: not a valid message; unsupported: valid, but nothing this agent answers (v3, traps, v1 GETBULK). */
  kind: 'malformed' | 'unsupported';
  reason: string;
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/**
 * One decoded request. The agent keeps a single instance and decodes every datagram into it, so
 * the per-varbind data lives in typed arrays: varbind i has its name's arcs at
 * arcs[arcStart[i] .. arcStart[i] + arcLen[i]), its name TLV at datagram[oidStart[i], oidEnd[i])
 * and the whole varbind TLV at datagram[vbStart[i], vbEnd[i]).
 */
export class DecodedRequest {
  version = 0;
  community = '';
  /** The community TLV (tag, length, bytes) as received; the response repeats it verbatim. */
  communityTlvStart = 0;
  communityTlvEnd = 0;
  pduType = 0;
  requestId = 0;
  /** error-status in GET/GETNEXT/SET, non-repeaters in GETBULK. */
  nonRepeaters = 0;
  /** error-index in GET/GETNEXT/SET, max-repetitions in GETBULK. */
  maxRepetitions = 0;
  count = 0;
  arcs: Float64Array = new Float64Array(1024);
  arcStart: Int32Array = new Int32Array(32);
  arcLen: Int32Array = new Int32Array(32);
  oidStart: Int32Array = new Int32Array(32);
  oidEnd: Int32Array = new Int32Array(32);
  vbStart: Int32Array = new Int32Array(32);
  vbEnd: Int32Array = new Int32Array(32);

  /** Dotted name of varbind i (tests, logs). */
  oid(i: number): string {
    return Array.from(this.arcs.subarray(this.arcStart[i], this.arcStart[i] + this.arcLen[i])).join('.');
  }

  /** Room for one more varbind whose name may take MAX_OID_ARCS arcs. */
  reserve(nextArc: number): void {
    if (this.count >= this.arcStart.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.arcStart = grow(this.arcStart);
      this.arcLen = grow(this.arcLen);
      this.oidStart = grow(this.oidStart);
      this.oidEnd = grow(this.oidEnd);
      this.vbStart = grow(this.vbStart);
      this.vbEnd = grow(this.vbEnd);
    }
    if (nextArc + MAX_OID_ARCS > this.arcs.length) {
      const b = new Float64Array(Math.max(this.arcs.length * 2, nextArc + MAX_OID_ARCS));
      b.set(this.arcs);
      this.arcs = b;
    }
  }
}

const h = new TlvHeader();

function malformed(reason: string): RequestProblem {
  return { kind: 'malformed', reason };
}

function readInt32(buf: Buffer, off: number, limit: number, what: string): RequestProblem | number {
  const err = readHeader(buf, off, limit, h);
  if (err) return malformed(`${what}: ${err}`);
  if (h.tag !== TAG_INTEGER) return malformed(`${what}: INTEGER expected`);
  const v = readSigned(buf, h.start, h.end);
  if (v === undefined || v < INT32_MIN || v > INT32_MAX) return malformed(`${what}: not a 32-bit integer`);
  return v;
}

/**
 * Decodes a datagram into `into`. Returns undefined when it is a request this agent answers,
 * else the problem. Never throws on bad input.
 */
export function decodeRequest(buf: Buffer, into: DecodedRequest): RequestProblem | undefined {
  into.count = 0;
  let err = readHeader(buf, 0, buf.length, h);
  if (err) return malformed(`message: ${err}`);
  if (h.tag !== TAG_SEQUENCE) return malformed('message: SEQUENCE expected');
  if (h.end !== buf.length) return malformed('message: bytes after the message');
  const msgEnd = h.end;

  const version = readInt32(buf, h.start, msgEnd, 'version');
  if (typeof version !== 'number') return version;
  into.version = version;
  if (version !== VERSION_1 && version !== VERSION_2C) return { kind: 'unsupported', reason: `SNMP version code ${version}` };

  const communityAt = h.end;
  err = readHeader(buf, communityAt, msgEnd, h);
  if (err) return malformed(`community: ${err}`);
  if (h.tag !== TAG_OCTET_STRING) return malformed('community: OCTET STRING expected');
  into.communityTlvStart = communityAt;
  into.communityTlvEnd = h.end;
  into.community = buf.toString('utf8', h.start, h.end);

  const pduAt = h.end;
  err = readHeader(buf, pduAt, msgEnd, h);
  if (err) return malformed(`pdu: ${err}`);
  if (h.end !== msgEnd) return malformed('pdu: bytes after the PDU');
  const pduType = h.tag;
  into.pduType = pduType;
  if (pduType !== PDU_GET && pduType !== PDU_GETNEXT && pduType !== PDU_SET && pduType !== PDU_GETBULK) {
    return { kind: 'unsupported', reason: `PDU type 0x${pduType.toString(16)}` };
  }
  const pduEnd = h.end;

  const requestId = readInt32(buf, h.start, pduEnd, 'request-id');
  if (typeof requestId !== 'number') return requestId;
  into.requestId = requestId;
  const f2 = readInt32(buf, h.end, pduEnd, pduType === PDU_GETBULK ? 'non-repeaters' : 'error-status');
  if (typeof f2 !== 'number') return f2;
  into.nonRepeaters = f2;
  const f3 = readInt32(buf, h.end, pduEnd, pduType === PDU_GETBULK ? 'max-repetitions' : 'error-index');
  if (typeof f3 !== 'number') return f3;
  into.maxRepetitions = f3;

  err = readHeader(buf, h.end, pduEnd, h);
  if (err) return malformed(`varbind list: ${err}`);
  if (h.tag !== TAG_SEQUENCE) return malformed('varbind list: SEQUENCE expected');
  if (h.end !== pduEnd) return malformed('pdu: bytes after the varbind list');
  const listEnd = h.end;
  let p = h.start;
  let nextArc = 0;
  while (p < listEnd) {
    const i = into.count;
    into.reserve(nextArc);
    err = readHeader(buf, p, listEnd, h);
    if (err) return malformed(`varbind ${i + 1}: ${err}`);
    if (h.tag !== TAG_SEQUENCE) return malformed(`varbind ${i + 1}: SEQUENCE expected`);
    const vbEnd = h.end;
    into.vbStart[i] = p;
    into.vbEnd[i] = vbEnd;
    const oidAt = h.start;
    err = readHeader(buf, oidAt, vbEnd, h);
    if (err) return malformed(`varbind ${i + 1} name: ${err}`);
    if (h.tag !== TAG_OID) return malformed(`varbind ${i + 1}: OBJECT IDENTIFIER expected`);
    const n = readOidArcs(buf, h.start, h.end, into.arcs, nextArc);
    if (n < 0) return malformed(`varbind ${i + 1}: ${n === -2 ? 'too many sub-identifiers' : n === -3 ? 'sub-identifier out of range' : 'malformed OBJECT IDENTIFIER'}`);
    into.oidStart[i] = oidAt;
    into.oidEnd[i] = h.end;
    into.arcStart[i] = nextArc;
    into.arcLen[i] = n;
    nextArc += n;
    // The value (NULL in requests) is not looked at, only checked to fill the varbind exactly.
    err = readHeader(buf, h.end, vbEnd, h);
    if (err) return malformed(`varbind ${i + 1} value: ${err}`);
    if (h.end !== vbEnd) return malformed(`varbind ${i + 1}: bytes after the value`);
    into.count = i + 1;
    p = vbEnd;
  }
  if (version === VERSION_1 && pduType === PDU_GETBULK) return { kind: 'unsupported', reason: 'GETBULK in SNMPv1' };
  return undefined;
}

export interface RequestSpec {
  version: number;
  community: string;
  pduType: number;
  requestId: number;
  /** GETBULK non-repeaters (error-status otherwise). */
  nonRepeaters?: number;
  /** GETBULK max-repetitions (error-index otherwise). */
  maxRepetitions?: number;
  oids: string[];
}

/** Encodes a request (values NULL). For tests and the bench client. */
export function encodeRequest(spec: RequestSpec): Buffer {
  const int = (v: number): Buffer => tlv(TAG_INTEGER, signedContent(v));
  const varbinds = spec.oids.map((oid) => tlv(TAG_SEQUENCE, Buffer.concat([encodeOid(oid), Buffer.from([TAG_NULL, 0])])));
  const pdu = tlv(
    spec.pduType,
    Buffer.concat([int(spec.requestId), int(spec.nonRepeaters ?? 0), int(spec.maxRepetitions ?? 0), tlv(TAG_SEQUENCE, Buffer.concat(varbinds))]),
  );
  return tlv(TAG_SEQUENCE, Buffer.concat([int(spec.version), tlv(TAG_OCTET_STRING, Buffer.from(spec.community, 'utf8')), pdu]));
}

export interface DecodedResponse {
  version: number;
  community: string;
  pduType: number;
  requestId: number;
  errorStatus: number;
  errorIndex: number;
  varbinds: Varbind[];
}

/**
 * Decodes a whole message with its varbind values (any PDU type); for tests and the bench
 * client, not the agent's hot path. Never throws on bad input.
 */
export function decodeResponse(buf: Buffer): DecodedResponse | RequestProblem {
  const hh = new TlvHeader();
  let err = readHeader(buf, 0, buf.length, hh);
  if (err) return malformed(`message: ${err}`);
  if (hh.tag !== TAG_SEQUENCE || hh.end !== buf.length) return malformed('message: one SEQUENCE expected');
  const msgEnd = hh.end;
  const ints: number[] = [];
  const readInt = (at: number, limit: number): number | undefined => {
    if (readHeader(buf, at, limit, hh) || hh.tag !== TAG_INTEGER) return undefined;
    const v = readSigned(buf, hh.start, hh.end);
    if (v !== undefined) ints.push(v);
    return v === undefined ? undefined : hh.end;
  };
  let p = readInt(hh.start, msgEnd);
  if (p === undefined) return malformed('version: INTEGER expected');
  err = readHeader(buf, p, msgEnd, hh);
  if (err || hh.tag !== TAG_OCTET_STRING) return malformed('community: OCTET STRING expected');
  const community = buf.toString('utf8', hh.start, hh.end);
  err = readHeader(buf, hh.end, msgEnd, hh);
  if (err || hh.end !== msgEnd) return malformed(`pdu: ${err ?? 'bytes after the PDU'}`);
  const pduType = hh.tag;
  const pduEnd = hh.end;
  p = hh.start;
  for (let k = 0; k < 3; k++) {
    const next = readInt(p, pduEnd);
    if (next === undefined) return malformed('pdu: INTEGER expected');
    p = next;
  }
  err = readHeader(buf, p, pduEnd, hh);
  if (err || hh.tag !== TAG_SEQUENCE || hh.end !== pduEnd) return malformed('varbind list: SEQUENCE expected');
  const varbinds: Varbind[] = [];
  const listEnd = hh.end;
  for (let at = hh.start; at < listEnd; ) {
    const vb = decodeVarbind(buf, at, listEnd);
    if (!vb.ok) return malformed(`varbind ${varbinds.length + 1}: ${vb.error}`);
    varbinds.push(vb.value);
    at = vb.next;
  }
  return { version: ints[0], community, pduType, requestId: ints[1], errorStatus: ints[2], errorIndex: ints[3], varbinds };
}
