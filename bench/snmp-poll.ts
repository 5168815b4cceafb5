/**
 * SNMP poll benchmark: what one poll of each of the 25 recordings costs, with the real probe,
 * against a bare net-snmp GETBULK loop and Debian's snmpbulkwalk walking the same columns.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/snmp-poll.js [--agents snmpsimd,simulator] [--min-ms 3000]
 *
 * Agents: Debian's snmpsimd and the project's simulator (forked into its own process, so neither
 * agent's CPU is counted as client CPU). Per device the probe polls twice (the second poll is
 * planned from the first) and reports the second poll's request PDUs and wire vs useful varbinds;
 * then polls round-robin (probe, walk alone, bare loop) for at least --min-ms to measure client CPU
 * (process.cpuUsage around each poll) per useful varbind, and agent utilisation (agent CPU from
 * /proc/<pid>/stat ÷ wall time) over --min-ms/2 of back-to-back polls per method (/proc counts 10 ms ticks: keep the window long).
 *
 * Modules: system, interfaces, host, plus printer where the recording has Printer-MIB supplies.
 * Reference: snmp_exporter's printer_mib costs 21 PDUs / 496 wire varbinds per printer.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Secret } from '../src/config/secret';
import type { SnmpModuleName } from '../src/config/vocabulary';
import { BUILTIN_DEFAULTS } from '../src/inventory/build';
import type { DeviceTarget, SnmpSettings } from '../src/inventory/types';
import { silentLogger } from '../src/log';
import { createSnmpProbe } from '../src/probes/snmp';
import { MemorySizeMemory } from '../src/probes/snmp/size-memory';
import { SNMP_MODULES } from '../src/probes/snmp/modules';
import type { SnmpModuleSpec } from '../src/probes/snmp/modules/types';
import { openSession } from '../src/probes/snmp/session';
import { SnmpType, type Varbind } from '../src/probes/snmp/varbind';
import { newDeviceHistory, walkDevice } from '../src/probes/snmp/walker';
import { startSimulator, type SimulatorHandle } from '../src/simulate/agent';
import { SNMPSIMD, haveBinary, processCpuSeconds, startSnmpsimd, type AgentProcess } from './snmp-agents';

const REF_PRINTER = { pdus: 21, wire: 496 };
const BARE_MAX_REPETITIONS = 25;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function recordingsDir(): string {
  const candidates = [process.env.QP_RECORDINGS, path.resolve(__dirname, '../../../shared/recordings/librenms'), path.resolve(process.cwd(), '../shared/recordings/librenms')];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new Error('recordings not found: set QP_RECORDINGS');
}

interface Agent {
  name: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

// ------------------------------------------------------------------------- simulator child

async function simulatorChild(): Promise<void> {
  const sim: SimulatorHandle = await startSimulator({ recordingsDir: recordingsDir(), host: '127.0.0.1', port: 0 });
  process.send?.({ port: sim.port });
  process.on('message', (m: unknown) => {
    if (m === 'stop') void sim.close().then(() => process.exit(0));
  });
}

async function startSimulatorProcess(): Promise<Agent> {
  const child: ChildProcess = fork(__filename, ['simulator-child'], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: unknown) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return {
    name: 'simulator',
    port,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

// ------------------------------------------------------------------------- what to poll

function modulesFor(name: string): SnmpModuleName[] {
  const text = fs.readFileSync(path.join(recordingsDir(), `${name}.snmprec`), 'utf8');
  return text.includes('\n1.3.6.1.2.1.43.11.1.1.') ? ['system', 'interfaces', 'printer', 'host'] : ['system', 'interfaces', 'host'];
}

function settings(community: string, port: number, modules: SnmpModuleName[]): SnmpSettings {
  return { version: '2c', port, community: new Secret(community), timeoutMs: 3000, retries: 1, maxRepetitions: BUILTIN_DEFAULTS.snmp.maxRepetitions, maxVarbindsPerRequest: BUILTIN_DEFAULTS.snmp.maxVarbindsPerRequest, modules };
}

function target(name: string, snmp: SnmpSettings): DeviceTarget {
  return {
    name,
    client: 'bench',
    site: '',
    kind: 'other',
    address: '127.0.0.1',
    intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 86_400_000 },
    probeTimeoutMs: 60_000,
    importantInterfaces: [],
    snmp,
  };
}

interface ColumnSet {
  scalars: string[];
  firstRow: string[];
  columns: string[];
}

function columnsOf(specs: readonly SnmpModuleSpec[]): ColumnSet {
  const out: ColumnSet = { scalars: [], firstRow: [], columns: [] };
  for (const s of specs) {
    out.scalars.push(...s.scalars);
    for (const t of s.tables) for (const c of t.columns) (t.firstRowOnly ? out.firstRow : out.columns).push(`${t.entry}.${c}`);
  }
  return out;
}

// ------------------------------------------------------------------------- measurements

interface Costs {
  pdus: number;
  wire: number;
  useful: number;
  /** Client CPU µs per useful varbind (steady state). */
  cpuPerUseful: number;
  /** Agent CPU ÷ wall while polling. */
  agentUtil: number;
}

interface Method {
  /** One poll. */
  once: () => Promise<void>;
  cpuMicros: number;
  calls: number;
}

/** Runs the methods round-robin for at least minMs, timing each call's CPU: load drift hits all alike. */
async function interleaved(methods: Method[], minMs: number): Promise<void> {
  for (const m of methods) await m.once(); // warm
  const wall0 = process.hrtime.bigint();
  let rounds = 0;
  while (rounds < 5 || Number(process.hrtime.bigint() - wall0) / 1e6 < minMs) {
    for (const m of methods) {
      const cpu0 = process.cpuUsage();
      await m.once();
      const cpu = process.cpuUsage(cpu0);
      m.cpuMicros += cpu.user + cpu.system;
      m.calls++;
    }
    rounds++;
  }
}

/** Agent CPU ÷ wall while `once` runs back to back for at least ms (/proc ticks are 10 ms: keep it long). */
async function agentUtilisation(agent: Agent, ms: number, once: () => Promise<void>): Promise<number> {
  const agentCpu0 = processCpuSeconds(agent.pid);
  const wall0 = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - wall0) / 1e6 < ms) await once();
  const wallS = Number(process.hrtime.bigint() - wall0) / 1e9;
  return (processCpuSeconds(agent.pid) - agentCpu0) / wallS;
}

async function deviceCosts(agent: Agent, name: string, minMs: number): Promise<{ probe: Costs; walker: Costs; bare: Costs; printerModule?: { pdus: number; wire: number; useful: number } }> {
  const mods = modulesFor(name);
  const snmp = settings(name, agent.port, mods);
  const probe = createSnmpProbe();
  const t = target(name, snmp);
  const ctx = { signal: new AbortController().signal, logger: silentLogger };
  const first = await probe.run(t, ctx);
  if (!first.success) throw new Error(`${name}: ${first.error?.message}`);
  await probe.run(t, ctx);
  const second = probe.lastStats(name);
  if (!second) throw new Error('no stats');

  // The walk alone (session, requests, filing varbinds; no decoding), as the bare loop does.
  const specs = mods.map((x) => SNMP_MODULES[x]);
  const history = newDeviceHistory();
  const walkOnce = async () => {
    const session = openSession({ address: '127.0.0.1', snmp });
    try {
      await walkDevice(session, specs, history, { version: '2c', maxRepetitions: snmp.maxRepetitions, maxVarbinds: snmp.maxVarbindsPerRequest });
    } finally {
      session.close();
    }
  };
  await walkOnce();
  const bare = bareLoop(agent, name);
  const methods: Method[] = [
    { once: async () => void (await probe.run(t, ctx)), cpuMicros: 0, calls: 0 },
    { once: walkOnce, cpuMicros: 0, calls: 0 },
    { once: bare.once, cpuMicros: 0, calls: 0 },
  ];
  await interleaved(methods, minMs);
  // The poller as it runs in the daemon: the probe, with its pooled per-device session.
  const walkUtil = await agentUtilisation(agent, minMs / 2, methods[0].once);
  const bareUtil = await agentUtilisation(agent, minMs / 2, bare.once);
  probe.close();
  const per = (m: Method, useful: number) => m.cpuMicros / m.calls / useful;
  const base = { pdus: second.requests, wire: second.wireVarbinds, useful: second.usefulVarbinds };
  const printer = second.modules.find((m) => m.module === 'printer');
  return {
    printerModule: printer && { pdus: printer.requests, wire: printer.wireVarbinds, useful: printer.usefulVarbinds },
    probe: { ...base, cpuPerUseful: per(methods[0], base.useful), agentUtil: walkUtil },
    walker: { ...base, cpuPerUseful: per(methods[1], base.useful), agentUtil: walkUtil },
    bare: { ...bare.counts, cpuPerUseful: per(methods[2], bare.counts.useful), agentUtil: bareUtil },
  };
}

function isException(vb: Varbind): boolean {
  return vb.type === SnmpType.NoSuchObject || vb.type === SnmpType.NoSuchInstance || vb.type === SnmpType.EndOfMibView;
}

/** The straightforward loop: one GET for scalars, one GETNEXT for first rows, each column walked by GETBULK. */
function bareLoop(agent: Agent, name: string): { once: () => Promise<void>; counts: { pdus: number; wire: number; useful: number } } {
  const mods = modulesFor(name);
  const set = columnsOf(mods.map((x) => SNMP_MODULES[x]));
  const snmp = settings(name, agent.port, mods);
  const counts = { pdus: 0, wire: 0, useful: 0 };
  const once = async () => {
    const c = { pdus: 0, wire: 0, useful: 0 };
    const s = openSession({ address: '127.0.0.1', snmp });
    try {
      if (set.scalars.length) {
        const vbs = await s.get(set.scalars);
        c.pdus++;
        c.wire += vbs.length;
        for (const vb of vbs) if (!isException(vb)) c.useful++;
      }
      if (set.firstRow.length) {
        const vbs = await s.getNext(set.firstRow);
        c.pdus++;
        c.wire += vbs.length;
        vbs.forEach((vb, i) => {
          if (vb.oid.startsWith(`${set.firstRow[i]}.`)) c.useful++;
        });
      }
      for (const col of set.columns) {
        const prefix = `${col}.`;
        let cursor = col;
        for (;;) {
          const [list] = await s.getBulk([cursor], 0, BARE_MAX_REPETITIONS);
          c.pdus++;
          c.wire += list.length;
          let inside = true;
          for (const vb of list) {
            if (isException(vb) || !vb.oid.startsWith(prefix)) {
              inside = false;
              break;
            }
            c.useful++;
            cursor = vb.oid;
          }
          if (!inside || list.length === 0) break;
        }
      }
    } finally {
      s.close();
    }
    Object.assign(counts, c);
  };
  return { once, counts };
}

/** snmpbulkwalk -Cr25 per column (snmpget for the scalars): PDUs and varbinds from its packet dump. */
async function bulkwalkCosts(agent: Agent, name: string): Promise<{ pdus: number; wire: number; useful: number }> {
  const set = columnsOf(modulesFor(name).map((x) => SNMP_MODULES[x]));
  const run = promisify(execFile);
  const common = ['-v2c', '-c', name, '-On', '-d', '-t', '3', '-r', '0', `127.0.0.1:${agent.port}`];
  const out = { pdus: 0, wire: 0, useful: 0 };
  const tally = ({ stdout, stderr }: { stdout: string; stderr: string }) => {
    // -d dumps the packets on stderr; the values are on stdout.
    for (const dump of packetDumps(stderr)) {
      if (dump.direction === 'Sending') out.pdus++;
      else out.wire += countResponseVarbinds(dump.bytes);
    }
    for (const line of stdout.split('\n')) if (/^\.\d/.test(line) && !/No Such|No more variables/.test(line)) out.useful++;
  };
  tally(await run('snmpget', [...common, ...set.scalars], { maxBuffer: 64 << 20 }));
  for (const col of [...set.firstRow, ...set.columns]) tally(await run('snmpbulkwalk', ['-Cr25', ...common, col], { maxBuffer: 64 << 20 }));
  return out;
}

function packetDumps(text: string): { direction: 'Sending' | 'Received'; bytes: Buffer }[] {
  const out: { direction: 'Sending' | 'Received'; bytes: Buffer }[] = [];
  let current: { direction: 'Sending' | 'Received'; hex: string[] } | undefined;
  const flush = () => {
    if (current) out.push({ direction: current.direction, bytes: Buffer.from(current.hex.join(''), 'hex') });
    current = undefined;
  };
  for (const line of text.split('\n')) {
    const head = /^(Sending|Received) \d+ byte/.exec(line);
    if (head) {
      flush();
      current = { direction: head[1] as 'Sending' | 'Received', hex: [] };
      continue;
    }
    const row = /^[0-9]{4}: ((?:[0-9A-F]{2}\s{1,2})+)/.exec(line);
    if (current && row) current.hex.push(row[1].replace(/\s+/g, ''));
    else if (current && line.trim() === '') flush();
  }
  flush();
  return out;
}

/** Varbinds in an SNMPv2c response message: SEQUENCE { version, community, PDU { id, status, index, SEQUENCE OF varbind } }. */
function countResponseVarbinds(msg: Buffer): number {
  let pos = 0;
  const header = (): { tag: number; len: number } => {
    const tag = msg[pos++];
    let len = msg[pos++];
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + msg[pos++];
    }
    return { tag, len };
  };
  const skip = () => {
    const { len } = header();
    pos += len;
  };
  header(); // message
  skip(); // version
  skip(); // community
  header(); // PDU
  skip();
  skip();
  skip(); // request-id, error-status, error-index
  const list = header();
  const end = pos + list.len;
  let n = 0;
  while (pos < end && pos < msg.length) {
    skip();
    n++;
  }
  return n;
}

// ------------------------------------------------------------------------- report

interface Row {
  agent: string;
  device: string;
  printer: boolean;
  probe: Costs;
  walker: Costs;
  bare: Costs;
  bulkwalk: { pdus: number; wire: number; useful: number };
  printerModule?: { pdus: number; wire: number; useful: number };
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}

function printRows(rows: Row[]): void {
  const head = [
    'agent', 'device', 'PDUs', 'bare', 'bulkw', 'wire', 'useful', 'w/u', 'bare wire', 'bulkw wire',
    'µs/vb walk', 'µs/vb probe', 'µs/vb bare', 'walk/bare', 'agent util', 'bare util',
  ];
  const lines = rows.map((r) => [
    r.agent, r.device, fmt(r.probe.pdus), fmt(r.bare.pdus), fmt(r.bulkwalk.pdus), fmt(r.probe.wire), fmt(r.probe.useful),
    fmt(r.probe.wire / r.probe.useful, 2), fmt(r.bare.wire), fmt(r.bulkwalk.wire), fmt(r.walker.cpuPerUseful, 2),
    fmt(r.probe.cpuPerUseful, 2), fmt(r.bare.cpuPerUseful, 2), fmt(r.walker.cpuPerUseful / r.bare.cpuPerUseful, 2),
    `${fmt(r.walker.agentUtil * 100, 1)}%`, `${fmt(r.bare.agentUtil * 100, 1)}%`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const print = (cells: string[]) => console.log(cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  print(head);
  for (const l of lines) print(l);
}

function summary(rows: Row[]): void {
  for (const agent of [...new Set(rows.map((r) => r.agent))]) {
    const mine = rows.filter((r) => r.agent === agent);
    const printers = mine.filter((r) => r.printer);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const total = (f: (r: Row) => number) => mine.reduce((a, r) => a + f(r), 0);
    console.log(`\n${agent}: ${mine.length} devices (${printers.length} printers)`);
    console.log(
      `  printers, 2nd poll, all modules: ${fmt(avg(printers.map((r) => r.probe.pdus)), 1)} PDUs, ${fmt(avg(printers.map((r) => r.probe.wire)), 1)} wire / ` +
        `${fmt(avg(printers.map((r) => r.probe.useful)), 1)} useful varbinds per printer ` +
        `(snmp_exporter printer_mib alone: ${REF_PRINTER.pdus} PDUs, ${REF_PRINTER.wire} wire varbinds)`,
    );
    const pm = printers.flatMap((r) => (r.printerModule ? [r.printerModule] : []));
    console.log(
      `  printer module alone: ${fmt(avg(pm.map((x) => x.pdus)), 1)} PDUs, ${fmt(avg(pm.map((x) => x.wire)), 1)} wire / ${fmt(avg(pm.map((x) => x.useful)), 1)} useful varbinds per printer`,
    );
    console.log(`  bare loop: ${fmt(avg(printers.map((r) => r.bare.pdus)), 1)} PDUs, ${fmt(avg(printers.map((r) => r.bare.wire)), 1)} wire; snmpbulkwalk -Cr25: ${fmt(avg(printers.map((r) => r.bulkwalk.pdus)), 1)} PDUs, ${fmt(avg(printers.map((r) => r.bulkwalk.wire)), 1)} wire`);
    console.log(
      `  all devices: PDUs ${total((r) => r.probe.pdus)} (bare ${total((r) => r.bare.pdus)}, snmpbulkwalk ${total((r) => r.bulkwalk.pdus)}); ` +
        `wire ${total((r) => r.probe.wire)} / useful ${total((r) => r.probe.useful)} = ${fmt(total((r) => r.probe.wire) / total((r) => r.probe.useful), 3)} ` +
        `(bare ${fmt(total((r) => r.bare.wire) / total((r) => r.bare.useful), 3)}, snmpbulkwalk ${fmt(total((r) => r.bulkwalk.wire) / total((r) => r.bulkwalk.useful), 3)}); ` +
        `max w/u ${fmt(Math.max(...mine.map((r) => r.probe.wire / r.probe.useful)), 3)}`,
    );
    const cpuRatio = total((r) => r.walker.cpuPerUseful * r.probe.useful) / total((r) => r.bare.cpuPerUseful * r.probe.useful);
    console.log(
      `  client CPU per useful varbind (weighted): walker ${fmt(total((r) => r.walker.cpuPerUseful * r.probe.useful) / total((r) => r.probe.useful), 2)} µs, ` +
        `probe incl. decoding ${fmt(total((r) => r.probe.cpuPerUseful * r.probe.useful) / total((r) => r.probe.useful), 2)} µs, ` +
        `bare loop ${fmt(total((r) => r.bare.cpuPerUseful * r.probe.useful) / total((r) => r.probe.useful), 2)} µs → walker/bare ${fmt(cpuRatio, 2)}; ` +
        `worst device walker/bare ${fmt(Math.max(...mine.map((r) => r.walker.cpuPerUseful / r.bare.cpuPerUseful)), 2)}`,
    );
  }
}

interface PollCost {
  pdus: number;
  wire: number;
  useful: number;
  shrinks: number;
}

/**
 * `--polls-only`: what the first poll of a never-seen device costs, and the second, per agent:
 * per printer (all four modules) and for the network devices together. A fresh probe per device.
 * Then a third poll by another fresh probe sharing the size memory, as after a restart or on
 * another worker: it has the remembered size but not the walk history (row OIDs).
 */
async function firstAndSecond(agent: Agent, names: readonly string[]): Promise<void> {
  const cost = (d: string, poll: number, r: PollCost) => ({ d, poll, printer: modulesFor(d).includes('printer'), ...r });
  const out: ReturnType<typeof cost>[] = [];
  for (const name of names) {
    const sizes = new MemorySizeMemory();
    let probe = createSnmpProbe({ sizes });
    const t = target(name, settings(name, agent.port, modulesFor(name)));
    const ctx = { signal: new AbortController().signal, logger: silentLogger };
    for (let poll = 1; poll <= 3; poll++) {
      if (poll === 3) {
        probe.close();
        probe = createSnmpProbe({ sizes });
      }
      const r = await probe.run(t, ctx);
      if (!r.success) throw new Error(`${agent.name} ${name} poll ${poll}: ${r.error?.message}`);
      const s = probe.lastStats(name);
      if (!s) throw new Error('no stats');
      out.push(cost(name, poll, { pdus: s.requests, wire: s.wireVarbinds, useful: s.usefulVarbinds, shrinks: s.shrinks }));
    }
    probe.close();
  }
  for (const poll of [1, 2, 3]) {
    const p = out.filter((r) => r.poll === poll && r.printer);
    const n = out.filter((r) => r.poll === poll && !r.printer);
    const sum = (rows: typeof out, f: (r: (typeof out)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
    console.log(
      `  ${agent.name.padEnd(9)} ${poll === 3 ? 'restarted' : `poll ${poll}   `}: per printer (${p.length}) ${fmt(sum(p, (r) => r.pdus) / p.length, 1)} PDUs, ` +
        `${fmt(sum(p, (r) => r.wire) / p.length, 1)} wire / ${fmt(sum(p, (r) => r.useful) / p.length, 1)} useful varbinds; ` +
        `network devices (${n.length}) ${sum(n, (r) => r.pdus)} PDUs, ${sum(n, (r) => r.wire)} wire / ${sum(n, (r) => r.useful)} useful; ` +
        `all: ${fmt(sum(out.filter((r) => r.poll === poll), (r) => r.pdus) / (p.length + n.length), 1)} PDUs per device; shrinks ${sum(out.filter((r) => r.poll === poll), (r) => r.shrinks)}`,
    );
  }
}

async function main(): Promise<void> {
  const dir = recordingsDir();
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.snmprec')).map((f) => f.slice(0, -8)).sort();
  const minMs = Number(arg('min-ms', '3000'));
  const wanted = arg('agents', 'snmpsimd,simulator').split(',');
  const pollsOnly = process.argv.includes('--polls-only');
  if (pollsOnly) {
    console.log(`First and second poll of a never-seen device (max-repetitions ${BUILTIN_DEFAULTS.snmp.maxRepetitions}, ≤ ${BUILTIN_DEFAULTS.snmp.maxVarbindsPerRequest} varbinds per request; snmpsimd at its default limit)`);
  }
  const rows: Row[] = [];
  for (const which of wanted) {
    let agent: Agent;
    if (which === 'snmpsimd') {
      if (!haveBinary(SNMPSIMD)) {
        console.log('snmpsimd not installed (Debian package snmpsim): skipped');
        continue;
      }
      const p: AgentProcess = await startSnmpsimd(dir, names);
      agent = { name: 'snmpsimd', port: p.port, pid: p.pid, stop: p.stop };
    } else {
      agent = await startSimulatorProcess();
    }
    try {
      if (pollsOnly) {
        await firstAndSecond(agent, names);
        continue;
      }
      for (const device of names) {
        const { probe, walker, bare, printerModule } = await deviceCosts(agent, device, minMs);
        const bulkwalk = await bulkwalkCosts(agent, device);
        rows.push({ agent: agent.name, device, printer: modulesFor(device).includes('printer'), probe, walker, bare, bulkwalk, printerModule });
        process.stderr.write('.');
      }
    } finally {
      await agent.stop();
    }
  }
  if (pollsOnly) return;
  process.stderr.write('\n');
  console.log(`SNMP poll benchmark: 2nd poll of each recording; max-repetitions ${BUILTIN_DEFAULTS.snmp.maxRepetitions}, ≤ ${BUILTIN_DEFAULTS.snmp.maxVarbindsPerRequest} varbinds per request (bare loop and snmpbulkwalk: max-repetitions ${BARE_MAX_REPETITIONS}, one column at a time)`);
  console.log(`node ${process.version}, ${new Date().toISOString()}\n`);
  printRows(rows);
  summary(rows);
}

if (process.argv[2] === 'simulator-child') {
  void simulatorChild();
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
