/**
 * Runs module walks on a session: plans items (plan.ts), packs them into GETBULK/GETNEXT/GET
 * requests, files the answers into a WalkResult, and records what the next poll needs
 * (row OIDs, column links, the device's varbind budget after tooBig).
 *
 * Per varbind the hot path does a startsWith on a precomputed column prefix, one or two
 * allocation-free OID comparisons, one slice for the row index and a Map.set: nothing else.
 */
import type { SnmpModuleName, SnmpVersion } from '../../config/vocabulary';
import type { SnmpModuleSpec } from './modules/types';
import { SnmpType, type ColumnRows, type Varbind, type WalkResult } from './varbind';
import type { SnmpSession } from './session';
import {
  ErrorStatus,
  SnmpAbortError,
  SnmpAgentError,
  SnmpError,
  SnmpProtocolError,
  SnmpTimeoutError,
  SnmpUnusableAnswerError,
  asSnmpError,
  noAnswerMessage,
  isTooBig,
} from './errors';
import {
  emptyLinkedColumns,
  historyFits,
  moduleShape,
  packRequest,
  planModule,
  type ModuleHistory,
  type ModuleShape,
  type PlanColumn,
  type WalkItem,
} from './plan';
import { compareOids } from './oid';
import { InternPool } from '../../util/intern';
import { answered, attemptsFor, budgetOf, endSizing, silence, startSizing, tooBig, truncated, type SizeRecord, type SizeState } from './sizing';

/** Row OIDs of the walks every device's history remembers: the same few thousand across the fleet (util/intern.ts). */
const REMEMBERED_OIDS = new InternPool();

export interface WalkOptions {
  version: SnmpVersion;
  /** settings.maxRepetitions */
  maxRepetitions: number;
  /** settings.maxVarbindsPerRequest: the ceiling; requests start smaller (sizing.ts). */
  maxVarbinds: number;
  /** settings.retries: a request gets up to retries + 1 attempts (fewer while its size is unproven). */
  retries?: number;
  /** Clock for the size record (tests). */
  now?: () => number;
  /** Rows per column assumed on a first poll. */
  defaultRows?: number;
  /** A table returning more varbinds than this is a runaway agent: the module fails. */
  maxVarbindsPerTable?: number;
  /**
   * Modules walked at once once the device has answered. Each module is one request stream, so
   * this is the number of requests in flight: enough to keep the agent busy between our round
   * trips, few enough for a small printer's agent.
   */
  modulesInFlight?: number;
  signal?: AbortSignal;
}

export const DEFAULT_MODULES_IN_FLIGHT = 4;

export const DEFAULT_ROWS = 10;
export const DEFAULT_MAX_VARBINDS_PER_TABLE = 100_000;

export interface TableWalkStats {
  table: string;
  /** Request PDUs that carried at least one OID of this table (timeout retries not included). */
  requests: number;
  /** Varbinds received for this table's OIDs, including those past a column's end. */
  wireVarbinds: number;
  /** Varbinds that became part of the WalkResult. */
  usefulVarbinds: number;
}

export interface ModuleWalkStats {
  module: string;
  /** Request PDUs (tooBig resends included, timeout retries not: those are in DeviceWalkStats). */
  requests: number;
  tooBigRetries: number;
  wireVarbinds: number;
  usefulVarbinds: number;
  /** Piece size planned from the previous poll (0: first poll, no history). */
  repetitions: number;
  /** Requests sent again smaller after they went unanswered. */
  shrinks: number;
  tables: TableWalkStats[];
}

export interface ModuleWalk {
  module: SnmpModuleName;
  result: WalkResult;
  error?: SnmpError;
  stats: ModuleWalkStats;
}

export interface DeviceWalkStats {
  /** Request PDUs sent to the device, retries included. */
  requests: number;
  retries: number;
  timeouts: number;
  wireVarbinds: number;
  usefulVarbinds: number;
  /** Requests sent again smaller after a silence. */
  shrinks: number;
  /** Varbinds per request at the end of the poll (the size the next poll starts from). */
  requestVarbinds: number;
  modules: ModuleWalkStats[];
}

export interface DeviceWalk {
  modules: ModuleWalk[];
  /** A failure that stopped the whole walk (auth, cancelled, device not answering at all). */
  fatal?: SnmpError;
  stats: DeviceWalkStats;
}

/** What the walker keeps per device between polls. */
export interface DeviceHistory {
  modules: Map<string, ModuleHistory>;
  /** The request size that works (sizing.ts); the probe also keeps it in an SnmpSizeMemory. */
  size?: SizeRecord;
}

export function newDeviceHistory(): DeviceHistory {
  return { modules: new Map() };
}

const shapes = new WeakMap<SnmpModuleSpec, ModuleShape>();

function shapeOf(spec: SnmpModuleSpec): ModuleShape {
  let shape = shapes.get(spec);
  if (!shape) {
    shape = moduleShape(spec);
    shapes.set(spec, shape);
  }
  return shape;
}

/**
 * Walks each module in turn. A module that fails is reported and the next one is tried, except
 * when retrying cannot help: bad credentials, cancellation, or a device that has not answered a
 * single request in this poll.
 */
export async function walkDevice(
  session: SnmpSession,
  specs: readonly SnmpModuleSpec[],
  history: DeviceHistory,
  options: WalkOptions,
): Promise<DeviceWalk> {
  const before = { ...session.counters };
  const now = options.now ?? Date.now;
  const device: SizeState = startSizing(history.size, options.maxVarbinds, now());
  const emptyBefore = history.size?.emptyColumns;
  const empty = emptyBefore ? new Set(emptyBefore) : undefined;
  const modules = new Array<ModuleWalk>(specs.length);
  let fatal: SnmpError | undefined;
  const walkOne = async (i: number): Promise<void> => {
    const spec = specs[i];
    const shape = shapeOf(spec);
    if (fatal) {
      modules[i] = { module: spec.name, result: emptyResult(), error: fatal, stats: emptyStats(shape) };
      return;
    }
    const walk = new ModuleWalker(session, shape, history.modules.get(spec.name), options, device, empty);
    try {
      await walk.run();
      history.modules.set(spec.name, walk.history());
      modules[i] = { module: spec.name, result: walk.result, stats: walk.stats };
    } catch (err) {
      const error = asSnmpError(err);
      const unanswered = error.kind === 'timeout' || error instanceof SnmpUnusableAnswerError;
      if (error instanceof SnmpAbortError || error.kind === 'auth' || error.kind === 'config' || (!device.answered && unanswered)) {
        fatal = error;
      }
      modules[i] = { module: spec.name, result: walk.result, error, stats: walk.stats };
    }
  };
  // On a device's first poll one module goes alone: a device that does not answer is not sent a
  // stream per module. Afterwards the modules run as parallel streams from the start, so the
  // agent always has a request waiting (a device that died costs the same wall time either way).
  let next = 0;
  if (history.modules.size === 0 && specs.length > 0) await walkOne(next++);
  const lanes = Math.max(1, Math.min(options.modulesInFlight ?? DEFAULT_MODULES_IN_FLIGHT, specs.length - next));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < specs.length) await walkOne(next++);
    }),
  );
  const record = endSizing(device, history.size);
  // A fresh record when the device answered: it also carries what a walk without history needs.
  if (record && record !== history.size) {
    const emptyColumns = emptyColumnsOf(specs, history, emptyBefore);
    if (emptyColumns.length > 0) record.emptyColumns = emptyColumns;
  }
  history.size = record;
  // A request sent again smaller after a silence is a retry, and its silence not (yet) a timeout.
  const stats: DeviceWalkStats = {
    requests: session.counters.requests - before.requests,
    retries: session.counters.retries - before.retries + device.shrinks,
    timeouts: session.counters.timeouts - before.timeouts - device.shrinks,
    wireVarbinds: 0,
    usefulVarbinds: 0,
    shrinks: device.shrinks,
    requestVarbinds: history.size?.working ?? device.budget,
    modules: modules.map((m) => m.stats),
  };
  for (const m of modules) {
    stats.wireVarbinds += m.stats.wireVarbinds;
    stats.usefulVarbinds += m.stats.usefulVarbinds;
    stats.retries += m.stats.tooBigRetries;
  }
  return { modules, fatal, stats };
}

/**
 * SizeRecord.emptyColumns after a poll: from each module's latest history; for a module without
 * one (it failed since a restart), what the record held for its columns.
 */
function emptyColumnsOf(specs: readonly SnmpModuleSpec[], history: DeviceHistory, before: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const spec of specs) {
    const shape = shapeOf(spec);
    const h = history.modules.get(spec.name);
    if (historyFits(shape, h)) emptyLinkedColumns(shape, h, out);
    else if (before) for (const oid of before) if (shape.columns.some((c) => c.oid === oid)) out.push(oid);
  }
  return out;
}

function emptyResult(): WalkResult {
  return { scalars: new Map(), columns: new Map() };
}

function emptyStats(shape: ModuleShape): ModuleWalkStats {
  return {
    module: shape.module,
    requests: 0,
    tooBigRetries: 0,
    wireVarbinds: 0,
    usefulVarbinds: 0,
    repetitions: 0,
    shrinks: 0,
    tables: shape.tables.map((table) => ({ table, requests: 0, wireVarbinds: 0, usefulVarbinds: 0 })),
  };
}

function countList(list: Varbind[]): number {
  return list.length;
}

function countLists(lists: Varbind[][]): number {
  let n = 0;
  for (const l of lists) n += l.length;
  return n;
}

/** Holder for one GETNEXT varbind while it is filed (absorb functions never keep the array). */
const ONE: Varbind[] = [];

const LINK_UNKNOWN = -1;
const NOT_LINKED = 0;
const LINKED = 1;
/** Requests in a row in which nothing advanced before the agent is declared broken. */
const MAX_STALLS = 3;

/** One module walk; `run` throws SnmpError when the module fails. */
export class ModuleWalker {
  readonly result: WalkResult = emptyResult();
  readonly stats: ModuleWalkStats;
  readonly #session: SnmpSession;
  readonly #shape: ModuleShape;
  readonly #previous: ModuleHistory | undefined;
  readonly #options: WalkOptions;
  readonly #device: SizeState;
  readonly #emptyColumns: ReadonlySet<string> | undefined;
  readonly #cols: PlanColumn[];
  readonly #rows: ColumnRows[];
  readonly #firstRows: ColumnRows[];
  readonly #links: Int8Array;
  /** Table index of scalars in stats. */
  readonly #scalarTable: number;
  readonly #perTableCap: number;
  #items: WalkItem[] = [];
  /** Attempts kept back for a one-varbind request after the first request went unanswered. */
  #reserved = 0;
  #fullCheck = true;
  #requestNo = 0;
  readonly #tableMark: Int32Array;

  /** `emptyColumns`: SizeRecord.emptyColumns, for a walk without history (planModule). */
  constructor(
    session: SnmpSession,
    shape: ModuleShape,
    previous: ModuleHistory | undefined,
    options: WalkOptions,
    device: SizeState,
    emptyColumns?: ReadonlySet<string>,
  ) {
    this.#session = session;
    this.#emptyColumns = emptyColumns;
    this.#shape = shape;
    this.#previous = previous;
    this.#options = options;
    this.#device = device;
    this.#cols = shape.columns;
    this.stats = emptyStats(shape);
    this.#scalarTable = shape.tables.length - 1;
    this.#perTableCap = options.maxVarbindsPerTable ?? DEFAULT_MAX_VARBINDS_PER_TABLE;
    this.#tableMark = new Int32Array(shape.tables.length).fill(-1);
    this.#rows = shape.columns.map((c) => {
      const rows: ColumnRows = new Map();
      this.result.columns.set(c.oid, rows);
      return rows;
    });
    this.#firstRows = shape.firstRow.map((c) => {
      const rows: ColumnRows = new Map();
      this.result.columns.set(c.oid, rows);
      return rows;
    });
    this.#links = new Int8Array(shape.columns.length).fill(LINK_UNKNOWN);
  }

  async run(): Promise<void> {
    const o = this.#options;
    if (this.#shape.getScalars.length > 0) await this.#getScalars(this.#shape.getScalars);
    const plan = planModule(this.#shape, this.#previous, {
      version: o.version,
      maxRepetitions: o.maxRepetitions,
      maxVarbinds: budgetOf(this.#device),
      defaultRows: o.defaultRows ?? DEFAULT_ROWS,
    }, this.#emptyColumns);
    this.stats.repetitions = plan.repetitions;
    this.#fullCheck = plan.fullCheck;
    this.#items = plan.items;
    let stalls = 0;
    for (;;) {
      if (o.signal?.aborted) throw new SnmpAbortError();
      if (o.version === '1') for (const it of this.#items) it.expect = 1;
      const packed = packRequest(this.#items, o.maxRepetitions, budgetOf(this.#device));
      const sent = packed.nonRepeaters.length + packed.repeaters.length;
      if (sent === 0) break;
      const progressed = await this.#exchange(packed.nonRepeaters, packed.repeaters, packed.maxRepetitions, packed.full);
      stalls = progressed ? 0 : stalls + 1;
      if (stalls >= MAX_STALLS) throw new SnmpProtocolError(`${this.#shape.module}: the agent's answers made no progress ${MAX_STALLS} times in a row`);
    }
  }

  /** The next poll's history; valid after a successful run. */
  history(): ModuleHistory {
    const oids: string[] = [];
    for (const it of this.#items) {
      if (it.kind !== 'range') continue;
      for (let i = 0; i < it.oids.length; i++) oids.push(REMEMBERED_OIDS.intern(it.oids[i]));
    }
    const counts = new Array<number>(this.#cols.length).fill(0);
    let c = 0;
    for (const oid of oids) {
      while (c < this.#cols.length && !oid.startsWith(this.#cols[c].prefix)) c++;
      if (c < this.#cols.length) counts[c]++;
    }
    const previous = historyFits(this.#shape, this.#previous) ? this.#previous : undefined;
    const linked = Array.from(this.#links, (l, i) => (l === LINK_UNKNOWN ? (previous?.linked[i] ?? false) : l === LINKED));
    const sinceFullCheck = this.#fullCheck || !previous ? 0 : previous.sinceFullCheck + 1;
    return { signature: this.#shape.signature, oids, counts, linked, sinceFullCheck };
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Sends one request (shrinking it on tooBig) and files the answer. Returns whether anything
   * advanced; also true when the request went unanswered and is to be repacked smaller.
   */
  async #exchange(nonRepeaters: WalkItem[], repeaters: WalkItem[], maxRepetitions: number, full: boolean): Promise<boolean> {
    const items = nonRepeaters.length === 0 ? repeaters : repeaters.length === 0 ? nonRepeaters : [...nonRepeaters, ...repeaters];
    const oids = items.map((it) => it.cursor);
    let reps = maxRepetitions;
    /** GETBULK: varbinds per requested OID; GETNEXT: one varbind per requested OID. */
    let lists: Varbind[][] | undefined;
    let singles: Varbind[] | undefined;
    const next = repeaters.length === 0 || this.#options.version === '1';
    for (;;) {
      this.#countRequest(items);
      const size = next ? oids.length : nonRepeaters.length + repeaters.length * reps;
      try {
        const signal = this.#options.signal;
        if (next) {
          singles = await this.#send(size, (attempts) => this.#session.getNext(oids, signal, attempts), countList, full);
          if (singles === undefined) return true; // unanswered: repacked smaller by the caller
        } else {
          lists = await this.#send(size, (attempts) => this.#session.getBulk(oids, nonRepeaters.length, reps, signal, attempts), countLists, full);
          if (lists === undefined) return true;
          this.#checkTruncation(lists, nonRepeaters.length, size);
        }
        break;
      } catch (err) {
        if (isTooBig(err)) {
          this.stats.tooBigRetries++;
          tooBig(this.#device, size, this.#now());
          if (reps > 1) {
            reps = Math.max(1, Math.floor(reps / 2));
            continue;
          }
          if (items.length > 1) return true; // repacked smaller by the caller
          throw new SnmpProtocolError(`${this.#shape.module}: the agent answers tooBig even for a single varbind (${oids[0]})`);
        }
        if (err instanceof SnmpAgentError && err.status === ErrorStatus.noSuchName && err.index >= 0) {
          // SNMPv1 says "end of the MIB view" this way: that item is finished, the others go again.
          const it = items[err.index];
          if (it.kind !== 'range' || this.#endOfView(it, it.col)) it.done = true;
          return true;
        }
        throw err;
      }
    }
    let progressed = false;
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      let vbs: Varbind[];
      if (singles) {
        // One reused array, so GETNEXT answers cost no allocation per varbind.
        const vb = singles[i];
        if (vb === undefined) continue;
        ONE[0] = vb;
        vbs = ONE;
      } else {
        vbs = lists?.[i] ?? [];
      }
      // Every varbind taken moves the item's cursor strictly forward (absorb checks the order).
      if (vbs.length === 0) continue;
      progressed = true;
      if (it.kind === 'range') this.#absorbRange(it, vbs);
      else this.#absorbSingle(it, vbs);
      if (!it.done && it.kind === 'range') it.expect = this.#nextExpect(it);
    }
    if (this.stats.wireVarbinds > this.#perTableCap * this.#shape.tables.length) {
      throw new SnmpProtocolError(`${this.#shape.module}: more than ${this.#perTableCap} varbinds per table received (runaway agent?)`);
    }
    return progressed;
  }

  /**
   * An item that is not done after its answer: an open one has more rows than assumed (ask twice
   * as many); a bounded one met rows inserted since the last poll (usually one: ask 1, then 2, 4…).
   */
  /**
   * Sends a request of `size` varbinds with the attempts its size deserves (sizing.ts). Returns
   * undefined when it went unanswered and should be sent again smaller (the budget was lowered).
   */
  async #send<T>(size: number, call: (attempts: number) => Promise<T>, count: (answer: T) => number, full: boolean): Promise<T | undefined> {
    const device = this.#device;
    const retries = Math.max(0, this.#options.retries ?? 1);
    const probe = this.#reserved > 0;
    const attempts = attemptsFor(device, size, retries, this.#reserved);
    this.#reserved = 0;
    try {
      const value = await call(attempts);
      answered(device, size, this.#now(), this.#session.lastAnswerBytes ?? 0, count(value), full);
      return value;
    } catch (err) {
      if (err instanceof SnmpAgentError) answered(device, 0, this.#now());
      if (!(err instanceof SnmpTimeoutError)) throw err;
      const alive = device.answered;
      if (probe || !silence(device, size, retries, this.#now())) {
        // Dead: even one varbind went unanswered. Report every attempt of this request, not the last one's.
        if (probe && !alive && err.noAnswer) {
          const whole = { ...err.noAnswer, attempts: retries + 1 };
          throw new SnmpTimeoutError(noAnswerMessage(whole), whole);
        }
        throw err;
      }
      // Not yet heard from: the one-varbind request that follows gets the attempts kept back.
      if (!alive) this.#reserved = Math.max(1, retries + 1 - attempts);
      this.stats.shrinks++;
      return undefined;
    }
  }

  /**
   * A GETBULK answered with fewer varbinds than asked, while no repeater reached the end of the
   * MIB view: the agent cut the answer at its limit. No request larger than that is sent again.
   */
  #checkTruncation(lists: Varbind[][], nonRepeaters: number, asked: number): void {
    let got = 0;
    for (let i = 0; i < lists.length; i++) {
      const list = lists[i];
      got += list.length;
      if (i >= nonRepeaters && list.length > 0 && list[list.length - 1].type === SnmpType.EndOfMibView) return;
    }
    if (got > 0 && got < asked) truncated(this.#device, got, this.#now());
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #nextExpect(it: WalkItem): number {
    if (this.#options.version === '1') return 1;
    const more = it.stop !== null ? 2 ** it.continued : it.expect * 2;
    it.continued++;
    return Math.max(1, Math.min(more, this.#options.maxRepetitions));
  }

  #countRequest(items: WalkItem[]): void {
    const n = ++this.#requestNo;
    this.stats.requests++;
    for (const it of items) {
      const t = this.#tableOf(it);
      if (this.#tableMark[t] !== n) {
        this.#tableMark[t] = n;
        this.stats.tables[t].requests++;
      }
    }
  }

  #tableOf(it: WalkItem): number {
    if (it.kind === 'scalar') return this.#scalarTable;
    if (it.kind === 'first') return this.#shape.firstRow[it.col].table;
    return this.#cols[Math.min(it.col, this.#cols.length - 1)].table;
  }

  #wire(table: number): void {
    this.stats.wireVarbinds++;
    this.stats.tables[table].wireVarbinds++;
  }

  #keep(table: number): void {
    this.stats.usefulVarbinds++;
    const t = this.stats.tables[table];
    if (++t.usefulVarbinds > this.#perTableCap) {
      throw new SnmpProtocolError(`${this.#shape.module}: table ${t.table} returned more than ${this.#perTableCap} varbinds (runaway agent?)`);
    }
  }

  /** A scalar (GETNEXT of its object OID) or the first row of a column: one varbind, then done. */
  #absorbSingle(it: WalkItem, vbs: Varbind[]): void {
    const t = this.#tableOf(it);
    for (const vb of vbs) this.#wire(t);
    it.done = true;
    const vb = vbs[0];
    if (vb.type === SnmpType.EndOfMibView || vb.type === SnmpType.NoSuchObject || vb.type === SnmpType.NoSuchInstance) return;
    if (compareOids(vb.oid, it.cursor) <= 0) this.#nonIncreasing(it.cursor, vb.oid);
    if (it.kind === 'scalar') {
      if (vb.oid === it.target) {
        this.result.scalars.set(it.target, vb);
        this.#keep(t);
      }
      return;
    }
    const col = this.#shape.firstRow[it.col];
    if (vb.oid.startsWith(col.prefix)) {
      this.#firstRows[it.col].set(vb.oid.slice(col.prefix.length), vb);
      this.#keep(t);
    }
  }

  /**
   * The varbinds one range item got back, in order. Each is either stored (in a needed column,
   * within the item's range), skipped (in a gap between needed columns: the item jumps over the
   * gap afterwards), or past the item's end (the item is done; the rest is overshoot).
   */
  #absorbRange(it: WalkItem, vbs: Varbind[]): void {
    const cols = this.#cols;
    const n = cols.length;
    let prev = it.cursor;
    /** The column the stream is in; or, while `inGap`, the first needed column after the gap it is in. */
    let c = it.col;
    let inGap = false;
    for (let i = 0; i < vbs.length; i++) {
      const vb = vbs[i];
      this.#wire(cols[c].table);
      if (it.done) continue;
      if (vb.type === SnmpType.EndOfMibView || vb.type === SnmpType.NoSuchObject || vb.type === SnmpType.NoSuchInstance) {
        if (this.#endOfView(it, c, inGap)) {
          it.done = true;
          continue;
        }
        // Not believed: the item goes on at the next column; the rest of this answer is more of the same.
        for (let j = i + 1; j < vbs.length; j++) this.#wire(cols[c].table);
        return;
      }
      const oid = vb.oid;
      if (compareOids(oid, prev) <= 0) this.#nonIncreasing(prev, oid);
      prev = oid;
      if (oid.startsWith(cols[c].prefix)) {
        inGap = false;
      } else {
        // Left the column (or is still in the gap): find where the OID lies.
        let k = c;
        let found = false;
        for (; k < n; k++) {
          if (oid.startsWith(cols[k].prefix)) {
            found = true;
            break;
          }
          if (compareOids(oid, cols[k].oid) < 0) break;
        }
        // Columns c..k-1 end right before this OID: linked, except the last one when it lies in a gap.
        if (found) {
          this.#setLinks(c, k, LINKED);
        } else if (k > c) {
          this.#setLinks(c, k - 1, LINKED);
          this.#setLinks(k - 1, k, NOT_LINKED);
        }
        if (k > it.lastCol) {
          it.done = true;
          continue;
        }
        c = k;
        inGap = !found;
        if (inGap) continue;
      }
      if (it.stop !== null && c === it.stopCol && oid !== it.stop && compareOids(oid, it.stop) > 0) {
        // The stop row is gone; this OID belongs to the next piece.
        it.done = true;
        continue;
      }
      const col = cols[c];
      this.#rows[c].set(oid.slice(col.prefix.length), vb);
      it.oids.push(oid);
      this.#keep(col.table);
      if (oid === it.stop) it.done = true;
      if (it.sentinel && (it.known === null || compareOids(oid, it.known) > 0)) this.#release(it.table);
    }
    it.col = c;
    // Skip the rest of a gap: continue right at the next needed column.
    if (!it.done) it.cursor = inGap ? cols[c].oid : prev;
  }

  /** The table grew: send the end checks that were held back (plan.ts FULL_CHECK_EVERY). */
  #release(table: number): void {
    for (const other of this.#items) {
      if (other.table === table) {
        other.held = false;
        other.sentinel = false;
      }
    }
  }

  /**
   * The agent says nothing follows column c (endOfMibView; SNMPv1: noSuchName). Believed, so
   * every later column is empty and c..end may form one run, unless a later column of the item is
   * known to have rows: some agents answer endOfMibView when they stumble over a bad value. Then
   * the item goes on at the next column and c ends a run. Returns true when the item is done.
   */
  #endOfView(it: WalkItem, c: number, inGap = false): boolean {
    const n = this.#cols.length;
    const before = historyFits(this.#shape, this.#previous) ? this.#previous.counts : undefined;
    const next = inGap ? c : c + 1;
    const hasRows = (k: number) => this.#rows[k].size > 0 || (before !== undefined && before[k] > 0);
    for (let k = next; k <= it.lastCol && k < n; k++) {
      if (hasRows(k)) {
        if (!inGap) this.#setLinks(c, c + 1, NOT_LINKED);
        it.col = next;
        it.cursor = this.#cols[next].oid;
        return false;
      }
    }
    for (let k = Math.max(next, it.lastCol + 1); k < n; k++) {
      if (hasRows(k)) {
        // Later columns (other items' business) have rows: c just ends a run.
        if (!inGap) this.#setLinks(c, c + 1, NOT_LINKED);
        return true;
      }
    }
    // Later columns' own answers in this poll (if any) know better than the claim.
    if (c < n - 1) this.#links[c] = LINKED;
    for (let k = c + 1; k < n - 1; k++) if (this.#links[k] === LINK_UNKNOWN) this.#links[k] = LINKED;
    this.#links[n - 1] = NOT_LINKED;
    return true;
  }

  /** Columns [from, to) learnt to be (not) followed directly by the next needed column. */
  #setLinks(from: number, to: number, value: number): void {
    for (let k = from; k < to && k < this.#links.length; k++) this.#links[k] = value;
  }

  #nonIncreasing(asked: string, got: string): never {
    throw new SnmpProtocolError(`${this.#shape.module}: the agent answered ${got} after ${asked}: OIDs not increasing, walk stopped`);
  }

  /** Scalars that are not ".0" instances: GET, dropping what SNMPv1 reports as noSuchName. */
  async #getScalars(oids: readonly string[]): Promise<void> {
    let pending = oids.slice();
    const t = this.#scalarTable;
    while (pending.length > 0) {
      if (this.#options.signal?.aborted) throw new SnmpAbortError();
      const chunk = pending.slice(0, budgetOf(this.#device));
      this.#requestNo++;
      this.stats.requests++;
      this.stats.tables[t].requests++;
      let vbs: Varbind[];
      try {
        const answer = await this.#send(chunk.length, (attempts) => this.#session.get(chunk, this.#options.signal, attempts), countList, pending.length > chunk.length);
        if (answer === undefined) continue; // unanswered: sent again in a smaller chunk
        vbs = answer;
      } catch (err) {
        if (isTooBig(err) && chunk.length > 1) {
          this.stats.tooBigRetries++;
          tooBig(this.#device, chunk.length, this.#now());
          continue;
        }
        if (err instanceof SnmpAgentError && err.status === ErrorStatus.noSuchName && err.index >= 0) {
          pending = pending.filter((oid) => oid !== chunk[err.index]);
          continue;
        }
        throw err;
      }
      for (let i = 0; i < vbs.length; i++) {
        const vb = vbs[i];
        this.#wire(t);
        if (vb.type === SnmpType.NoSuchObject || vb.type === SnmpType.NoSuchInstance || vb.type === SnmpType.EndOfMibView) continue;
        const oid = chunk[i];
        if (oid === undefined) continue;
        this.result.scalars.set(oid, vb);
        this.#keep(t);
      }
      pending = pending.slice(chunk.length);
    }
  }
}
