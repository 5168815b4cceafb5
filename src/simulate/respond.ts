/**
 * Builds the Response-PDU for a decoded request against one device's encoded data. Pure apart
 * from its reusable scratch state: the response is assembled from byte ranges (pre-encoded
 * varbinds, names copied from the request) and written into one buffer.
 *
 * v1 (RFC 1157, RFC 3584): a missing name or the end of the MIB is error noSuchName with the
 * request's varbinds echoed; Counter64 values are invisible (GET → noSuchName, GETNEXT skips them).
 * v2c (RFC 3416): noSuchObject / noSuchInstance / endOfMibView exceptions per varbind; GETBULK.
 */
import { SnmpType } from '../probes/snmp/varbind';
import { TAG_INTEGER, TAG_NULL, TAG_SEQUENCE, int32Size, lengthSize, writeInt32Tlv, writeLength } from './ber';
import type { EncodedMib } from './mib';
import { type DecodedRequest, PDU_GET, PDU_GETBULK, PDU_GETNEXT, PDU_RESPONSE, PDU_SET, VERSION_1 } from './request';

export const ERR_TOO_BIG = 1;
export const ERR_NO_SUCH_NAME = 2;
export const ERR_NO_ACCESS = 6;

/** The largest UDP payload over IPv4. */
export const MAX_UDP_PAYLOAD = 65507;

export interface RespondOptions {
  /** Largest response datagram; GETBULK is cut short to fit, GET/GETNEXT answer tooBig. */
  maxMessageSize: number;
  /**
   * Fault mode for client tests: GETNEXT answers the greatest name below the one asked (the name
   * asked, with NULL, when there is none); GETBULK repeats that answer in every repetition.
   */
  loop?: boolean;
  /** Put this request-id in the response instead of the request's. */
  requestId?: number;
}

// Room for the headers around the varbind list (message, version, PDU, request-id, error fields,
// list header) apart from the community, with the widest length fields a datagram can need.
const HEADER_ROOM = 40;

/** Arcs of the shortest object name worth calling "existing" (e.g. sysUpTime 1.3.6.1.2.1.1.3). */
const MIN_OBJECT_ARCS = 8;

const PART_COPY = 0;
const PART_NAMED = 1;

export class Responder {
  /** Varbinds in the last response built. */
  varbinds = 0;

  // Parts of the varbind list: PART_COPY copies src[start, end) (a whole varbind TLV);
  // PART_NAMED writes SEQUENCE { src[start, end) (a name TLV), tag 00 } (exceptions, NULL).
  private n = 0;
  private total = 0;
  /** Varbinds in the parts (a part may hold several consecutive entries). */
  private count = 0;
  /** Size of the varbind added last and whether it was merged into the part before it. */
  private lastSize = 0;
  private lastMerged = false;
  private errorStatus = 0;
  private errorIndex = 0;
  private kind = new Uint8Array(64);
  private tag = new Uint8Array(64);
  private start = new Int32Array(64);
  private end = new Int32Array(64);
  private src: Buffer[] = new Array<Buffer>(64);
  private pos = new Int32Array(16);
  private served = new Uint8Array(16);

  respond(req: DecodedRequest, datagram: Buffer, mib: EncodedMib, opts: RespondOptions): Buffer | undefined {
    this.n = 0;
    this.total = 0;
    this.count = 0;
    this.errorStatus = 0;
    this.errorIndex = 0;
    const budget = opts.maxMessageSize - HEADER_ROOM - (req.communityTlvEnd - req.communityTlvStart);
    const loop = opts.loop === true;
    switch (req.pduType) {
      case PDU_GET:
        this.get(req, datagram, mib, budget);
        break;
      case PDU_GETNEXT:
        this.getNext(req, datagram, mib, budget, loop);
        break;
      case PDU_GETBULK:
        this.bulk(req, datagram, mib, budget, loop);
        break;
      case PDU_SET:
        // Read-only: v1 has no noAccess, so noSuchName as read-only v1 agents answer.
        this.fail(req.version === VERSION_1 ? ERR_NO_SUCH_NAME : ERR_NO_ACCESS, req.count > 0 ? 1 : 0);
        break;
      default:
        return undefined;
    }
    if (this.errorStatus !== 0) {
      this.n = 0;
      this.total = 0;
      this.count = 0;
      // v1 answers errors with the request's varbinds; v2c's tooBig carries none (RFC 3416 §4.2.1).
      if (req.version === VERSION_1 || this.errorStatus !== ERR_TOO_BIG) {
        for (let i = 0; i < req.count; i++) this.addCopy(datagram, req.vbStart[i], req.vbEnd[i]);
      }
    }
    return this.write(req, datagram, opts.requestId ?? req.requestId, this.errorStatus, this.errorIndex);
  }

  private fail(status: number, index: number): void {
    this.errorStatus = status;
    this.errorIndex = status === ERR_TOO_BIG ? 0 : index;
  }

  private get(req: DecodedRequest, datagram: Buffer, mib: EncodedMib, budget: number): void {
    const v1 = req.version === VERSION_1;
    for (let i = 0; i < req.count; i++) {
      const off = req.arcStart[i];
      const len = req.arcLen[i];
      const at = mib.lowerBound(req.arcs, off, len);
      if (at < mib.size && mib.compare(at, req.arcs, off, len) === 0 && !(v1 && mib.counter64[at] === 1)) {
        this.addEntry(mib, at);
      } else if (v1) {
        return this.fail(ERR_NO_SUCH_NAME, i + 1);
      } else {
        const shared = Math.max(at < mib.size ? mib.sharedArcs(at, req.arcs, off, len) : 0, at > 0 ? mib.sharedArcs(at - 1, req.arcs, off, len) : 0);
        // A guess, as the agent knows no MIB: the object exists (only this instance is missing)
        // when a neighbour shares all but the last arc, and objects lie below 1.3.6.1.x.y.z.
        const instance = shared >= len - 1 && shared >= MIN_OBJECT_ARCS;
        this.addNamed(datagram, req.oidStart[i], req.oidEnd[i], instance ? SnmpType.NoSuchInstance : SnmpType.NoSuchObject);
      }
      if (this.total > budget) return this.fail(ERR_TOO_BIG, 0);
    }
  }

  private getNext(req: DecodedRequest, datagram: Buffer, mib: EncodedMib, budget: number, loop: boolean): void {
    const v1 = req.version === VERSION_1;
    for (let i = 0; i < req.count; i++) {
      const at = this.next(req, i, mib, v1, loop);
      if (at === -2) {
        this.addNamed(datagram, req.oidStart[i], req.oidEnd[i], TAG_NULL);
      } else if (at < mib.size) {
        this.addEntry(mib, at);
      } else if (v1) {
        return this.fail(ERR_NO_SUCH_NAME, i + 1);
      } else {
        this.addNamed(datagram, req.oidStart[i], req.oidEnd[i], SnmpType.EndOfMibView);
      }
      if (this.total > budget) return this.fail(ERR_TOO_BIG, 0);
    }
  }

  /** GETNEXT target for varbind i: an entry index, mib.size at the end, -2 for "answer the name asked with NULL" (loop fault). */
  private next(req: DecodedRequest, i: number, mib: EncodedMib, v1: boolean, loop: boolean): number {
    const off = req.arcStart[i];
    const len = req.arcLen[i];
    if (loop) {
      // The greatest name below the one asked: even clients that accept an equal name notice.
      const below = mib.lowerBound(req.arcs, off, len) - 1;
      return below >= 0 ? below : -2;
    }
    let at = mib.upperBound(req.arcs, off, len);
    if (v1) while (at < mib.size && mib.counter64[at] === 1) at++;
    return at;
  }

  private bulk(req: DecodedRequest, datagram: Buffer, mib: EncodedMib, budget: number, loop: boolean): void {
    const nonRepeaters = Math.min(Math.max(req.nonRepeaters, 0), req.count);
    const maxRepetitions = Math.max(req.maxRepetitions, 0);
    for (let i = 0; i < nonRepeaters; i++) {
      const at = this.next(req, i, mib, false, loop);
      if (at === -2) this.addNamed(datagram, req.oidStart[i], req.oidEnd[i], TAG_NULL);
      else if (at < mib.size) this.addEntry(mib, at);
      else this.addNamed(datagram, req.oidStart[i], req.oidEnd[i], SnmpType.EndOfMibView);
      if (this.total > budget) {
        this.dropLast();
        return;
      }
    }
    const repeaters = req.count - nonRepeaters;
    if (repeaters === 0 || maxRepetitions === 0) return;
    if (this.pos.length < repeaters) {
      this.pos = new Int32Array(repeaters * 2);
      this.served = new Uint8Array(repeaters * 2);
    }
    const pos = this.pos;
    const served = this.served;
    for (let j = 0; j < repeaters; j++) {
      pos[j] = this.next(req, nonRepeaters + j, mib, false, loop);
      served[j] = 0;
    }
    for (let r = 0; r < maxRepetitions; r++) {
      let allEnded = true;
      for (let j = 0; j < repeaters; j++) {
        const at = pos[j];
        const i = nonRepeaters + j;
        if (at === -2) {
          this.addNamed(datagram, req.oidStart[i], req.oidEnd[i], TAG_NULL);
          allEnded = false;
        } else if (at < mib.size) {
          this.addEntry(mib, at);
          served[j] = 1;
          if (!loop) pos[j] = at + 1;
          allEnded = false;
        } else if (served[j] === 1) {
          // Past the end the name stays the last one returned (RFC 3416 §4.2.3).
          this.addNamed(mib.data, mib.oidStart[mib.size - 1], mib.valueStart[mib.size - 1], SnmpType.EndOfMibView);
        } else {
          this.addNamed(datagram, req.oidStart[i], req.oidEnd[i], SnmpType.EndOfMibView);
        }
        if (this.total > budget) {
          this.dropLast();
          return;
        }
      }
      if (allEnded) return;
    }
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const kind = new Uint8Array(size);
    kind.set(this.kind);
    this.kind = kind;
    const tag = new Uint8Array(size);
    tag.set(this.tag);
    this.tag = tag;
    const start = new Int32Array(size);
    start.set(this.start);
    this.start = start;
    const end = new Int32Array(size);
    end.set(this.end);
    this.end = end;
    this.src.length = size;
  }

  private addCopy(src: Buffer, start: number, end: number): void {
    const last = this.n - 1;
    if (last >= 0 && this.end[last] === start && this.src[last] === src && this.kind[last] === PART_COPY) {
      // Consecutive entries lie back to back in the device's buffer: a walk becomes one copy.
      this.end[last] = end;
      this.added(end - start, true);
      return;
    }
    if (this.n === this.kind.length) this.grow();
    const k = this.n++;
    this.kind[k] = PART_COPY;
    this.src[k] = src;
    this.start[k] = start;
    this.end[k] = end;
    this.added(end - start, false);
  }

  private added(size: number, merged: boolean): void {
    this.total += size;
    this.count++;
    this.lastSize = size;
    this.lastMerged = merged;
  }

  private addEntry(mib: EncodedMib, i: number): void {
    this.addCopy(mib.data, mib.tlvStart[i], mib.tlvStart[i + 1]);
  }

  private addNamed(src: Buffer, start: number, end: number, tag: number): void {
    if (this.n === this.kind.length) this.grow();
    const k = this.n++;
    this.kind[k] = PART_NAMED;
    this.tag[k] = tag;
    this.src[k] = src;
    this.start[k] = start;
    this.end[k] = end;
    const content = end - start + 2;
    this.added(1 + lengthSize(content) + content, false);
  }

  /** Takes back the varbind added last (only ever once per response: the one that did not fit). */
  private dropLast(): void {
    if (this.lastMerged) this.end[this.n - 1] -= this.lastSize;
    else this.n--;
    this.total -= this.lastSize;
    this.count--;
  }

  private write(req: DecodedRequest, datagram: Buffer, requestId: number, errorStatus: number, errorIndex: number): Buffer {
    const listLen = this.total;
    const pduLen = 2 + int32Size(requestId) + 2 + int32Size(errorStatus) + 2 + int32Size(errorIndex) + 1 + lengthSize(listLen) + listLen;
    const communityLen = req.communityTlvEnd - req.communityTlvStart;
    const msgLen = 3 + communityLen + 1 + lengthSize(pduLen) + pduLen;
    const out = Buffer.allocUnsafe(1 + lengthSize(msgLen) + msgLen);
    out[0] = TAG_SEQUENCE;
    let p = writeLength(out, 1, msgLen);
    out[p++] = TAG_INTEGER;
    out[p++] = 1;
    out[p++] = req.version;
    p += datagram.copy(out, p, req.communityTlvStart, req.communityTlvEnd);
    out[p++] = PDU_RESPONSE;
    p = writeLength(out, p, pduLen);
    p = writeInt32Tlv(out, p, requestId);
    p = writeInt32Tlv(out, p, errorStatus);
    p = writeInt32Tlv(out, p, errorIndex);
    out[p++] = TAG_SEQUENCE;
    p = writeLength(out, p, listLen);
    for (let k = 0; k < this.n; k++) {
      const src = this.src[k];
      if (this.kind[k] === PART_COPY) {
        p += src.copy(out, p, this.start[k], this.end[k]);
      } else {
        const nameLen = this.end[k] - this.start[k];
        out[p++] = TAG_SEQUENCE;
        p = writeLength(out, p, nameLen + 2);
        p += src.copy(out, p, this.start[k], this.end[k]);
        out[p++] = this.tag[k];
        out[p++] = 0;
      }
    }
    this.varbinds = this.count;
    return out;
  }
}
