/**
 * The walker against an in-memory agent: every poll must return exactly what the agent holds
 * (the truth computed by prefix from its varbinds), while using the requests the plan promises.
 */
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import type { SnmpModuleSpec } from '../../../src/probes/snmp/modules/types';
import { FULL_CHECK_EVERY } from '../../../src/probes/snmp/plan';
import { SnmpAbortError, SnmpProtocolError } from '../../../src/probes/snmp/errors';
import { SnmpType, type Varbind, type WalkResult } from '../../../src/probes/snmp/varbind';
import { newDeviceHistory, walkDevice, type DeviceHistory, type DeviceWalk, type WalkOptions } from '../../../src/probes/snmp/walker';
import { walkFromVarbinds, recordingVarbinds } from '../../helpers/snmp-walk';
import { recordingNames } from '../../helpers/recordings';
import { FakeAgent, range, table, vb, type RecordedCall } from './fake-agent';
import { START_VARBINDS } from '../../../src/probes/snmp/sizing';
import { SAFE_MAX_VARBINDS } from '../../../src/config/vocabulary';

const OPTS: WalkOptions = { version: '2c', maxRepetitions: 50, maxVarbinds: 500 };
const MODULES = [SNMP_MODULES.system, SNMP_MODULES.interfaces, SNMP_MODULES.printer, SNMP_MODULES.host];

/** The most varbinds a request can bring back: one per OID for GET/GETNEXT, the GETBULK formula otherwise. */
function answerSize(c: RecordedCall): number {
  return c.op === 'getBulk' ? c.nonRepeaters + (c.oids.length - c.nonRepeaters) * c.maxRepetitions : c.oids.length;
}

/** oid → printable value, for comparing walks. */
function flat(result: WalkResult): Map<string, string> {
  const out = new Map<string, string>();
  const show = (v: Varbind) => `${v.type}:${Buffer.isBuffer(v.value) ? v.value.toString('hex') : String(v.value)}`;
  for (const [oid, v] of result.scalars) out.set(oid, show(v));
  for (const [col, rows] of result.columns) for (const [index, v] of rows) out.set(`${col}.${index}`, show(v));
  return out;
}

function expectComplete(walk: DeviceWalk, agent: FakeAgent, specs: readonly SnmpModuleSpec[]): void {
  walk.modules.forEach((m, i) => {
    expect(m.error).toBeUndefined();
    expect(flat(m.result)).toEqual(flat(walkFromVarbinds(agent.varbinds, specs[i])));
  });
}

async function poll(agent: FakeAgent, specs: readonly SnmpModuleSpec[], history: DeviceHistory, opts: Partial<WalkOptions> = {}): Promise<DeviceWalk> {
  agent.resetCalls();
  return walkDevice(agent, specs, history, { ...OPTS, version: agent.version, ...opts });
}

/** Varbinds a request asks for (non-repeaters + repeaters × max-repetitions). */
describe('walker over the 25 recordings (in memory)', () => {
  it.each(recordingNames())('%s: every poll complete; no request over the default 64 varbinds; from the 2nd: one request per module and 64 varbinds, ≤ 1.2 wire per useful varbind', async (name) => {
    const agent = new FakeAgent(recordingVarbinds(name));
    const history = newDeviceHistory();
    const opts = { maxVarbinds: SAFE_MAX_VARBINDS };
    const first = await poll(agent, MODULES, history, opts);
    expectComplete(first, agent, MODULES);
    expect(Math.max(...agent.calls.map(answerSize))).toBeLessThanOrEqual(SAFE_MAX_VARBINDS);
    // The very first request is the safe start size at most.
    expect(answerSize(agent.calls[0])).toBeLessThanOrEqual(START_VARBINDS);
    for (let i = 0; i < 3; i++) {
      const w = await poll(agent, MODULES, history, opts);
      expectComplete(w, agent, MODULES);
      expect(w.stats.wireVarbinds).toBeLessThanOrEqual(1.2 * w.stats.usefulVarbinds);
      // Each module fills its requests: one more than its varbinds need at most.
      for (const m of w.stats.modules) expect(m.requests).toBeLessThanOrEqual(Math.ceil(m.usefulVarbinds / SAFE_MAX_VARBINDS) + 1);
      // Each module in one request per 64 varbinds, give or take a partly filled one.
      expect(agent.calls.length).toBeGreaterThan(0);
      expect(agent.calls.length).toBeLessThanOrEqual(MODULES.length + Math.ceil(w.stats.wireVarbinds / SAFE_MAX_VARBINDS));
      expect(Math.max(...agent.calls.map(answerSize))).toBeLessThanOrEqual(SAFE_MAX_VARBINDS);
    }
  });
});

// A synthetic table: entry E, the agent has columns 1..6, the module needs 2, 3 and 5.
const E = '1.3.6.1.2.1.99.1.1';
const SPEC: SnmpModuleSpec = { name: 'printer', scalars: [], tables: [{ name: 'testTable', entry: E, columns: [2, 3, 5] }] };
const OTHER: SnmpModuleSpec = { name: 'host', scalars: [], tables: [{ name: 'after', entry: '1.3.6.1.2.1.99.2.1', columns: [1] }] };

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('walker when tables change between polls', () => {
  it.each(range(1, 60))('random changes of conceptual rows, seed %i: every poll complete', async (seed) => {
    const rnd = prng(seed);
    const agentColumns = [1, 2, 3, 4, 5, 6].filter(() => rnd() < 0.8);
    let indexes = range(1, 1 + Math.floor(rnd() * 30)).filter(() => rnd() < 0.9);
    const build = () => [
      vb('1.3.6.1.2.1.1.1.0', 'descr'),
      ...table(E, agentColumns, indexes),
      ...table('1.3.6.1.2.1.99.2.1', [1], range(1, 3)),
      vb('1.3.6.1.4.1.9.1.0', 'after'),
    ];
    const agent = new FakeAgent(build(), { maxVarbinds: rnd() < 0.3 ? 20 + Math.floor(rnd() * 40) : Infinity });
    let history = newDeviceHistory();
    const maxRepetitions = 1 + Math.floor(rnd() * 30);
    for (let p = 0; p < 12; p++) {
      // Now and then another process polls: the size record (with its empty columns), no walk history.
      if (p % 4 === 3) history = { ...newDeviceHistory(), size: history.size };
      const w = await poll(agent, [SPEC, OTHER], history, { maxRepetitions, maxVarbinds: 40 + Math.floor(rnd() * 200) });
      expectComplete(w, agent, [SPEC, OTHER]);
      // Change: add at the end, insert, remove, renumber, add/remove an unneeded column.
      const r = rnd();
      if (r < 0.2) indexes = [...indexes, Math.max(0, ...indexes) + 1 + Math.floor(rnd() * 3)];
      else if (r < 0.35) indexes = indexes.filter(() => rnd() < 0.7);
      else if (r < 0.5) indexes = [...new Set([...indexes, Math.floor(rnd() * 40)])].sort((a, b) => a - b);
      else if (r < 0.55) indexes = indexes.map((i) => i + 100);
      else if (r < 0.65) {
        // An unneeded column comes or goes (a needed one appearing is the sparse case below).
        const c = [1, 4, 6][Math.floor(rnd() * 3)];
        const at = agentColumns.indexOf(c);
        if (at >= 0) agentColumns.splice(at, 1);
        else agentColumns.push(c);
        agentColumns.sort((a, b) => a - b);
      }
      agent.setVarbinds(build());
    }
  });

  it('a row added at the end is found in the same poll: the sentinel check releases the held ones', async () => {
    let rows = range(1, 5);
    const agent = new FakeAgent([...table(E, [1, 2, 3, 4, 5, 6], rows), vb('1.3.6.1.9.0')]);
    const history = newDeviceHistory();
    await poll(agent, [SPEC], history);
    const steady = await poll(agent, [SPEC], history);
    expect(agent.calls).toHaveLength(1);
    expectComplete(steady, agent, [SPEC]);
    rows = range(1, 6);
    agent.setVarbinds([...table(E, [1, 2, 3, 4, 5, 6], rows), vb('1.3.6.1.9.0')]);
    const grown = await poll(agent, [SPEC], history);
    expectComplete(grown, agent, [SPEC]);
    expect(agent.calls.length).toBeLessThanOrEqual(3);
  });

  it('a needed column the agent did not have appears: found at the latest by the full check', async () => {
    const base = [...table(E, [1, 2, 3, 4], range(1, 5)), vb('1.3.6.1.9.0')];
    const agent = new FakeAgent(base);
    const history = newDeviceHistory();
    await poll(agent, [SPEC], history);
    agent.setVarbinds([...base, ...table(E, [5], range(1, 5))]);
    let found = -1;
    for (let p = 1; p <= FULL_CHECK_EVERY + 1 && found < 0; p++) {
      const w = await poll(agent, [SPEC], history);
      if ((w.modules[0].result.columns.get(`${E}.5`)?.size ?? 0) > 0) {
        found = p;
        expectComplete(w, agent, [SPEC]);
      }
    }
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThanOrEqual(FULL_CHECK_EVERY);
  });

  it('a sparse column growing alone (not the sentinel) is found at the latest by the full check', async () => {
    // Column 2 has 5 rows, column 5 (the sentinel, more rows) 8; column 2 then gets a 6th row alone.
    const base = [...table(E, [1, 2, 3, 4], range(1, 5)), ...table(E, [5, 6], range(1, 8))];
    const agent = new FakeAgent(base);
    const history = newDeviceHistory();
    await poll(agent, [SPEC], history);
    agent.setVarbinds([...base, vb(`${E}.2.6`, 7)]);
    let found = -1;
    for (let p = 1; p <= FULL_CHECK_EVERY + 1 && found < 0; p++) {
      const w = await poll(agent, [SPEC], history);
      if (w.modules[0].result.columns.get(`${E}.2`)?.has('6')) found = p;
    }
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThanOrEqual(FULL_CHECK_EVERY);
  });
});

describe('walker without its own history (restart, another worker), with the size record', () => {
  // The agent has column 2 only: columns 3 and 5 are empty, and asked alone each lands on the long string past the table.
  const WORDY = vb('1.3.6.1.4.1.11.2.3.9.1.1.7.0', 'MFG:Hewlett-Packard;'.repeat(14));
  const cursors = (agent: FakeAgent) => agent.calls.flatMap((c) => c.oids);
  /** Times the long string came back. */
  let landed = 0;
  const counting = (_call: RecordedCall, lists: Varbind[][]): Varbind[][] => {
    for (const list of lists) for (const v of list) if (v.oid === WORDY.oid && v.type !== SnmpType.EndOfMibView) landed++;
    return lists;
  };

  it('empty columns ride with the column before: none is asked alone, the data stay complete, and rows appearing there are found', async () => {
    const agent = new FakeAgent([...table(E, [2], range(1, 3)), WORDY], { hook: counting });
    const first = newDeviceHistory();
    landed = 0;
    await poll(agent, [SPEC], first);
    expect(cursors(agent)).toEqual(expect.arrayContaining([`${E}.3`, `${E}.5`]));
    expect(landed).toBe(3);
    expect(first.size?.emptyColumns).toEqual([`${E}.3`, `${E}.5`]);

    // Another process: the record, not the walk history.
    const restarted = { ...newDeviceHistory(), size: first.size };
    landed = 0;
    const w = await poll(agent, [SPEC], restarted);
    expectComplete(w, agent, [SPEC]);
    expect(cursors(agent).filter((oid) => oid === `${E}.3` || oid === `${E}.5`)).toEqual([]);
    expect(landed).toBe(1);
    expect(restarted.size?.emptyColumns).toEqual([`${E}.3`, `${E}.5`]);

    // Rows appear in a column the record calls empty: the item before walks on into it.
    agent.setVarbinds([...table(E, [2, 5], range(1, 3)), WORDY]);
    const again = { ...newDeviceHistory(), size: restarted.size };
    expectComplete(await poll(agent, [SPEC], again), agent, [SPEC]);
    expect(again.size?.emptyColumns).toEqual([`${E}.3`]);
  });

  it('a module that fails keeps what the record said about its columns', async () => {
    const agent = new FakeAgent([...table(E, [2], range(1, 3)), WORDY]);
    const first = newDeviceHistory();
    await poll(agent, [SPEC], first);
    agent.hook = (call, lists) => (call.oids.some((oid) => oid.startsWith(E)) ? lists.map(() => []) : lists);
    agent.setVarbinds([...table(E, [2], range(1, 3)), ...table('1.3.6.1.2.1.99.2.1', [1], range(1, 2)), WORDY]);
    const restarted = { ...newDeviceHistory(), size: first.size };
    const w = await poll(agent, [SPEC, OTHER], restarted);
    expect(w.modules[0].error).toBeInstanceOf(SnmpProtocolError);
    expect(w.modules[1].error).toBeUndefined();
    expect(restarted.size?.emptyColumns).toEqual([`${E}.3`, `${E}.5`]);
  });
});

describe('walker faults', () => {
  const data = () => [
    vb('1.3.6.1.2.1.1.1.0', 'descr'),
    vb('1.3.6.1.2.1.1.3.0', 42),
    ...table(E, [1, 2, 3, 4, 5, 6], range(1, 4)),
    ...table('1.3.6.1.2.1.99.2.1', [1], range(1, 3)),
  ];
  const SYSTEM: SnmpModuleSpec = { name: 'system', scalars: ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.1.5.0'], tables: [] };

  it('non-increasing OIDs (a looping agent): that module fails with a protocol error, the others still walk', async () => {
    const agent = new FakeAgent(data(), {
      hook: (call, lists) => lists.map((l, i) => (call.oids[i].startsWith(E) ? l.map(() => ({ oid: call.oids[i], type: SnmpType.Integer, value: 1 })) : l)),
    });
    const w = await poll(agent, [SYSTEM, SPEC, OTHER], newDeviceHistory());
    expect(w.modules[0].error).toBeUndefined();
    expect(w.modules[1].error).toBeInstanceOf(SnmpProtocolError);
    expect(w.modules[1].error?.message).toMatch(/not increasing/);
    expect(w.modules[2].error).toBeUndefined();
    expect(flat(w.modules[2].result)).toEqual(flat(walkFromVarbinds(agent.varbinds, OTHER)));
    expect(w.fatal).toBeUndefined();
  });

  it('tooBig: halves max-repetitions, then splits the request; the learnt budget avoids tooBig next poll', async () => {
    const agent = new FakeAgent([...data(), ...table(E, [2, 3, 5], range(5, 60))], { maxVarbinds: 24 });
    const history = newDeviceHistory();
    const w = await poll(agent, [SPEC], history);
    expectComplete(w, agent, [SPEC]);
    expect(w.stats.modules[0].tooBigRetries).toBeGreaterThan(0);
    expect(history.size?.ceiling).toBeLessThanOrEqual(24);
    const again = await poll(agent, [SPEC], history);
    expectComplete(again, agent, [SPEC]);
    expect(again.stats.modules[0].tooBigRetries).toBe(0);
  });

  it('tooBig for a single varbind fails the module, not the walk', async () => {
    const agent = new FakeAgent(data(), { maxVarbinds: 0 });
    const w = await poll(agent, [SPEC, OTHER], newDeviceHistory());
    expect(w.modules[0].error?.message).toMatch(/tooBig even for a single varbind/);
    expect(w.modules[1].error?.message).toMatch(/tooBig/);
  });

  it('SNMPv1: GETNEXT only, the end of the MIB (noSuchName) handled, results complete', async () => {
    const agent = new FakeAgent(data(), { version: '1' });
    const history = newDeviceHistory();
    for (let p = 0; p < 3; p++) {
      const w = await poll(agent, [SYSTEM, SPEC, OTHER], history);
      expectComplete(w, agent, [SYSTEM, SPEC, OTHER]);
      expect(agent.calls.every((c) => c.op !== 'getBulk')).toBe(true);
    }
    // From the 2nd poll a GETNEXT per known row: the table comes in one request.
    expect(agent.calls.filter((c) => c.oids.some((o) => o.startsWith(E))).length).toBe(1);
  });

  it('an agent claiming endOfMibView in the middle is not believed about columns known to have rows', async () => {
    // Like snmpsimd on a bad value: any GETNEXT that would land on E.4.1 answers endOfMibView.
    const agent = new FakeAgent(data(), {
      hook: (call, lists) =>
        lists.map((l) => {
          const bad = l.findIndex((v) => v.oid === `${E}.4.1`);
          return bad < 0 ? l : [...l.slice(0, bad), ...l.slice(bad).map((v) => ({ oid: v.oid, type: SnmpType.EndOfMibView, value: null }))];
        }),
    });
    const history = newDeviceHistory();
    const truth = flat(walkFromVarbinds(agent.varbinds, SPEC));
    for (let p = 0; p < 4; p++) {
      const w = await poll(agent, [SPEC], history);
      expect(flat(w.modules[0].result)).toEqual(truth);
    }
  });

  it('a 10,000-row table walks; a runaway beyond maxVarbindsPerTable fails the module', async () => {
    const agent = new FakeAgent([...table(E, [2, 3], range(1, 10_000)), vb('1.3.6.1.9.0')]);
    const history = newDeviceHistory();
    const first = await poll(agent, [SPEC], history);
    expectComplete(first, agent, [SPEC]);
    // The request size grows by half per poll while answers come, up to max_varbinds_per_request.
    for (let p = 0; p < 6; p++) await poll(agent, [SPEC], history);
    const settled = await poll(agent, [SPEC], history);
    expectComplete(settled, agent, [SPEC]);
    expect(agent.calls.length).toBeLessThanOrEqual(Math.ceil(10_000 / OPTS.maxRepetitions) + 1);
    const capped = await poll(agent, [SPEC], newDeviceHistory(), { maxVarbindsPerTable: 1000 });
    expect(capped.modules[0].error).toBeInstanceOf(SnmpProtocolError);
    expect(capped.modules[0].error?.message).toMatch(/more than 1000 varbinds/);
  });

  it('empty answers (no progress) fail the module instead of looping', async () => {
    const agent = new FakeAgent(data(), { hook: (_call, lists) => lists.map(() => []) });
    const w = await poll(agent, [SPEC], newDeviceHistory());
    expect(w.modules[0].error?.message).toMatch(/no progress/);
    expect(agent.calls.length).toBeLessThanOrEqual(3);
  });

  it('a cancelled walk stops at once and reports every module', async () => {
    const agent = new FakeAgent(data());
    const ac = new AbortController();
    ac.abort();
    const w = await poll(agent, [SYSTEM, SPEC], newDeviceHistory(), { signal: ac.signal });
    expect(w.fatal).toBeInstanceOf(SnmpAbortError);
    expect(w.modules.map((m) => m.error?.kind)).toEqual(['timeout', 'timeout']);
    expect(agent.calls).toHaveLength(0);
  });

  it('scalars: ".0" ones by GETNEXT of the object inside the module\'s GETBULK, others by GET; absent ones are absent', async () => {
    const spec: SnmpModuleSpec = {
      name: 'system',
      scalars: ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.4.0', '1.3.6.1.2.1.99.2.1.1.2'],
      tables: [{ name: 'testTable', entry: E, columns: [2] }, { name: 'first', entry: '1.3.6.1.2.1.99.2.1', columns: [1], firstRowOnly: true }],
    };
    for (const version of ['2c', '1'] as const) {
      const agent = new FakeAgent(data(), { version });
      const w = await poll(agent, [spec], newDeviceHistory());
      expectComplete(w, agent, [spec]);
      expect([...w.modules[0].result.scalars.keys()].sort()).toEqual(['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.99.2.1.1.2']);
      expect(w.modules[0].result.columns.get('1.3.6.1.2.1.99.2.1.1')?.size).toBe(1);
      expect(agent.calls[0].op).toBe('get');
      expect(agent.calls[1].oids).toContain('1.3.6.1.2.1.1.1');
    }
  });
});
