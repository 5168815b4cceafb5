/**
 * Simulator benchmark: the agent's CPU per request PDU and per varbind.
 *
 *   npx tsc -p tsconfig.build.json && node --expose-gc dist/bench/simulator.js [--requests N] [--window W] [--aliases A]
 *
 * This process runs the agent, serving all recordings (QP_RECORDINGS or ../shared/recordings/librenms)
 * plus A symlinked aliases (default 1000) from a temp dir. A forked child process is the client
 * (raw dgram, pre-encoded requests, W in flight), so its work is not measured. Agent CPU =
 * process.cpuUsage() of this process over each phase ÷ requests answered / varbinds sent.
 */
import { fork } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../src/simulate/agent';
import { PDU_GET, PDU_GETBULK, VERSION_2C, encodeRequest } from '../src/simulate/request';
import { parseSnmprec } from '../src/simulate/snmprec';

interface Phase {
  name: string;
  pduType: number;
  maxRepetitions: number;
}

const PHASES: Phase[] = [
  { name: 'GETBULK max-rep 25', pduType: PDU_GETBULK, maxRepetitions: 25 },
  { name: 'GET 4 varbinds', pduType: PDU_GET, maxRepetitions: 0 },
];

/** What the client needs to build its requests: per community, names to start from. */
interface ClientPlan {
  port: number;
  requests: number;
  window: number;
  phases: Phase[];
  devices: { community: string; getOids: string[]; bulkStarts: string[] }[];
}

type ClientMessage = { kind: 'ready' } | { kind: 'done'; phase: number; answered: number; lost: number; wallMs: number };

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function recordingsDir(): string {
  return process.env.QP_RECORDINGS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'recordings', 'librenms');
}

async function agent(): Promise<void> {
  const requests = arg('requests', 50_000);
  const window = arg('window', 32);
  const aliases = arg('aliases', 1000);
  const source = fs.existsSync(recordingsDir()) ? recordingsDir() : path.resolve(process.cwd(), '..', 'shared', 'recordings', 'librenms');
  const names = fs.readdirSync(source).filter((f) => f.endsWith('.snmprec')).sort();
  if (names.length === 0) throw new Error(`no recordings in ${source} (set QP_RECORDINGS)`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-bench-sim-'));
  const devices: ClientPlan['devices'] = [];
  const plans = new Map<string, { getOids: string[]; bulkStarts: string[] }>();
  for (const name of names) {
    fs.symlinkSync(path.join(source, name), path.join(dir, name));
    const { varbinds } = parseSnmprec(fs.readFileSync(path.join(source, name), 'latin1'));
    const oids = varbinds.map((v) => v.oid);
    const system = ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.1.5.0'];
    const bulkStarts = oids.filter((_, i) => i % 25 === 0).map((o) => o.split('.').slice(0, -1).join('.'));
    plans.set(name, { getOids: system, bulkStarts });
  }
  for (let i = 0; i < aliases; i++) {
    const target = names[i % names.length];
    const alias = `${target.slice(0, -'.snmprec'.length)}-${String(i).padStart(4, '0')}.snmprec`;
    fs.symlinkSync(path.join(dir, target), path.join(dir, alias));
  }
  for (const file of fs.readdirSync(dir)) {
    const target = path.basename(fs.realpathSync(path.join(dir, file)));
    const plan = plans.get(target);
    if (plan) devices.push({ community: file.slice(0, -'.snmprec'.length), ...plan });
  }

  // Load time without aliases first (parsing + encoding), then with them (the alias overhead).
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-bench-sim-base-'));
  for (const name of names) fs.symlinkSync(path.join(source, name), path.join(baseDir, name));
  const timed = async (d: string): Promise<[Awaited<ReturnType<typeof startSimulator>>, number]> => {
    const t0 = process.hrtime.bigint();
    const handle = await startSimulator({ recordingsDir: d });
    return [handle, Number(process.hrtime.bigint() - t0) / 1e6];
  };
  const [warm] = await timed(baseDir); // first run pays for JIT warm-up
  await warm.close();
  const [base, baseMs] = await timed(baseDir);
  await base.close();
  fs.rmSync(baseDir, { recursive: true, force: true });
  global.gc?.();
  const memBefore = process.memoryUsage();
  const [sim, loadMs] = await timed(dir);
  global.gc?.();
  const memAfter = process.memoryUsage();
  const mb = (n: number): string => (n / 1e6).toFixed(1);
  console.log(
    `agent: ${names.length} recordings load in ${baseMs.toFixed(0)} ms; with ${aliases} aliases (${sim.communities().length} communities) ` +
      `${loadMs.toFixed(0)} ms; memory +${mb(memAfter.heapUsed - memBefore.heapUsed)} MB heap, +${mb(memAfter.external + memAfter.arrayBuffers - memBefore.external - memBefore.arrayBuffers)} MB buffers, rss ${mb(memAfter.rss)} MB` +
      (global.gc ? '' : ' (run with --expose-gc for exact memory figures)'),
  );

  const child = fork(process.argv[1], ['client'], { stdio: 'inherit' });
  const plan: ClientPlan = { port: sim.port, requests, window, phases: PHASES, devices };
  let phase = 0;
  let cpu0 = process.cpuUsage();
  let stats0 = sim.stats();
  const finished = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`client exited with ${code}`))));
    child.on('message', (msg: ClientMessage) => {
      if (msg.kind === 'ready') {
        cpu0 = process.cpuUsage();
        stats0 = sim.stats();
        child.send({ kind: 'start', phase });
        return;
      }
      const cpu = process.cpuUsage(cpu0);
      const stats = sim.stats();
      const answered = stats.responses - stats0.responses;
      const varbinds = stats.varbindsOut - stats0.varbindsOut;
      const cpuUs = cpu.user + cpu.system;
      console.log(
        `${PHASES[msg.phase].name}: ${answered} responses, ${varbinds} varbinds (${(varbinds / answered).toFixed(1)}/PDU) in ${(msg.wallMs / 1000).toFixed(2)} s ` +
          `(${Math.round(answered / (msg.wallMs / 1000))} PDU/s, ${msg.lost} timed out) | agent CPU ${(cpuUs / 1000).toFixed(0)} ms: ` +
          `${(cpuUs / answered).toFixed(1)} µs/PDU, ${(cpuUs / varbinds).toFixed(2)} µs/varbind (user ${(cpu.user / answered).toFixed(1)}, sys ${(cpu.system / answered).toFixed(1)} µs/PDU)`,
      );
      phase++;
      if (phase < PHASES.length) {
        cpu0 = process.cpuUsage();
        stats0 = sim.stats();
        child.send({ kind: 'start', phase });
      } else {
        child.send({ kind: 'stop' });
      }
    });
  });
  child.send({ kind: 'plan', plan });
  try {
    await finished;
  } finally {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The client: fires pre-encoded requests, keeping `window` in flight; re-fills the window if answers stop. */
function client(): void {
  const socket = dgram.createSocket('udp4');
  let plan: ClientPlan | undefined;
  let pool: Buffer[] = [];
  process.on('message', (msg: { kind: 'plan'; plan: ClientPlan } | { kind: 'start'; phase: number } | { kind: 'stop' }) => {
    if (msg.kind === 'plan') {
      plan = msg.plan;
      socket.bind(0, '127.0.0.1', () => process.send?.({ kind: 'ready' } satisfies ClientMessage));
    } else if (msg.kind === 'start' && plan) {
      pool = buildPool(plan, plan.phases[msg.phase]);
      run(plan, msg.phase);
    } else if (msg.kind === 'stop') {
      socket.close();
      process.disconnect();
    }
  });

  function run(p: ClientPlan, phase: number): void {
    let sent = 0;
    let answered = 0;
    let lost = 0;
    let inFlight = 0;
    let lastProgress = answered;
    const start = process.hrtime.bigint();
    const send = (): void => {
      socket.send(pool[sent++ % pool.length], p.port, '127.0.0.1');
      inFlight++;
    };
    const onMessage = (): void => {
      answered++;
      inFlight--;
      if (answered >= p.requests) {
        finish();
        return;
      }
      if (sent < p.requests + lost) send();
    };
    const watchdog = setInterval(() => {
      if (answered === lastProgress) {
        lost += inFlight;
        inFlight = 0;
        for (let i = 0; i < p.window; i++) send();
      }
      lastProgress = answered;
    }, 250);
    const finish = (): void => {
      clearInterval(watchdog);
      socket.off('message', onMessage);
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      process.send?.({ kind: 'done', phase, answered, lost, wallMs } satisfies ClientMessage);
    };
    socket.on('message', onMessage);
    for (let i = 0; i < p.window; i++) send();
  }
}

function buildPool(plan: ClientPlan, phase: Phase): Buffer[] {
  const pool: Buffer[] = [];
  let seed = 42;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 8192; i++) {
    const d = plan.devices[rand(plan.devices.length)];
    const oids = phase.pduType === PDU_GETBULK ? [d.bulkStarts[rand(d.bulkStarts.length)]] : d.getOids;
    pool.push(encodeRequest({ version: VERSION_2C, community: d.community, pduType: phase.pduType, requestId: i + 1, maxRepetitions: phase.maxRepetitions, oids }));
  }
  return pool;
}

if (process.argv[2] === 'client') {
  client();
} else {
  agent().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
