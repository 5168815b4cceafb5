/**
 * An in-memory SNMP agent behind the SnmpSession interface: GET/GETNEXT/GETBULK semantics over a
 * sorted varbind list (RFC 3416, endOfMibView; SNMPv1 answers noSuchName instead), tooBig above
 * `maxVarbinds`, and a record of every request, so walker tests check both results and the
 * requests made. Faults are injected by editing `varbinds` between polls or with `hook`.
 */
import { SnmpAgentError, ErrorStatus } from '../../../src/probes/snmp/errors';
import type { SessionCounters, SnmpSession } from '../../../src/probes/snmp/session';
import { SnmpType, type Varbind } from '../../../src/probes/snmp/varbind';
import { compareOids } from '../../../src/probes/snmp/oid';

export interface RecordedCall {
  op: 'get' | 'getNext' | 'getBulk';
  oids: string[];
  nonRepeaters: number;
  maxRepetitions: number;
  /** Varbinds in the answer (0 when it failed). */
  answered: number;
}

export interface FakeAgentOptions {
  version?: '1' | '2c' | '3';
  /** Answers with more varbinds than this are tooBig. */
  maxVarbinds?: number;
  /** Rewrites an answer (per requested OID) before it is returned: for loops and other lies. */
  hook?: (call: RecordedCall, lists: Varbind[][]) => Varbind[][];
}

export class FakeAgent implements SnmpSession {
  readonly version: '1' | '2c' | '3';
  readonly counters: SessionCounters = { requests: 0, retries: 0, timeouts: 0, varbinds: 0 };
  readonly calls: RecordedCall[] = [];
  varbinds: Varbind[];
  maxVarbinds: number;
  hook: FakeAgentOptions['hook'];
  closed = false;

  constructor(varbinds: readonly Varbind[], options: FakeAgentOptions = {}) {
    this.varbinds = sortVarbinds(varbinds);
    this.version = options.version ?? '2c';
    this.maxVarbinds = options.maxVarbinds ?? Infinity;
    this.hook = options.hook;
  }

  /** Replaces the data (sorted), e.g. rows added or removed between polls. */
  setVarbinds(varbinds: readonly Varbind[]): void {
    this.varbinds = sortVarbinds(varbinds);
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  async get(oids: readonly string[], signal?: AbortSignal): Promise<Varbind[]> {
    const call = this.#record('get', oids, 0, 0, signal);
    const out: Varbind[] = [];
    for (let i = 0; i < oids.length; i++) {
      const vb = this.varbinds[this.#find(oids[i])];
      if (vb && vb.oid === oids[i]) out.push(vb);
      else if (this.version === '1') throw this.#fail(call, ErrorStatus.noSuchName, i, oids[i]);
      else out.push({ oid: oids[i], type: SnmpType.NoSuchObject, value: null });
    }
    return this.#answer(call, out.map((vb) => [vb])).map((l) => l[0]);
  }

  async getNext(oids: readonly string[], signal?: AbortSignal): Promise<Varbind[]> {
    const call = this.#record('getNext', oids, 0, 0, signal);
    const out: Varbind[] = [];
    for (let i = 0; i < oids.length; i++) {
      const vb = this.#next(oids[i]);
      if (vb.type === SnmpType.EndOfMibView && this.version === '1') throw this.#fail(call, ErrorStatus.noSuchName, i, oids[i]);
      out.push(vb);
    }
    return this.#answer(call, out.map((vb) => [vb])).map((l) => l[0]);
  }

  async getBulk(oids: readonly string[], nonRepeaters: number, maxRepetitions: number, signal?: AbortSignal): Promise<Varbind[][]> {
    if (this.version === '1') throw new Error('GETBULK sent to an SNMPv1 agent');
    const call = this.#record('getBulk', oids, nonRepeaters, maxRepetitions, signal);
    const lists: Varbind[][] = oids.map(() => []);
    for (let i = 0; i < nonRepeaters && i < oids.length; i++) lists[i].push(this.#next(oids[i]));
    const cursors = oids.slice(nonRepeaters);
    for (let r = 0; r < maxRepetitions; r++) {
      for (let j = 0; j < cursors.length; j++) {
        const vb = this.#next(cursors[j]);
        lists[nonRepeaters + j].push(vb);
        cursors[j] = vb.oid;
      }
    }
    const total = lists.reduce((n, l) => n + l.length, 0);
    if (total > this.maxVarbinds) throw this.#fail(call, ErrorStatus.tooBig, -1, undefined);
    return this.#answer(call, lists);
  }

  close(): void {
    this.closed = true;
  }

  #record(op: RecordedCall['op'], oids: readonly string[], nonRepeaters: number, maxRepetitions: number, signal?: AbortSignal): RecordedCall {
    if (this.closed) throw new Error('session closed');
    if (signal?.aborted) throw new Error('aborted');
    const call: RecordedCall = { op, oids: [...oids], nonRepeaters, maxRepetitions, answered: 0 };
    this.calls.push(call);
    this.counters.requests++;
    return call;
  }

  #answer(call: RecordedCall, lists: Varbind[][]): Varbind[][] {
    const out = this.hook ? this.hook(call, lists) : lists;
    call.answered = out.reduce((n, l) => n + l.length, 0);
    this.counters.varbinds += call.answered;
    return out;
  }

  #fail(call: RecordedCall, status: number, index: number, oid: string | undefined): SnmpAgentError {
    call.answered = 0;
    return new SnmpAgentError(status, index, oid);
  }

  /** Index of the first varbind with OID >= oid. */
  #find(oid: string): number {
    let lo = 0;
    let hi = this.varbinds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareOids(this.varbinds[mid].oid, oid) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #next(oid: string): Varbind {
    let i = this.#find(oid);
    if (i < this.varbinds.length && this.varbinds[i].oid === oid) i++;
    return this.varbinds[i] ?? { oid, type: SnmpType.EndOfMibView, value: null };
  }
}

function sortVarbinds(varbinds: readonly Varbind[]): Varbind[] {
  return [...varbinds].sort((a, b) => compareOids(a.oid, b.oid));
}

/** A quick varbind: Integer unless a string (OctetString) is given. */
export function vb(oid: string, value: number | string = 1): Varbind {
  return typeof value === 'string'
    ? { oid, type: SnmpType.OctetString, value: Buffer.from(value) }
    : { oid, type: SnmpType.Integer, value };
}

/** Rows `indexes` of columns `columns` under `entry`, value = column * 1000 + index. */
export function table(entry: string, columns: number[], indexes: number[]): Varbind[] {
  const out: Varbind[] = [];
  for (const c of columns) for (const i of indexes) out.push(vb(`${entry}.${c}.${i}`, c * 1000 + i));
  return out;
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
