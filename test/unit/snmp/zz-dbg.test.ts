import { newDeviceHistory, walkDevice } from '../../../src/probes/snmp/walker';
import { walkFromVarbinds } from '../../helpers/snmp-walk';
import { FakeAgent, range, table, vb } from './fake-agent';
const E = '1.3.6.1.2.1.99.1.1';
const SPEC: any = { name: 'printer', scalars: [], tables: [{ name: 'testTable', entry: E, columns: [2, 3, 5] }] };
const OTHER: any = { name: 'host', scalars: [], tables: [{ name: 'after', entry: '1.3.6.1.2.1.99.2.1', columns: [1] }] };
function prng(seed: number): () => number { let a = seed; return () => { a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
test('dbg', async () => {
  const seed = Number(process.env.SEED);
  const rnd = prng(seed);
  const agentColumns = [1, 2, 3, 4, 5, 6].filter(() => rnd() < 0.8);
  let indexes = range(1, 1 + Math.floor(rnd() * 30)).filter(() => rnd() < 0.9);
  const build = () => [vb('1.3.6.1.2.1.1.1.0', 'descr'), ...table(E, agentColumns, indexes), ...table('1.3.6.1.2.1.99.2.1', [1], range(1, 3)), vb('1.3.6.1.4.1.9.1.0', 'after')];
  const mv = rnd() < 0.3 ? 20 + Math.floor(rnd() * 40) : Infinity;
  const agent = new FakeAgent(build(), { maxVarbinds: mv });
  const history = newDeviceHistory();
  const maxRepetitions = 1 + Math.floor(rnd() * 30);
  for (let p = 0; p < 12; p++) {
    const mvb = 40 + Math.floor(rnd() * 200);
    agent.resetCalls();
    const w = await walkDevice(agent, [SPEC, OTHER], history, { version: '2c', maxRepetitions, maxVarbinds: mvb });
    const got = new Set<string>(); for (const [c, rows] of w.modules[0].result.columns) for (const i of rows.keys()) got.add(c + '.' + i);
    const want = walkFromVarbinds(agent.varbinds, SPEC); const missing: string[] = []; for (const [c, rows] of want.columns) for (const i of rows.keys()) if (!got.has(c + '.' + i)) missing.push(c.slice(E.length+1) + '.' + i);
    console.log(`poll ${p+1} cols ${agentColumns} idx ${indexes.join(',')} maxRep ${maxRepetitions} mvb ${mvb} agentMax ${mv}\n missing ${missing.join(' ')}\n history ${JSON.stringify({counts: history.modules.get('printer')?.counts, linked: history.modules.get('printer')?.linked, s: history.modules.get('printer')?.sinceFullCheck})}\n calls ${agent.calls.map(c => `${c.op} nr${c.nonRepeaters} mr${c.maxRepetitions} [${c.oids.map(o=>o.startsWith(E)?o.slice(E.length+1):'x').join(' ')}]`).join('\n   ')}`);
    if (missing.length) break;
    const r = rnd();
    if (r < 0.2) indexes = [...indexes, Math.max(0, ...indexes) + 1 + Math.floor(rnd() * 3)];
    else if (r < 0.35) indexes = indexes.filter(() => rnd() < 0.7);
    else if (r < 0.5) indexes = [...new Set([...indexes, Math.floor(rnd() * 40)])].sort((a, b) => a - b);
    else if (r < 0.55) indexes = indexes.map((i) => i + 100);
    else if (r < 0.65) { const c = 1 + Math.floor(rnd() * 6); const at = agentColumns.indexOf(c); if (at >= 0) agentColumns.splice(at, 1); else agentColumns.push(c); agentColumns.sort((a, b) => a - b); }
    agent.setVarbinds(build());
  }
});
