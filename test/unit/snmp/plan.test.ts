import {
  FULL_CHECK_EVERY,
  chooseRepetitions,
  emptyLinkedColumns,
  moduleShape,
  packRequest,
  planModule,
  runCost,
  runsOf,
  type ModuleHistory,
  type WalkItem,
} from '../../../src/probes/snmp/plan';
import type { SnmpModuleSpec } from '../../../src/probes/snmp/modules/types';
import { compareOids } from '../../../src/probes/snmp/oid';

const E = '1.3.6.1.2.1.99.1.1';

const spec: SnmpModuleSpec = {
  name: 'printer',
  scalars: ['1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.25.3.2.1.3.1'],
  tables: [
    { name: 'tableB', entry: '1.3.6.1.2.1.99.2.1', columns: [1] },
    { name: 'tableA', entry: E, columns: [5, 2, 3] },
    { name: 'firstOnly', entry: '1.3.6.1.2.1.47.1.1.1.1', columns: [13], firstRowOnly: true },
  ],
};

const limits = { version: '2c' as const, maxRepetitions: 50, maxVarbinds: 500, defaultRows: 10 };

function history(partial: Partial<ModuleHistory> & Pick<ModuleHistory, 'oids' | 'counts' | 'linked'>): ModuleHistory {
  return { signature: moduleShape(spec).signature, sinceFullCheck: 0, ...partial };
}

describe('compareOids', () => {
  it.each([
    ['1.3.6.1.2.1.2', '1.3.6.1.2.1.10', -1],
    ['1.3.6.1.2.1.2.2.1.10.1', '1.3.6.1.2.1.2.2.1.2.1', 1],
    ['1.3.6.1', '1.3.6.1.0', -1],
    ['1.3.6.1.4', '1.3.6.1.4', 0],
    ['1.3.6.1.43.5', '1.3.6.1.25.3', 1],
  ])('%s vs %s → %d', (a, b, want) => {
    expect(Math.sign(compareOids(a, b))).toBe(want);
  });
});

describe('moduleShape', () => {
  it('sorts columns by OID across tables, separates first-row columns and GETNEXT-able scalars', () => {
    const shape = moduleShape(spec);
    expect(shape.columns.map((c) => c.oid)).toEqual([`${E}.2`, `${E}.3`, `${E}.5`, '1.3.6.1.2.1.99.2.1.1']);
    expect(shape.columns.every((c) => c.prefix === `${c.oid}.`)).toBe(true);
    expect(shape.columns.map((c) => shape.tables[c.table])).toEqual(['tableA', 'tableA', 'tableA', 'tableB']);
    expect(shape.firstRow.map((c) => c.oid)).toEqual(['1.3.6.1.2.1.47.1.1.1.1.13']);
    expect(shape.nextScalars).toEqual(['1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.1.5.0']);
    expect(shape.getScalars).toEqual(['1.3.6.1.2.1.25.3.2.1.3.1']);
    expect(shape.tables[shape.tables.length - 1]).toBe('scalars');
  });
});

describe('planModule, first poll', () => {
  it('one open item per column with the default rows; scalars by GETNEXT of the object; first rows by GETNEXT of the column', () => {
    const plan = planModule(moduleShape(spec), undefined, limits);
    expect(plan.repetitions).toBe(0);
    expect(plan.fullCheck).toBe(true);
    const scalars = plan.items.filter((i) => i.kind === 'scalar');
    expect(scalars.map((i) => [i.cursor, i.target, i.expect])).toEqual([
      ['1.3.6.1.2.1.1.3', '1.3.6.1.2.1.1.3.0', 1],
      ['1.3.6.1.2.1.1.5', '1.3.6.1.2.1.1.5.0', 1],
    ]);
    expect(plan.items.filter((i) => i.kind === 'first').map((i) => i.cursor)).toEqual(['1.3.6.1.2.1.47.1.1.1.1.13']);
    const ranges = plan.items.filter((i) => i.kind === 'range');
    expect(ranges.map((i) => [i.cursor, i.col, i.lastCol, i.stop, i.expect])).toEqual([
      [`${E}.2`, 0, 0, null, 10],
      [`${E}.3`, 1, 1, null, 10],
      [`${E}.5`, 2, 2, null, 10],
      ['1.3.6.1.2.1.99.2.1.1', 3, 3, null, 10],
    ]);
  });

  it('keeps every column in one request: repetitions capped by maxVarbinds ÷ columns; SNMPv1 asks one each', () => {
    expect(planModule(moduleShape(spec), undefined, { ...limits, maxVarbinds: 20 }).items.filter((i) => i.kind === 'range')[0].expect).toBe(5);
    expect(planModule(moduleShape(spec), undefined, { ...limits, version: '1' }).items.every((i) => i.expect === 1)).toBe(true);
  });

  it('columns known to be empty and linked (SizeRecord.emptyColumns) ride with the item before instead of going alone', () => {
    const B = '1.3.6.1.2.1.99.2.1.1';
    const plan = planModule(moduleShape(spec), undefined, { ...limits, maxVarbinds: 20 }, new Set([`${E}.3`, `${E}.5`, B]));
    // Column 0 cannot ride with anything: it starts the first item whatever the record says.
    expect(plan.items.filter((i) => i.kind === 'range').map((i) => [i.cursor, i.col, i.lastCol, i.stop, i.expect])).toEqual([[`${E}.2`, 0, 3, null, 10]]);
    const two = planModule(moduleShape(spec), undefined, { ...limits, maxVarbinds: 20 }, new Set([`${E}.3`, `${E}.5`]));
    // Two items share the request: 20 ÷ 2 repetitions each.
    expect(two.items.filter((i) => i.kind === 'range').map((i) => [i.cursor, i.col, i.lastCol, i.expect])).toEqual([
      [`${E}.2`, 0, 2, 10],
      [B, 3, 3, 10],
    ]);
  });

  it('ignores history recorded for another column layout', () => {
    const plan = planModule(moduleShape(spec), { ...history({ oids: [], counts: [0, 0, 0, 0], linked: [true, true, true, true] }), signature: 'other' }, limits);
    expect(plan.repetitions).toBe(0);
  });
});

describe('emptyLinkedColumns', () => {
  it('lists the columns without rows whose needed column before them was followed directly by them', () => {
    const out: string[] = [];
    emptyLinkedColumns(moduleShape(spec), history({ oids: ['a', 'b', 'c'], counts: [2, 0, 0, 1], linked: [true, true, false, true] }), out);
    expect(out).toEqual([`${E}.3`, `${E}.5`]);
    const gap: string[] = [];
    // E.5 follows an unneeded column (E.3 not linked to it); the first column never rides with anything.
    emptyLinkedColumns(moduleShape(spec), history({ oids: [], counts: [0, 0, 0, 0], linked: [true, false, true, false] }), gap);
    expect(gap).toEqual([`${E}.3`, '1.3.6.1.2.1.99.2.1.1']);
  });
});

describe('runsOf', () => {
  it('cuts runs after every column that is not linked to the next one', () => {
    const runs = runsOf(history({ oids: ['a', 'b', 'c', 'd', 'e'], counts: [2, 2, 0, 1], linked: [true, false, true, true] }));
    expect(runs.map((r) => [r.firstCol, r.lastCol, r.start, r.end])).toEqual([
      [0, 1, 0, 4],
      [2, 3, 4, 5],
    ]);
  });
});

describe('planModule from history', () => {
  const rows = (col: number, n: number) => Array.from({ length: n }, (_, i) => `${E}.${col}.${i + 1}`);
  // tableA columns 2,3 linked (adjacent in the agent), 5 separate; tableB absent.
  const h = history({
    oids: [...rows(2, 4), ...rows(3, 4), ...rows(5, 4)],
    counts: [4, 4, 4, 0],
    linked: [true, false, false, false],
  });

  it('chains pieces at the previous poll\'s row OIDs: each starts where the one before stops', () => {
    const plan = planModule(moduleShape(spec), h, limits);
    const ranges = plan.items.filter((i) => i.kind === 'range');
    // Every run starts at its first column, every piece at the stop of the one before.
    let cursor = '';
    for (const it of ranges) {
      if (it.cursor.split('.').length === E.split('.').length + 1) cursor = it.cursor;
      expect(it.cursor).toBe(cursor);
      if (it.stop) cursor = it.stop;
    }
    // The known rows are fetched exactly once: stops cover all 12 rows, in order.
    const stops = ranges.flatMap((i) => (i.stop === null ? [] : [i.stop]));
    expect(stops).toEqual([...stops].sort(compareOids));
    const open = ranges.filter((i) => i.stop === null);
    expect(open.every((i) => i.table >= 0)).toBe(true);
  });

  it('checks only the sentinel run\'s end of a table split in several runs, except every FULL_CHECK_EVERY polls', () => {
    const plan = planModule(moduleShape(spec), h, limits);
    const checks = plan.items.filter((i) => i.kind === 'range' && i.stop === null);
    // tableA has two runs ([2,3] and [5]): one sentinel, one held; tableB has its own run.
    const tableA = moduleShape(spec).tables.indexOf('tableA');
    const a = checks.filter((i) => i.table === tableA);
    expect(a).toHaveLength(2);
    expect(a.filter((i) => i.held)).toHaveLength(1);
    expect(a.filter((i) => i.sentinel)).toHaveLength(1);
    const full = planModule(moduleShape(spec), { ...h, sinceFullCheck: FULL_CHECK_EVERY - 1 }, limits);
    expect(full.fullCheck).toBe(true);
    expect(full.items.some((i) => i.held)).toBe(false);
  });

  it('SNMPv1: one row per item, so a GETNEXT fetches each known row directly', () => {
    const plan = planModule(moduleShape(spec), h, { ...limits, version: '1' });
    expect(plan.repetitions).toBe(1);
    expect(plan.items.every((i) => i.expect === 1)).toBe(true);
  });
});

describe('runCost / chooseRepetitions', () => {
  it('a run of L rows costs L useful varbinds plus its end check when pieces fit exactly', () => {
    expect(runCost(12, 4)).toEqual({ wire: 13, oids: 4, openRest: false });
    expect(runCost(12, 4, false)).toEqual({ wire: 12, oids: 3, openRest: false });
    // 10 rows in pieces of 4: the 2 left over and the end check go as one repeater of 4 (1 wasted) or 3 singles.
    expect(runCost(10, 4).wire).toBeLessThanOrEqual(11 + 1);
  });

  it('picks a size that fetches everything in few requests without much overshoot', () => {
    const runs = [{ start: 0, end: 56 }, { start: 56, end: 74 }, { start: 74, end: 75 }];
    const s = chooseRepetitions(runs, 50, 500);
    let wire = 0;
    for (const r of runs) wire += runCost(r.end - r.start, s).wire;
    expect(wire).toBeLessThanOrEqual(Math.ceil(75 * 1.1));
    expect(s).toBeGreaterThan(1);
  });

  it('never exceeds the cap', () => {
    expect(chooseRepetitions([{ start: 0, end: 10_000 }], 25, 500)).toBeLessThanOrEqual(25);
  });
});

describe('packRequest', () => {
  const mk = (expect: number, extra: Partial<WalkItem> = {}): WalkItem => ({
    kind: 'range', cursor: '1.3', target: '', col: 0, lastCol: 0, stop: null, stopCol: 0, expect,
    done: false, held: false, table: -1, sentinel: false, known: null, continued: 0, oids: [], ...extra,
  });

  it('puts one-varbind items first as non-repeaters, then repeaters within the varbind budget', () => {
    const items = [mk(10), mk(1), mk(10), mk(1), mk(10)];
    const p = packRequest(items, 50, 25);
    expect(p.nonRepeaters).toEqual([items[1], items[3]]);
    expect(p.repeaters).toEqual([items[0], items[2]]);
    expect(p.maxRepetitions).toBe(10);
    expect(p.nonRepeaters.length + p.repeaters.length * p.maxRepetitions).toBeLessThanOrEqual(25);
  });

  it('skips done and held items; caps max-repetitions; always sends at least one varbind', () => {
    const items = [mk(5, { done: true }), mk(1, { held: true }), mk(400)];
    const p = packRequest(items, 50, 500);
    expect(p.nonRepeaters).toEqual([]);
    expect(p.repeaters).toEqual([items[2]]);
    expect(p.maxRepetitions).toBe(50);
    expect(packRequest([mk(400)], 50, 7).maxRepetitions).toBe(7);
    expect(packRequest([mk(5, { done: true })], 50, 7).repeaters).toEqual([]);
  });
});
