/**
 * Walk planning, pure: which request OIDs a module walk starts from, how they are cut into
 * work items, and how items are packed into request PDUs.
 *
 * A module's table columns are walked as OID *ranges*. On a device's first poll every column is
 * its own open range (one varbind per column per repetition, `defaultRows` repetitions). The walk
 * records every row OID and, per column, whether the agent's next OID after that column lies in the
 * following needed column ("linked"): an unneeded column in between, or the end of the MIB view,
 * breaks the link. From the second poll on, linked columns form runs, and a run is cut at row OIDs
 * of the previous poll into pieces of `repetitions` varbinds each: a piece starts at one known OID
 * and stops at the known OID `repetitions` rows further (inclusive), so pieces chain without gaps and
 * without overlap, new or vanished rows included. Only the last piece of a run is open-ended; it
 * confirms the end of the run and costs the one varbind past the end (as a non-repeater when it has
 * nothing else to fetch). So one GETBULK brings a whole small module, with about one wasted
 * varbind per run instead of one per column.
 */
import type { SnmpVersion } from '../../config/vocabulary';
import type { SnmpModuleSpec, TableSpec } from './modules/types';
import { compareOids } from './oid';

/** One needed table column, in OID order within the module. */
export interface PlanColumn {
  /** Column OID without instance, e.g. "1.3.6.1.2.1.2.2.1.2". */
  oid: string;
  /** `oid + '.'`: a varbind is in the column iff its OID starts with this. */
  prefix: string;
  /** Index into ModuleShape.tables. */
  table: number;
}

/** What a module spec asks for, arranged for walking. Computed once per spec. */
export interface ModuleShape {
  module: string;
  /** Table names for stats; the last one is "scalars" (scalars have no table). */
  tables: string[];
  /** Columns walked to their end, sorted by OID, no duplicates. */
  columns: PlanColumn[];
  /** Columns of firstRowOnly tables: one GETNEXT each. */
  firstRow: PlanColumn[];
  /** Scalars with instance ".0": fetched by GETNEXT of the object OID, so they share GETBULKs. */
  nextScalars: string[];
  /** Other instances: need a GET. */
  getScalars: string[];
  /** Identifies the column layout, to drop history recorded for another layout. */
  signature: string;
}

export function moduleShape(spec: SnmpModuleSpec): ModuleShape {
  const tables = spec.tables.map((t) => t.name);
  tables.push('scalars');
  const columns: PlanColumn[] = [];
  const firstRow: PlanColumn[] = [];
  const seen = new Set<string>();
  spec.tables.forEach((t: TableSpec, table) => {
    for (const c of t.columns) {
      const oid = `${t.entry}.${c}`;
      if (seen.has(oid)) continue;
      seen.add(oid);
      (t.firstRowOnly ? firstRow : columns).push({ oid, prefix: `${oid}.`, table });
    }
  });
  columns.sort((a, b) => compareOids(a.oid, b.oid));
  const nextScalars: string[] = [];
  const getScalars: string[] = [];
  for (const s of new Set(spec.scalars)) (s.endsWith('.0') ? nextScalars : getScalars).push(s);
  return {
    module: spec.name,
    tables,
    columns,
    firstRow,
    nextScalars,
    getScalars,
    signature: columns.map((c) => c.oid).join(' '),
  };
}

/** What one poll of a module learnt, for planning the next one. */
export interface ModuleHistory {
  signature: string;
  /** Every row OID of the walked columns, in OID order. */
  oids: string[];
  /** Per column: how many of `oids` are in it. */
  counts: number[];
  /** Per column: nothing the walk does not need lies between its rows and the next needed column. */
  linked: boolean[];
  /** Polls since every run's end was last checked (see FULL_CHECK_EVERY). */
  sinceFullCheck: number;
}

export type ItemKind = 'scalar' | 'first' | 'range';

/** One unit of walking: a GETNEXT/GETBULK request OID and what to do with what comes back. */
export interface WalkItem {
  kind: ItemKind;
  /** The OID to ask for next (GETNEXT semantics). */
  cursor: string;
  /** scalar: the scalar OID with instance. */
  target: string;
  /** first/range: index of the column the cursor is in (or at the start of). */
  col: number;
  /** range: the last column this item may fill. */
  lastCol: number;
  /** range: inclusive stop OID (a row seen by the previous poll), or null for "to the end of lastCol". */
  stop: string | null;
  stopCol: number;
  /** Varbinds wanted from the next request; 1 = a non-repeater. */
  expect: number;
  done: boolean;
  /** An end check that waits until its table's sentinel finds new rows (see planModule). */
  held: boolean;
  /** Table (index into ModuleShape.tables) this item checks the end of, or -1. */
  table: number;
  /** A sentinel end check: storing a row past `known` means the table grew; release its held checks. */
  sentinel: boolean;
  /** The last row OID the previous poll saw before this end check, or null. */
  known: string | null;
  /** Answers after which the item still was not done (walker: sizes the next ask). */
  continued: number;
  /** range: row OIDs this item stored, in order (the next poll's history). */
  oids: string[];
}

export interface PlanLimits {
  version: SnmpVersion;
  /** Upper bound of max-repetitions. */
  maxRepetitions: number;
  /** Upper bound of varbinds per request (non-repeaters + repeaters × max-repetitions). */
  maxVarbinds: number;
  /** Rows assumed per column before anything is known. */
  defaultRows: number;
}

export interface ModulePlan {
  items: WalkItem[];
  /** The piece size chosen from history, 0 on a first poll. */
  repetitions: number;
  /** Every run's end is checked in this poll (first poll, or FULL_CHECK_EVERY reached). */
  fullCheck: boolean;
}

/**
 * A table split into several runs (an unneeded column between needed ones) needs one end check
 * per run, one wasted varbind each. Rows are added to all columns of a table at once (a
 * conceptual row), so normally only the run ending in the table's fullest column, the sentinel,
 * is checked; the other checks are held back and sent only when the sentinel finds new rows.
 * Every FULL_CHECK_EVERY polls all ends are checked, for sparse tables.
 */
export const FULL_CHECK_EVERY = 10;

function item(kind: ItemKind, cursor: string, col: number, expect: number): WalkItem {
  return {
    kind, cursor, target: '', col, lastCol: col, stop: null, stopCol: col, expect,
    done: false, held: false, table: -1, sentinel: false, known: null, continued: 0, oids: [],
  };
}

/**
 * Columns a walk without history can leave to the item of the column before (planModule's
 * `emptyColumns`): no rows in this history, and nothing between them and that column.
 */
export function emptyLinkedColumns(shape: ModuleShape, history: ModuleHistory, out: string[]): void {
  for (let c = 1; c < shape.columns.length; c++) {
    if (history.counts[c] === 0 && history.linked[c - 1]) out.push(shape.columns[c].oid);
  }
}

export function historyFits(shape: ModuleShape, history: ModuleHistory | undefined): history is ModuleHistory {
  return (
    history !== undefined &&
    history.signature === shape.signature &&
    history.counts.length === shape.columns.length &&
    history.linked.length === shape.columns.length
  );
}

/**
 * `emptyColumns`: without history, columns known to have been empty and to follow the needed
 * column before them directly (SizeRecord.emptyColumns, kept across restarts and workers).
 */
export function planModule(
  shape: ModuleShape,
  history: ModuleHistory | undefined,
  limits: PlanLimits,
  emptyColumns?: ReadonlySet<string>,
): ModulePlan {
  const items: WalkItem[] = [];
  for (const s of shape.nextScalars) {
    const it = item('scalar', s.slice(0, -2), -1, 1);
    it.target = s;
    items.push(it);
  }
  shape.firstRow.forEach((c, i) => items.push(item('first', c.oid, i, 1)));
  if (!historyFits(shape, history)) {
    const first = items.length;
    shape.columns.forEach((c, i) => {
      // Asked alone, every such column would answer with the same object past it (often a long
      // string), together overshooting a path's byte limit: the item before walks on through it.
      if (i > 0 && emptyColumns?.has(c.oid)) items[items.length - 1].lastCol = i;
      else items.push(item('range', c.oid, i, 1));
    });
    const cap = Math.max(1, Math.min(limits.maxRepetitions, Math.floor(limits.maxVarbinds / Math.max(1, items.length - first))));
    const expect = limits.version === '1' ? 1 : Math.max(1, Math.min(cap, limits.defaultRows));
    for (let i = first; i < items.length; i++) items[i].expect = expect;
    return { items, repetitions: 0, fullCheck: true };
  }
  const fullCheck = history.sinceFullCheck + 1 >= FULL_CHECK_EVERY;
  const runs = runsOf(history);
  const colOfPos = columnOfPosition(history.counts);
  markSentinels(runs, shape, history, fullCheck, colOfPos);
  const fixed = items.length;
  const repetitions =
    limits.version === '1' ? 1 : chooseRepetitions(runs, Math.max(1, Math.min(limits.maxRepetitions, limits.maxVarbinds)), limits.maxVarbinds, fixed);
  for (const run of runs) pieces(run, repetitions, shape, history, colOfPos, items);
  return { items, repetitions, fullCheck };
}

export interface Run {
  firstCol: number;
  lastCol: number;
  /** Slice of history.oids. */
  start: number;
  end: number;
  /** Table of the run's last column. */
  table: number;
  /** The end of this run is checked in the first request (else it is held back). */
  checkEnd: boolean;
  sentinel: boolean;
}

export function runsOf(history: ModuleHistory): Run[] {
  const runs: Run[] = [];
  let pos = 0;
  let run: Run | undefined;
  for (let c = 0; c < history.counts.length; c++) {
    if (!run) run = { firstCol: c, lastCol: c, start: pos, end: pos, table: -1, checkEnd: true, sentinel: false };
    pos += history.counts[c];
    run.lastCol = c;
    run.end = pos;
    if (!history.linked[c] || c === history.counts.length - 1) {
      runs.push(run);
      run = undefined;
    }
  }
  return runs;
}

/**
 * Per table: the sentinel is the run whose end check watches the fullest column (the column of
 * the run's last known row: new rows there land right after it); the other runs' checks wait.
 */
function markSentinels(runs: Run[], shape: ModuleShape, history: ModuleHistory, fullCheck: boolean, colOfPos: (pos: number) => number): void {
  const best = new Map<number, Run>();
  const watched = (run: Run) => (run.end > run.start ? history.counts[colOfPos(run.end - 1)] : 0);
  for (const run of runs) {
    run.table = shape.columns[run.lastCol].table;
    const b = best.get(run.table);
    if (!b || watched(run) > watched(b)) best.set(run.table, run);
  }
  const perTable = new Map<number, number>();
  for (const run of runs) perTable.set(run.table, (perTable.get(run.table) ?? 0) + 1);
  for (const run of runs) {
    const shared = (perTable.get(run.table) ?? 0) > 1;
    run.sentinel = shared && best.get(run.table) === run;
    run.checkEnd = fullCheck || !shared || run.sentinel;
  }
}

function columnOfPosition(counts: number[]): (pos: number) => number {
  const starts: number[] = [];
  let acc = 0;
  for (const n of counts) {
    starts.push(acc);
    acc += n;
  }
  return (pos) => {
    // Columns are few; a linear scan from the end is fine and allocation-free.
    for (let c = starts.length - 1; c >= 0; c--) if (pos >= starts[c] && counts[c] > 0) return c;
    return 0;
  };
}

function pieces(run: Run, size: number, shape: ModuleShape, history: ModuleHistory, colOfPos: (pos: number) => number, out: WalkItem[]): void {
  const length = run.end - run.start;
  const full = Math.floor(length / size);
  const cost = runCost(length, size, run.checkEnd);
  let cursor = shape.columns[run.firstCol].oid;
  let col = run.firstCol;
  const bounded = (count: number, stopPos: number) => {
    const stopCol = colOfPos(stopPos);
    const it = item('range', cursor, col, count);
    it.stop = history.oids[stopPos];
    it.stopCol = stopCol;
    it.lastCol = stopCol;
    out.push(it);
    cursor = it.stop;
    col = stopCol;
  };
  for (let p = 0; p < full; p++) bounded(size, run.start + (p + 1) * size - 1);
  const rest = length - full * size;
  const known = length > 0 ? history.oids[run.end - 1] : null;
  if (cost.openRest && run.checkEnd) {
    // The remaining rows and the end check in one open repeater.
    const last = item('range', cursor, col, rest + 1);
    endCheck(last, run, known);
    out.push(last);
    return;
  }
  if (cost.openRest) bounded(rest, run.end - 1);
  else for (let p = 0; p < rest; p++) bounded(1, run.start + full * size + p);
  const check = item('range', cursor, col, 1);
  endCheck(check, run, known);
  check.held = !run.checkEnd;
  out.push(check);
}

function endCheck(it: WalkItem, run: Run, known: string | null): void {
  it.lastCol = run.lastCol;
  it.table = run.table;
  it.sentinel = run.sentinel;
  it.known = known;
}

/** Weights of the piece-size choice: a request PDU costs about as much as this many varbinds. */
export const PDU_COST = 40;
/** A request OID costs about as much as this many response varbinds (net-snmp encodes both). */
export const OID_COST = 0.6;

export interface RunCost {
  wire: number;
  oids: number;
  /** The rows after the last full piece go as one repeater (else one non-repeater each). */
  openRest: boolean;
}

/**
 * Varbinds and request OIDs a run of `length` known rows costs when cut into pieces of `size`:
 * full pieces, then the rest either as one repeater (it gets `size` varbinds, the surplus past
 * the run's end wasted) or row by row as non-repeaters; plus the end check when `checkEnd`.
 */
export function runCost(length: number, size: number, checkEnd = true): RunCost {
  const full = Math.floor(length / size);
  const rest = length - full * size;
  const check = checkEnd ? 1 : 0;
  // As a repeater the rest absorbs the end check when it fits within `size`.
  const repeaterFits = checkEnd ? rest + 1 <= size : true;
  const open = size + OID_COST + (repeaterFits ? 0 : 1 + OID_COST);
  const single = (rest + check) * (1 + OID_COST);
  const openRest = rest > 0 && open < single;
  return {
    wire: full * size + (openRest ? size + (repeaterFits ? 0 : 1) : rest + check),
    oids: full + (openRest ? 1 + (repeaterFits ? 0 : 1) : rest + check),
    openRest,
  };
}

/**
 * Piece size for these runs: smaller pieces waste fewer varbinds at the end of each run, larger
 * ones need fewer request OIDs. Minimises requests × PDU_COST + wire varbinds + OID_COST × request
 * OIDs; `fixed` non-repeaters (scalars, first rows) ride along in any case.
 */
export function chooseRepetitions(
  runs: readonly { start: number; end: number; checkEnd?: boolean }[],
  cap: number,
  maxVarbinds: number,
  fixed = 0,
): number {
  const longest = runs.reduce((a, r) => Math.max(a, r.end - r.start), 0);
  const upper = Math.max(1, Math.min(cap, longest + 1));
  let best = 1;
  let bestCost = Infinity;
  for (let s = 1; s <= upper; s++) {
    let wire = fixed;
    let oids = fixed;
    for (const run of runs) {
      const c = runCost(run.end - run.start, s, run.checkEnd ?? true);
      wire += c.wire;
      oids += c.oids;
    }
    // Pieces do not split across requests: only floor(maxVarbinds / s) of them fit in one.
    const budget = Math.max(1, maxVarbinds);
    const requests = Math.max(Math.ceil(wire / budget), Math.ceil(oids / Math.max(1, Math.floor(budget / s))));
    const cost = requests * PDU_COST + wire + OID_COST * oids;
    if (cost < bestCost) {
      bestCost = cost;
      best = s;
    }
  }
  return best;
}

/** The next request: non-repeaters (items wanting one varbind) first, then repeaters. */
export interface PackedRequest {
  nonRepeaters: WalkItem[];
  repeaters: WalkItem[];
  maxRepetitions: number;
  /** Items were left for a later request for lack of room: a larger request would have carried them. */
  full: boolean;
}

/**
 * Packs the next request from active items, in order: every item wanting one varbind as a
 * non-repeater, then repeaters while non-repeaters + repeaters × max-repetitions stays within
 * `maxVarbinds`. max-repetitions is the largest `expect` taken, capped by `maxRepetitions`.
 */
export function packRequest(items: readonly WalkItem[], maxRepetitions: number, maxVarbinds: number): PackedRequest {
  const budget = Math.max(1, maxVarbinds);
  const nonRepeaters: WalkItem[] = [];
  const repeaters: WalkItem[] = [];
  let full = false;
  for (const it of items) {
    if (it.done || it.held || it.expect > 1) continue;
    if (nonRepeaters.length >= budget) {
      full = true;
      break;
    }
    nonRepeaters.push(it);
  }
  let reps = 0;
  const room = budget - nonRepeaters.length;
  for (const it of items) {
    if (it.done || it.held || it.expect <= 1) continue;
    const want = Math.max(reps, Math.min(Math.max(1, maxRepetitions), it.expect));
    if (repeaters.length === 0) {
      if (room < 1) {
        full = true;
        break;
      }
      if (want > room) full = true;
      reps = Math.min(want, room);
      repeaters.push(it);
      continue;
    }
    if ((repeaters.length + 1) * want > room) {
      full = true;
      break;
    }
    reps = want;
    repeaters.push(it);
  }
  return { nonRepeaters, repeaters, maxRepetitions: reps, full };
}

/** Row index of a varbind OID in a column: the part after the column prefix. */
export function rowIndex(oid: string, column: PlanColumn): string {
  return oid.slice(column.prefix.length);
}
