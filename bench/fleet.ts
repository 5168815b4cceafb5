/**
 * Fleet benchmark: the real daemon at 1,000 / 3,000 / 10,000 devices, as an operator runs it.
 *
 *   npm run build && node dist/bench/fleet.js [--sizes 1000,3000,10000] [--minutes M]
 *     [--dist DIR | --dist LABEL=DIR]… [--workers 2] [--concurrency N] [--redis redis://127.0.0.1:6379]
 *     [--warmup S] [--json FILE] [--svg FILE] [--keep]
 *   node dist/bench/fleet.js --from-json FILE [--svg FILE]     (the table and plot again, from a run's JSON)
 *   node dist/bench/fleet.js --fairness [--dead 5000] [--healthy 50] [--minutes 4] [--dist …]
 *
 * For each size and each build (`--dist`: a `dist/` directory holding src/cli.js; default this
 * build; repeat for before/after): a `quarkpulse simulate` process serves N aliases of the
 * shared recordings (QP_RECORDINGS or ../shared/recordings/librenms: printers, switches, routers,
 * firewalls), then the build's own CLI runs as `scheduler` (schedules, HTTP, alerts) and
 * `--workers` × `worker` over the local Redis under a random key prefix (removed after), 60 s
 * interval, ICMP off; a real Prometheus (/usr/bin/prometheus, own data dir, loopback port)
 * scrapes every 15 s with a 10 s timeout: through `http_sd_configs` on the scheduler's
 * `/metrics/sd` when that answers 200, else the static `/metrics`; the workers' own `/metrics`
 * (schedule lag, runs, skips) as a second job. After a warm-up (the first interval and a bit)
 * the window lasts `--minutes` (default 10 at ≥ 10,000 devices, else 3). Figures over the window:
 * polls/s achieved vs due, schedule lag p50/p99 (the workers' histogram), skipped runs, CPU per
 * process from /proc/<pid>/stat (per 1,000 polls and in cores; all quarkpulse processes summed),
 * max RSS per process, Redis used_memory (growth over the run, per 1,000 devices; the instance is
 * shared, so our keys' MEMORY USAGE too), Prometheus' own scrape_duration_seconds and
 * scrape_samples_scraped (per target and summed over targets; p50 and max), failed scrapes, the
 * exposition's size (one GET of every target after the window), alert evaluation time per cycle
 * (quarkpulse_alert_evaluation_seconds, where the build has it). Prints a markdown table, writes
 * the figures as JSON (--json, default fleet-results.json) and, with two sizes or more, an SVG
 * plot of growth against devices (--svg, default docs/performance-fleet.svg).
 *
 * --fairness: client A has --dead devices whose agent never answers (a UDP socket of this
 * process that drops every datagram), client B --healthy simulated devices, each behind a relay
 * socket of this process that notes when its poll's first request arrives. B's lag = first
 * request − due slot (the schedule's phase, src/scheduler/schedules.ts); p99 target < 5 s.
 *
 * Loopback only. Every process, port, key and temp dir is cleaned up on exit, error or Ctrl-C.
 * QP_BENCH_CPU_PROF=<dir> writes V8 CPU profiles of the quarkpulse processes; QP_BENCH_NODE_FLAGS
 * adds Node/V8 flags to them (to try a flag before it goes into DAEMON_NODE_FLAGS); QP_LOG_LEVEL sets
 * their log level (default warn; logs are kept in the temp dir and shown when a process fails).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { deleteKeys } from './redis-keys';
import { DAEMON_NODE_FLAGS } from '../src/daemon/node-flags';
import { scheduleId, stableOffsetMs } from '../src/scheduler/schedules';

const INTERVAL_MS = 60_000;
const SCRAPE_INTERVAL_S = 15;
const SCRAPE_TIMEOUT_S = 10;
const CLK_TCK = 100;
const PAGE_BYTES = 4096;
const DEVICES_PER_CLIENT = 50;
const PROMETHEUS = process.env.QP_PROMETHEUS ?? '/usr/bin/prometheus';

// ---------------------------------------------------------------------------------------------
// arguments

interface Build {
  label: string;
  dist: string;
}

interface Options {
  sizes: number[];
  minutes?: number;
  builds: Build[];
  workers: number;
  concurrency?: number;
  redis: string;
  json: string;
  svg?: string;
  keep: boolean;
  fairness: boolean;
  dead: number;
  healthy: number;
  warmupMs: number;
}

function argValues(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === `--${name}` && process.argv[i + 1] !== undefined) out.push(process.argv[i + 1]);
  });
  return out;
}

function arg(name: string): string | undefined {
  return argValues(name).pop();
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} ${text}: expected a positive number`);
  return n;
}

class UsageError extends Error {}

const VALUE_OPTIONS = ['sizes', 'minutes', 'dist', 'workers', 'concurrency', 'redis', 'json', 'svg', 'dead', 'healthy', 'warmup', 'from-json'];
const FLAG_OPTIONS = ['fairness', 'keep'];

/** A mistyped option (or --help) must not start a 45-minute run with the defaults. */
function checkKnownOptions(): void {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const name = args[i].replace(/^--/, '');
    if (VALUE_OPTIONS.includes(name)) i++;
    else if (!FLAG_OPTIONS.includes(name)) throw new UsageError(`unknown option ${args[i]}; options: ${[...VALUE_OPTIONS, ...FLAG_OPTIONS].map((o) => `--${o}`).join(' ')} (see the head of bench/fleet.ts)`);
  }
}

function parseOptions(): Options {
  checkKnownOptions();
  const here = path.resolve(__dirname, '..');
  const builds = (argValues('dist').length > 0 ? argValues('dist') : [`this=${here}`]).map((spec) => {
    const eq = spec.indexOf('=');
    const dist = path.resolve(eq > 0 ? spec.slice(eq + 1) : spec);
    const label = eq > 0 ? spec.slice(0, eq) : path.basename(path.dirname(dist));
    if (!fs.existsSync(path.join(dist, 'src', 'cli.js'))) throw new UsageError(`--dist ${spec}: no src/cli.js in ${dist} (build it: npm run build)`);
    return { label, dist };
  });
  const fairness = process.argv.includes('--fairness');
  const sizes = (arg('sizes') ?? '1000,3000,10000').split(',').map((s) => Math.round(positive('sizes', s)));
  const minutes = arg('minutes');
  const svg = arg('svg');
  return {
    sizes,
    minutes: minutes === undefined ? undefined : positive('minutes', minutes),
    builds,
    workers: Math.round(positive('workers', arg('workers') ?? '2')),
    concurrency: arg('concurrency') === undefined ? undefined : Math.round(positive('concurrency', arg('concurrency') as string)),
    redis: arg('redis') ?? 'redis://127.0.0.1:6379',
    json: path.resolve(arg('json') ?? (fairness ? 'fleet-fairness.json' : 'fleet-results.json')),
    svg: svg === '' ? undefined : path.resolve(svg ?? path.join(here, '..', 'docs', 'performance-fleet.svg')),
    keep: process.argv.includes('--keep'),
    fairness,
    dead: Math.round(positive('dead', arg('dead') ?? '5000')),
    healthy: Math.round(positive('healthy', arg('healthy') ?? '50')),
    warmupMs: arg('warmup') === undefined ? DEFAULT_WARMUP_MS : positive('warmup', arg('warmup') as string) * 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// cleanup: whatever happens, nothing of ours outlives the bench

const cleanups: (() => Promise<void> | void)[] = [];
const liveChildren = new Set<ChildProcess>();

function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

async function cleanupAll(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop();
    try {
      await fn?.();
    } catch (err) {
      console.error(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${sig}: stopping and cleaning up…`);
    void cleanupAll().finally(() => process.exit(130));
  });
}
// Output piped into a reader that went away (`| head`): clean up as on Ctrl-C instead of dying with keys left in Redis.
process.stdout.on('error', () => {
  if (interrupted) return;
  interrupted = true;
  void cleanupAll().finally(() => process.exit(141));
});
// Last resort (an exit from elsewhere): no child keeps running.
process.on('exit', () => {
  for (const c of liveChildren) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

// ---------------------------------------------------------------------------------------------
// processes

class Proc {
  readonly exited: Promise<number | null>;
  private readonly logFile: string;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    logDir: string,
  ) {
    this.logFile = path.join(logDir, `${name}.log`);
    const out = fs.createWriteStream(this.logFile);
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    liveChildren.add(child);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        liveChildren.delete(child);
        resolve(code);
      });
      child.once('error', () => resolve(null));
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  tail(bytes = 3000): string {
    try {
      const text = fs.readFileSync(this.logFile, 'utf8');
      return text.slice(-bytes);
    } catch {
      return '';
    }
  }

  /** SIGTERM; SIGKILL after `graceMs`. */
  async stop(graceMs = 12_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function startProc(name: string, args: string[], logDir: string, env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...withoutRedisUrl(process.env), QP_LOG_FORMAT: 'json', QP_LOG_LEVEL: process.env.QP_LOG_LEVEL ?? 'warn', ...env },
  });
  const proc = new Proc(name, child, logDir);
  // The daemon stops within 10 s by itself; a CPU profile is written on the way out.
  onCleanup(() => proc.stop(30_000));
  return proc;
}

/** dist/src/cli.js exports main() (bin/quarkpulse.js calls it); run it the same way, with our flags. */
function cliArgs(cli: string, args: string[]): string[] {
  return ['-e', 'require(process.argv[1]).main(process.argv.slice(2))', cli, ...args];
}

function withoutRedisUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { REDIS_URL: _drop, ...rest } = env;
  return rest;
}

/** quarkpulse's own Node flags; QP_BENCH_NODE_FLAGS adds to them, QP_BENCH_CPU_PROF=<dir> a CPU profile per process. */
function nodeFlags(role: string): string[] {
  const dir = process.env.QP_BENCH_CPU_PROF;
  const prof = dir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(dir), '--cpu-prof-name', `fleet-${role}-${Date.now()}.cpuprofile`] : [];
  const extra = (process.env.QP_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  return [...DAEMON_NODE_FLAGS, ...extra, ...prof];
}

async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, alive?: () => string | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const dead = alive?.();
    if (dead) throw new Error(`${what}: ${dead}`);
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (${last})` : ''}`);
    await sleep(500);
  }
}

async function httpGet(url: string, timeoutMs = 30_000): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: await res.text() };
}

// ---------------------------------------------------------------------------------------------
// /proc: CPU and RSS of a process

function procCpuTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function procRssBytes(pid: number): number | undefined {
  try {
    const statm = fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    return Number(statm[1]) * PAGE_BYTES;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// the lab: aliases of the recordings, served by `quarkpulse simulate`

function recordingsDir(): string {
  const dir = process.env.QP_RECORDINGS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'recordings', 'librenms');
  if (!fs.existsSync(dir)) throw new UsageError(`no recordings at ${dir} (set QP_RECORDINGS)`);
  return dir;
}

type Kind = 'printer' | 'switch' | 'router' | 'firewall';

/** The recordings' kinds, from their names (LibreNMS test data: the OS is in the name). */
function kindOf(recording: string): Kind {
  if (/^(arubaos|ios|junos|tplink)/.test(recording)) return 'switch';
  if (/^routeros/.test(recording)) return 'router';
  if (/^(fortigate|panos|pfsense)/.test(recording)) return 'firewall';
  return 'printer';
}

interface LabDevice {
  name: string;
  client: string;
  kind: Kind;
  community: string;
  port?: number;
}

/** N aliases (symlinks: the agent loads each recording once) in `dir`; device i is alias i. */
function writeAliases(dir: string, n: number, namePrefix: string, clientOf: (i: number) => string): LabDevice[] {
  const source = recordingsDir();
  const names = fs.readdirSync(source).filter((f) => f.endsWith('.snmprec')).sort();
  if (names.length === 0) throw new UsageError(`no *.snmprec in ${source}`);
  fs.mkdirSync(dir, { recursive: true });
  const devices: LabDevice[] = [];
  for (let i = 0; i < n; i++) {
    const rec = names[i % names.length].slice(0, -'.snmprec'.length);
    const community = `${rec}-${namePrefix}${i}`;
    fs.symlinkSync(path.join(source, `${rec}.snmprec`), path.join(dir, `${community}.snmprec`));
    devices.push({ name: `${namePrefix}${String(i).padStart(5, '0')}`, client: clientOf(i), kind: kindOf(rec), community });
  }
  return devices;
}

async function startLab(ownDist: string, recordings: string, logDir: string): Promise<{ proc: Proc; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeUdpPort();
    const proc = startProc(`simulator-${port}`, cliArgs(path.join(ownDist, 'src', 'cli.js'), ['simulate', '--recordings', recordings, '--port', String(port), '--host', '127.0.0.1']), logDir, { QP_LOG_LEVEL: 'info' });
    try {
      await waitFor('the simulator', async () => (proc.tail(100_000).includes('SNMP simulator listening') ? true : undefined), 120_000, () => (proc.running ? undefined : `exited: ${proc.tail()}`));
      return { proc, port };
    } catch (err) {
      await proc.stop();
      if (attempt >= 3) throw err;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// the daemon: scheduler + workers of one build

interface DaemonRun {
  scheduler: Proc;
  workers: Proc[];
  schedulerUrl: string;
  workerUrls: string[];
  prefix: string;
}

function writeConfig(file: string, opts: { devices: LabDevice[]; simPort: number; redis: string; prefix: string; listen: string; dataDir: string; concurrency?: number }): void {
  const config = {
    defaults: { intervals: { snmp: `${INTERVAL_MS / 1000}s` }, icmp: { enabled: false }, snmp: { version: '2c', port: opts.simPort } },
    queue: { redis: opts.redis, prefix: opts.prefix, ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) },
    http: { listen: opts.listen },
    backup: { dir: path.join(opts.dataDir, 'configs'), weekly_report: { enabled: false, dir: path.join(opts.dataDir, 'reports') } },
    devices: opts.devices.map((d) => ({
      name: d.name,
      client: d.client,
      kind: d.kind,
      address: '127.0.0.1',
      snmp: { community: d.community, ...(d.port ? { port: d.port } : {}) },
    })),
  };
  // YAML is a superset of JSON.
  fs.writeFileSync(file, JSON.stringify(config));
}

async function startDaemon(build: Build, configFile: string, listen: string, workers: number, logDir: string, prefix: string): Promise<DaemonRun> {
  const cli = path.join(build.dist, 'src', 'cli.js');
  const scheduler = startProc(`${build.label}-scheduler`, [...nodeFlags(`${build.label}-scheduler`), ...cliArgs(cli, ['scheduler', '--config', configFile])], logDir);
  const schedulerUrl = `http://${listen}`;
  const workerProcs: Proc[] = [];
  const workerUrls: string[] = [];
  for (let w = 1; w <= workers; w++) {
    const port = await freeTcpPort();
    workerProcs.push(startProc(`${build.label}-worker-${w}`, [...nodeFlags(`${build.label}-worker${w}`), ...cliArgs(cli, ['worker', '--config', configFile, '--listen', `127.0.0.1:${port}`])], logDir));
    workerUrls.push(`http://127.0.0.1:${port}`);
  }
  const dead = () => {
    const gone = [scheduler, ...workerProcs].find((p) => !p.running);
    return gone && `${gone.name} exited: ${gone.tail()}`;
  };
  await waitFor('the scheduler to be ready (schedules in place)', async () => ((await httpGet(`${schedulerUrl}/-/ready`, 5_000)).status === 200 ? true : undefined), 300_000, dead);
  for (const url of workerUrls) await waitFor(`worker ${url}`, async () => ((await httpGet(`${url}/metrics`, 5_000)).status === 200 ? true : undefined), 120_000, dead);
  return { scheduler, workers: workerProcs, schedulerUrl, workerUrls, prefix };
}

// ---------------------------------------------------------------------------------------------
// Prometheus

interface Prom {
  proc: Proc;
  url: string;
  /** How the daemon is scraped: http_sd on /metrics/sd, or the static /metrics. */
  discovery: 'http_sd' | 'static';
}

async function startPrometheus(daemon: DaemonRun, dir: string, logDir: string): Promise<Prom> {
  if (!fs.existsSync(PROMETHEUS)) throw new UsageError(`Prometheus not found at ${PROMETHEUS} (Debian package "prometheus", or set QP_PROMETHEUS)`);
  const sd = await httpGet(`${daemon.schedulerUrl}/metrics/sd`, 10_000).catch(() => ({ status: 0, body: '' }));
  const discovery = sd.status === 200 ? 'http_sd' : 'static';
  const target = new URL(daemon.schedulerUrl).host;
  const daemonJob =
    discovery === 'http_sd'
      ? `    http_sd_configs: [{ url: "${daemon.schedulerUrl}/metrics/sd", refresh_interval: 15s }]`
      : `    static_configs: [{ targets: ["${target}"] }]`;
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(
    configFile,
    [
      'global:',
      `  scrape_interval: ${SCRAPE_INTERVAL_S}s`,
      `  scrape_timeout: ${SCRAPE_TIMEOUT_S}s`,
      'scrape_configs:',
      '  - job_name: quarkpulse',
      daemonJob,
      '  - job_name: quarkpulse-workers',
      `    static_configs: [{ targets: [${daemon.workerUrls.map((u) => `"${new URL(u).host}"`).join(', ')}] }]`,
      '',
    ].join('\n'),
  );
  for (let attempt = 1; ; attempt++) {
    const port = await freeTcpPort();
    const child = spawn(PROMETHEUS, [`--config.file=${configFile}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prom = new Proc(`prometheus-${port}`, child, logDir);
    onCleanup(() => prom.stop(5_000));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor('prometheus', async () => ((await httpGet(`${url}/-/ready`, 2_000)).status === 200 ? true : undefined), 30_000, () => (prom.running ? undefined : `exited: ${prom.tail()}`));
      return { proc: prom, url, discovery };
    } catch (err) {
      await prom.stop();
      if (attempt >= 3) throw err;
    }
  }
}

interface PromSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

async function promQuery(prom: Prom, query: string, atS: number): Promise<{ metric: Record<string, string>; value: number }[]> {
  const url = `${prom.url}/api/v1/query?query=${encodeURIComponent(query)}&time=${atS}`;
  const r = JSON.parse((await httpGet(url)).body) as { status: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] }; error?: string };
  if (r.status !== 'success' || !r.data) throw new Error(`prometheus query ${query}: ${r.error ?? 'failed'}`);
  return r.data.result.map((x) => ({ metric: x.metric, value: Number(x.value[1]) }));
}

async function promScalar(prom: Prom, query: string, atS: number): Promise<number | undefined> {
  const r = await promQuery(prom, query, atS);
  const v = r[0]?.value;
  return v === undefined || !Number.isFinite(v) ? undefined : v;
}

async function promRange(prom: Prom, query: string, fromS: number, toS: number): Promise<PromSeries[]> {
  const url = `${prom.url}/api/v1/query_range?query=${encodeURIComponent(query)}&start=${fromS}&end=${toS}&step=${SCRAPE_INTERVAL_S}`;
  const r = JSON.parse((await httpGet(url)).body) as { status: string; data?: { result: PromSeries[] }; error?: string };
  if (r.status !== 'success' || !r.data) throw new Error(`prometheus range query ${query}: ${r.error ?? 'failed'}`);
  return r.data.result;
}

// ---------------------------------------------------------------------------------------------
// figures

interface ProcFigures {
  name: string;
  cpuS: number;
  cores: number;
  maxRssMb: number;
}

interface ScrapeFigures {
  targets: number;
  /** Per target: p50 and max of scrape_duration_seconds. */
  perTarget: { instance: string; p50S: number; maxS: number; samples: number }[];
  /** Summed over targets at each scrape round (sequential cost), and the slowest target of a round (wall time when parallel). */
  sumP50S: number;
  sumMaxS: number;
  slowestP50S: number;
  slowestMaxS: number;
  samples: number;
  failed: number;
  rounds: number;
  bodyBytes: number;
}

interface SizeFigures {
  build: string;
  devices: number;
  discovery: string;
  windowS: number;
  pollsPerS: number;
  duePerS: number;
  lagP50S?: number;
  lagP99S?: number;
  skipped: number;
  probeFailures: number;
  processes: ProcFigures[];
  cpuPer1000: Record<string, number>;
  totalCores: number;
  redisUsedMb: number;
  redisGrowthMb: number;
  redisPer1000Mb: number;
  redisOurKeysMb: number;
  scrape: ScrapeFigures;
  alertEvalP50S?: number;
  alertEvalP99S?: number;
  alertEvalMeanS?: number;
  alertCycles?: number;
  /** Where the alert figures come from: Prometheus over the window, or the scheduler's own histogram over its life when every scrape failed. */
  alertEvalOver?: string;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function redisUsedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function prefixMemory(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let bytes = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const k of batch) pipeline.memory('USAGE', k);
    for (const [, n] of (await pipeline.exec()) ?? []) bytes += Number(n ?? 0);
  } while (cursor !== '0');
  return bytes;
}


/** Samples CPU ticks at the window's edges and RSS / Redis memory every few seconds within it. */
class Sampler {
  private readonly maxRss = new Map<string, number>();
  private readonly cpu0 = new Map<string, number>();
  private maxRedis = 0;
  private timer?: NodeJS.Timeout;
  private t0 = 0;

  constructor(
    private readonly procs: Proc[],
    private readonly redis: Redis,
  ) {}

  start(): void {
    this.t0 = Date.now();
    for (const p of this.procs) this.cpu0.set(p.name, procCpuTicks(p.pid) ?? NaN);
    const sample = () => {
      for (const p of this.procs) this.maxRss.set(p.name, Math.max(this.maxRss.get(p.name) ?? 0, procRssBytes(p.pid) ?? 0));
      void redisUsedMemory(this.redis)
        .then((m) => (this.maxRedis = Math.max(this.maxRedis, m)))
        .catch(() => undefined);
    };
    sample();
    this.timer = setInterval(sample, 5_000);
  }

  stop(): { procs: ProcFigures[]; maxRedis: number; wallS: number } {
    if (this.timer) clearInterval(this.timer);
    const wallS = (Date.now() - this.t0) / 1000;
    const procs = this.procs.map((p) => {
      const cpuS = ((procCpuTicks(p.pid) ?? NaN) - (this.cpu0.get(p.name) ?? NaN)) / CLK_TCK;
      return { name: p.name, cpuS, cores: cpuS / wallS, maxRssMb: (this.maxRss.get(p.name) ?? 0) / 1e6 };
    });
    return { procs, maxRedis: this.maxRedis, wallS };
  }
}

/** The window's scrape figures from Prometheus' own series (job quarkpulse). */
async function scrapeFigures(prom: Prom, fromS: number, toS: number): Promise<Omit<ScrapeFigures, 'bodyBytes'>> {
  const job = '{job="quarkpulse"}';
  const [durations, samples, up] = await Promise.all([
    promRange(prom, `scrape_duration_seconds${job}`, fromS, toS),
    promRange(prom, `scrape_samples_scraped${job}`, fromS, toS),
    promRange(prom, `up${job}`, fromS, toS),
  ]);
  // A target is its label set (shards of one daemon share an instance and differ in another label).
  const targetKey = (m: Record<string, string>) => JSON.stringify(Object.entries(m).filter(([k]) => k !== '__name__' && k !== 'job').sort());
  const perTarget = durations.map((s) => {
    const d = s.values.map(([, v]) => Number(v));
    const n = samples.find((x) => targetKey(x.metric) === targetKey(s.metric))?.values.map(([, v]) => Number(v)) ?? [];
    const extra = Object.entries(s.metric).filter(([k]) => !['__name__', 'job', 'instance'].includes(k)).map(([k, v]) => `${k}=${v}`);
    return { instance: `${s.metric.instance}${extra.length ? ` ${extra.join(',')}` : ''}`, p50S: quantile(d, 0.5), maxS: Math.max(...d), samples: Math.max(0, ...n) };
  });
  // One round = one timestamp of the range: the step equals the scrape interval.
  const rounds = new Map<number, number[]>();
  for (const s of durations) for (const [t, v] of s.values) (rounds.get(t) ?? rounds.set(t, []).get(t))?.push(Number(v));
  const sums = [...rounds.values()].map((vs) => vs.reduce((a, b) => a + b, 0));
  const slowest = [...rounds.values()].map((vs) => Math.max(...vs));
  const failed = up.reduce((n, s) => n + s.values.filter(([, v]) => Number(v) === 0).length, 0);
  return {
    targets: durations.length,
    perTarget,
    sumP50S: quantile(sums, 0.5),
    sumMaxS: Math.max(...sums),
    slowestP50S: quantile(slowest, 0.5),
    slowestMaxS: Math.max(...slowest),
    samples: perTarget.reduce((n, t) => n + t.samples, 0),
    failed,
    rounds: rounds.size,
  };
}

/**
 * The exposition's size: one GET of every target Prometheus scrapes for the daemon, after the
 * window; also the alert evaluation histogram's lines in it (for when every scrape failed).
 */
async function exposition(prom: Prom): Promise<{ bytes: number; alertLines: string[] }> {
  const r = JSON.parse((await httpGet(`${prom.url}/api/v1/targets?state=active`)).body) as { data: { activeTargets: { scrapePool: string; scrapeUrl: string }[] } };
  let bytes = 0;
  const alertLines: string[] = [];
  for (const t of r.data.activeTargets.filter((x) => x.scrapePool === 'quarkpulse')) {
    const body = (await httpGet(t.scrapeUrl, 180_000)).body;
    bytes += Buffer.byteLength(body);
    for (const line of body.split('\n')) if (line.startsWith('quarkpulse_alert_evaluation_seconds')) alertLines.push(line);
  }
  return { bytes, alertLines };
}

/** Mean and quantiles of the alert evaluation histogram over the process's life, from exposition lines. */
function alertEvalFromLines(lines: string[]): { meanS: number; p50S: number; p99S: number; cycles: number } | undefined {
  const value = (l: string) => Number(l.slice(l.lastIndexOf(' ') + 1));
  const count = lines.find((l) => l.startsWith('quarkpulse_alert_evaluation_seconds_count'));
  const sum = lines.find((l) => l.startsWith('quarkpulse_alert_evaluation_seconds_sum'));
  if (!count || !sum || value(count) === 0) return undefined;
  const buckets = lines
    .filter((l) => l.startsWith('quarkpulse_alert_evaluation_seconds_bucket'))
    .map((l) => {
      const le = /le="([^"]+)"/.exec(l)?.[1];
      return { le: le === '+Inf' ? Infinity : Number(le), n: value(l) };
    })
    .sort((a, b) => a.le - b.le);
  const n = value(count);
  const q = (p: number) => buckets.find((b) => b.n >= p * n)?.le ?? NaN;
  return { meanS: value(sum) / n, p50S: q(0.5), p99S: q(0.99), cycles: n };
}

/** Value of a counter sum at two instants (each the latest scrape at or before it). */
async function counterDelta(prom: Prom, query: string, fromS: number, toS: number): Promise<number> {
  const [a, b] = await Promise.all([promScalar(prom, query, fromS), promScalar(prom, query, toS)]);
  return (b ?? 0) - (a ?? 0);
}

async function lagQuantile(prom: Prom, q: number, windowS: number, toS: number, metric: string, job: string): Promise<number | undefined> {
  return promScalar(prom, `histogram_quantile(${q}, sum by (le) (increase(${metric}_bucket{job="${job}"}[${Math.round(windowS)}s])))`, toS);
}

// ---------------------------------------------------------------------------------------------
// one size × one build

function defaultMinutes(devices: number): number {
  return devices >= 10_000 ? 10 : 3;
}

/** The first interval is warm-up (first polls plan their walks; every schedule starts); figures start after it. */
const DEFAULT_WARMUP_MS = INTERVAL_MS + 30_000;

/** A run's scratch folder (removed after unless --keep), its log folder and its Redis key prefix (deleted after). */
function prepareRun(opts: Options, redis: Redis, tmpName: string): { work: string; logDir: string; prefix: string; mark: number } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), tmpName));
  const logDir = path.join(work, 'logs');
  fs.mkdirSync(logDir);
  const prefix = `qpfleet-${randomBytes(4).toString('hex')}`;
  const mark = cleanups.length;
  onCleanup(() => (opts.keep ? console.log(`  kept ${work}`) : fs.rmSync(work, { recursive: true, force: true })));
  onCleanup(() => deleteKeys(redis, prefix));
  return { work, logDir, prefix, mark };
}

async function runSize(opts: Options, build: Build, devices: number, redis: Redis): Promise<SizeFigures> {
  const { work, logDir, prefix, mark } = prepareRun(opts, redis, 'qp-fleet-');
  const minutes = opts.minutes ?? defaultMinutes(devices);
  console.log(`\n== ${build.label}: ${devices} devices, ${opts.workers} workers, ${INTERVAL_MS / 1000} s interval, window ${minutes} min after ${opts.warmupMs / 1000} s warm-up (${build.dist})`);
  try {
    const lab = writeAliases(path.join(work, 'recordings'), devices, 'dev-', (i) => `client-${Math.floor(i / DEVICES_PER_CLIENT)}`);
    const sim = await startLab(path.resolve(__dirname, '..'), path.join(work, 'recordings'), logDir);
    const redisBefore = await redisUsedMemory(redis);
    const listen = `127.0.0.1:${await freeTcpPort()}`;
    const configFile = path.join(work, 'fleet.yml');
    writeConfig(configFile, { devices: lab, simPort: sim.port, redis: opts.redis, prefix, listen, dataDir: work, concurrency: opts.concurrency });
    const t0 = Date.now();
    const daemon = await startDaemon(build, configFile, listen, opts.workers, logDir, prefix);
    console.log(`  daemon ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const prom = await startPrometheus(daemon, work, logDir);
    console.log(`  prometheus ${prom.url}, daemon scraped via ${prom.discovery === 'http_sd' ? 'http_sd (/metrics/sd)' : 'static /metrics'}`);
    await sleep(Math.max(0, t0 + opts.warmupMs - Date.now()));
    const sampler = new Sampler([daemon.scheduler, ...daemon.workers], redis);
    const fromS = Math.floor(Date.now() / 1000);
    sampler.start();
    const windowMs = minutes * 60_000;
    for (let left = windowMs; left > 0; left -= 60_000) {
      await sleep(Math.min(60_000, left));
      const gone = [daemon.scheduler, ...daemon.workers, sim.proc].find((p) => !p.running);
      if (gone) throw new Error(`${gone.name} exited during the window: ${gone.tail()}`);
      process.stdout.write(`  ${Math.round((windowMs - left + Math.min(60_000, left)) / 60_000)}/${minutes} min\r`);
    }
    const toS = Math.floor(Date.now() / 1000);
    const sampled = sampler.stop();
    // One more scrape round so the window's last values are in Prometheus.
    await sleep((SCRAPE_INTERVAL_S + 2) * 1000);
    const windowS = toS - fromS;
    const workersJob = 'quarkpulse-workers';
    const polls = await counterDelta(prom, `sum(quarkpulse_probe_runs_total{job="${workersJob}",probe="snmp"})`, fromS, toS);
    const failures = await counterDelta(prom, `sum(quarkpulse_probe_runs_total{job="${workersJob}",probe="snmp",result="failure"})`, fromS, toS);
    const skipped = await counterDelta(prom, `sum(quarkpulse_queue_skipped_runs_total{job="${workersJob}"}) or vector(0)`, fromS, toS);
    const lagP50S = await lagQuantile(prom, 0.5, windowS, toS, 'quarkpulse_schedule_lag_seconds', workersJob);
    const lagP99S = await lagQuantile(prom, 0.99, windowS, toS, 'quarkpulse_schedule_lag_seconds', workersJob);
    const alertEvalP50S = await lagQuantile(prom, 0.5, windowS, toS, 'quarkpulse_alert_evaluation_seconds', 'quarkpulse');
    const alertEvalP99S = await lagQuantile(prom, 0.99, windowS, toS, 'quarkpulse_alert_evaluation_seconds', 'quarkpulse');
    const alertCycles = await counterDelta(prom, 'sum(quarkpulse_alert_evaluation_seconds_count{job="quarkpulse"})', fromS, toS);
    const alertSum = await counterDelta(prom, 'sum(quarkpulse_alert_evaluation_seconds_sum{job="quarkpulse"})', fromS, toS);
    const body = await exposition(prom).catch((err: unknown) => {
      console.log(`  could not GET the exposition after the window: ${err instanceof Error ? err.message : String(err)}`);
      return { bytes: NaN, alertLines: [] };
    });
    const scrape = { ...(await scrapeFigures(prom, fromS, toS)), bodyBytes: body.bytes };
    // Every scrape of the scheduler failed (timeouts): its own histogram, over its whole life (bucket bounds).
    const lifetime = alertCycles > 0 ? undefined : alertEvalFromLines(body.alertLines);
    const ourKeys = await prefixMemory(redis, prefix);
    const short = (name: string) => name.slice(build.label.length + 1);
    const processes = sampled.procs.map((p) => ({ ...p, name: short(p.name) }));
    const cpuPer1000 = Object.fromEntries(processes.map((p) => [p.name, polls > 0 ? (p.cpuS / polls) * 1000 : NaN]));
    const figures: SizeFigures = {
      build: build.label,
      devices,
      discovery: prom.discovery,
      windowS,
      pollsPerS: polls / windowS,
      duePerS: devices / (INTERVAL_MS / 1000),
      lagP50S,
      lagP99S,
      skipped,
      probeFailures: failures,
      processes,
      cpuPer1000,
      totalCores: processes.reduce((n, p) => n + p.cores, 0),
      redisUsedMb: sampled.maxRedis / 1e6,
      redisGrowthMb: (sampled.maxRedis - redisBefore) / 1e6,
      redisPer1000Mb: ((sampled.maxRedis - redisBefore) / 1e6 / devices) * 1000,
      redisOurKeysMb: ourKeys / 1e6,
      scrape,
      ...(alertCycles > 0 ? { alertEvalP50S, alertEvalP99S, alertEvalMeanS: alertSum / alertCycles, alertCycles, alertEvalOver: 'window' } : {}),
      ...(lifetime ? { alertEvalP50S: lifetime.p50S, alertEvalP99S: lifetime.p99S, alertEvalMeanS: lifetime.meanS, alertCycles: lifetime.cycles, alertEvalOver: 'process life, bucket bounds' } : {}),
    };
    printSize(figures);
    return figures;
  } finally {
    // This size's processes, keys and files go before the next size starts.
    while (cleanups.length > mark) await cleanups.pop()?.();
  }
}

// ---------------------------------------------------------------------------------------------
// fairness: a dead client beside a healthy one

interface FairnessFigures {
  build: string;
  dead: number;
  healthy: number;
  windowS: number;
  /** Runs of B due in the window, and how many got no request at all within their interval. */
  bDue: number;
  bMissed: number;
  bLagP50S: number;
  bLagP99S: number;
  bLagMaxS: number;
  totalCores: number;
}

/** One socket per healthy device, forwarding to the simulator and noting when each request arrives. */
async function startRelays(n: number, simPort: number): Promise<{ ports: number[]; arrivals: number[][]; close: () => Promise<void> }> {
  const ports: number[] = [];
  const arrivals: number[][] = [];
  const sockets: dgram.Socket[] = [];
  for (let i = 0; i < n; i++) {
    const front = dgram.createSocket('udp4');
    const up = dgram.createSocket('udp4');
    let client: { address: string; port: number } | undefined;
    const seen: number[] = [];
    front.on('message', (msg, from) => {
      seen.push(Date.now());
      client = { address: from.address, port: from.port };
      up.send(msg, simPort, '127.0.0.1');
    });
    up.on('message', (msg) => {
      if (client) front.send(msg, client.port, client.address);
    });
    await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => up.bind(0, '127.0.0.1', () => r()));
    sockets.push(front, up);
    ports.push(front.address().port);
    arrivals.push(seen);
  }
  return { ports, arrivals, close: async () => void (await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))))) };
}

/** An agent that never answers: every datagram is read and dropped. */
async function startBlackhole(): Promise<{ port: number; close: () => Promise<void> }> {
  const s = dgram.createSocket('udp4');
  s.on('message', () => undefined);
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return { port: s.address().port, close: () => new Promise<void>((r) => s.close(() => r())) };
}

async function runFairness(opts: Options, build: Build, redis: Redis): Promise<FairnessFigures> {
  const { work, logDir, prefix, mark } = prepareRun(opts, redis, 'qp-fleet-fair-');
  const minutes = opts.minutes ?? 4;
  console.log(`\n== fairness, ${build.label}: client A ${opts.dead} devices that never answer, client B ${opts.healthy} healthy; window ${minutes} min after ${opts.warmupMs / 1000} s`);
  try {
    const healthy = writeAliases(path.join(work, 'recordings'), opts.healthy, 'b-', () => 'client-b');
    const sim = await startLab(path.resolve(__dirname, '..'), path.join(work, 'recordings'), logDir);
    const relays = await startRelays(opts.healthy, sim.port);
    onCleanup(relays.close);
    const hole = await startBlackhole();
    onCleanup(hole.close);
    healthy.forEach((d, i) => (d.port = relays.ports[i]));
    const dead: LabDevice[] = Array.from({ length: opts.dead }, (_, i) => ({ name: `a-${String(i).padStart(5, '0')}`, client: 'client-a', kind: 'switch', community: `dead-${i}`, port: hole.port }));
    const listen = `127.0.0.1:${await freeTcpPort()}`;
    const configFile = path.join(work, 'fleet.yml');
    writeConfig(configFile, { devices: [...dead, ...healthy], simPort: sim.port, redis: opts.redis, prefix, listen, dataDir: work, concurrency: opts.concurrency });
    const t0 = Date.now();
    const daemon = await startDaemon(build, configFile, listen, opts.workers, logDir, prefix);
    await sleep(Math.max(0, t0 + opts.warmupMs - Date.now()));
    const sampler = new Sampler([daemon.scheduler, ...daemon.workers], redis);
    const fromMs = Date.now();
    sampler.start();
    await sleep(minutes * 60_000);
    const toMs = Date.now();
    const sampled = sampler.stop();
    // Runs due in the window, ending one interval before its end so each had its interval to start.
    const lags: number[] = [];
    let due = 0;
    let missed = 0;
    healthy.forEach((d, i) => {
      const offset = stableOffsetMs(scheduleId(d.name, 'snmp'), INTERVAL_MS);
      const seen = relays.arrivals[i];
      for (let slot = Math.ceil((fromMs - offset) / INTERVAL_MS) * INTERVAL_MS + offset; slot + INTERVAL_MS <= toMs; slot += INTERVAL_MS) {
        due++;
        const first = seen.find((t) => t >= slot - 1_000 && t < slot + INTERVAL_MS);
        if (first === undefined) missed++;
        else lags.push(Math.max(0, first - slot) / 1000);
      }
    });
    const figures: FairnessFigures = {
      build: build.label,
      dead: opts.dead,
      healthy: opts.healthy,
      windowS: (toMs - fromMs) / 1000,
      bDue: due,
      bMissed: missed,
      bLagP50S: quantile(lags, 0.5),
      bLagP99S: quantile(lags, 0.99),
      bLagMaxS: lags.length > 0 ? Math.max(...lags) : NaN,
      totalCores: sampled.procs.reduce((n, p) => n + p.cores, 0),
    };
    console.log(
      `  client B: ${due} runs due, ${missed} missed their interval; lag p50 ${figures.bLagP50S.toFixed(2)} s, p99 ${figures.bLagP99S.toFixed(2)} s, max ${figures.bLagMaxS.toFixed(2)} s (target p99 < 5 s); quarkpulse CPU ${figures.totalCores.toFixed(2)} cores`,
    );
    return figures;
  } finally {
    while (cleanups.length > mark) await cleanups.pop()?.();
  }
}

// ---------------------------------------------------------------------------------------------
// output

const f1 = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));

function printSize(r: SizeFigures): void {
  console.log(`  polls ${f1(r.pollsPerS, 2)}/s (due ${f1(r.duePerS, 2)}/s), lag p50 ${f1(r.lagP50S, 2)} s p99 ${f1(r.lagP99S, 2)} s, skipped ${r.skipped}, probe failures ${r.probeFailures}`);
  for (const p of r.processes) console.log(`  ${p.name}: ${f1(p.cpuS)} CPU-s = ${f1(p.cores, 2)} cores, ${f1(r.cpuPer1000[p.name], 2)} CPU-s per 1,000 polls, max RSS ${f1(p.maxRssMb, 0)} MB`);
  console.log(`  total quarkpulse CPU ${f1(r.totalCores, 2)} cores; redis used_memory max ${f1(r.redisUsedMb)} MB (+${f1(r.redisGrowthMb)} MB = ${f1(r.redisPer1000Mb, 2)} MB per 1,000 devices; our keys ${f1(r.redisOurKeysMb)} MB)`);
  const s = r.scrape;
  console.log(
    `  scrape (${s.targets} target(s), ${s.rounds} rounds): per round summed p50 ${f1(s.sumP50S, 2)} s max ${f1(s.sumMaxS, 2)} s, slowest target p50 ${f1(s.slowestP50S, 2)} s max ${f1(s.slowestMaxS, 2)} s; ${s.samples} samples, ${f1(s.bodyBytes / 1e6)} MB; failed scrapes ${s.failed}`,
  );
  if (r.alertCycles) console.log(`  alert evaluation (${r.alertEvalOver}): ${r.alertCycles} cycles, mean ${f1(r.alertEvalMeanS, 3)} s, p50 ${f1(r.alertEvalP50S, 3)} s, p99 ${f1(r.alertEvalP99S, 3)} s`);
}

function table(results: SizeFigures[]): string {
  const head =
    '| devices | build | polls/s (due) | lag p50 / p99 s | skipped | CPU-s per 1,000 polls (sched / workers) | quarkpulse CPU, cores | max RSS MB (sched / workers) | Redis used_memory MB (our keys per 1,000 devices) | scrape s p50 / max (summed) | samples | /metrics MB | failed scrapes | alert eval s mean / p99 |';
  const rows = results.map((r) => {
    const sched = r.processes.find((p) => p.name === 'scheduler');
    const workers = r.processes.filter((p) => p.name !== 'scheduler');
    return `| ${r.devices.toLocaleString('en')} | ${r.build} | ${f1(r.pollsPerS)} (${f1(r.duePerS)}) | ${f1(r.lagP50S, 2)} / ${f1(r.lagP99S, 2)} | ${r.skipped} | ${f1(r.cpuPer1000.scheduler, 2)} / ${workers.map((w) => f1(r.cpuPer1000[w.name], 2)).join(', ')} | ${f1(r.totalCores, 2)} | ${f1(sched?.maxRssMb, 0)} / ${workers.map((w) => f1(w.maxRssMb, 0)).join(', ')} | ${f1(r.redisUsedMb, 0)} (${f1((r.redisOurKeysMb / r.devices) * 1000, 1)}) | ${f1(r.scrape.sumP50S, 2)} / ${f1(r.scrape.sumMaxS, 2)} (${r.scrape.targets}) | ${r.scrape.samples.toLocaleString('en')} | ${f1(r.scrape.bodyBytes / 1e6)} | ${r.scrape.failed} | ${f1(r.alertEvalMeanS, 3)} / ${f1(r.alertEvalP99S, 3)} |`;
  });
  return [head, `|${'---|'.repeat(14)}`, ...rows].join('\n');
}

/** Three small panels against devices: CPU cores, scrape duration (max, summed), largest RSS; one line per build. */
function svgPlot(results: SizeFigures[]): string {
  const panels: { title: string; unit: string; value: (r: SizeFigures) => number }[] = [
    { title: 'quarkpulse CPU', unit: 'cores', value: (r) => r.totalCores },
    { title: '/metrics scrape (max, summed)', unit: 's', value: (r) => r.scrape.sumMaxS },
    { title: 'largest process RSS', unit: 'MB', value: (r) => Math.max(...r.processes.map((p) => p.maxRssMb)) },
  ];
  const builds = [...new Set(results.map((r) => r.build))];
  const colors = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd'];
  const W = 260;
  const H = 200;
  const pad = { l: 48, r: 12, t: 28, b: 36 };
  const maxDevices = Math.max(...results.map((r) => r.devices));
  const parts: string[] = [];
  panels.forEach((panel, pi) => {
    const x0 = pi * W;
    const values = results.map(panel.value).filter(Number.isFinite);
    const maxV = Math.max(1e-9, ...values) * 1.1;
    const px = (d: number) => x0 + pad.l + (d / maxDevices) * (W - pad.l - pad.r);
    const py = (v: number) => pad.t + (1 - v / maxV) * (H - pad.t - pad.b);
    parts.push(`<text x="${x0 + W / 2}" y="16" text-anchor="middle" font-size="12">${panel.title} (${panel.unit})</text>`);
    parts.push(`<line x1="${x0 + pad.l}" y1="${H - pad.b}" x2="${x0 + W - pad.r}" y2="${H - pad.b}" stroke="#888"/><line x1="${x0 + pad.l}" y1="${pad.t}" x2="${x0 + pad.l}" y2="${H - pad.b}" stroke="#888"/>`);
    for (const frac of [0, 0.5, 1]) {
      const v = (maxV / 1.1) * frac;
      parts.push(`<text x="${x0 + pad.l - 4}" y="${py(v) + 4}" text-anchor="end" font-size="10">${v >= 10 ? v.toFixed(0) : v.toFixed(2)}</text>`);
    }
    for (const d of [...new Set(results.map((r) => r.devices))]) parts.push(`<text x="${px(d)}" y="${H - pad.b + 14}" text-anchor="middle" font-size="10">${d.toLocaleString('en')}</text>`);
    parts.push(`<text x="${x0 + W / 2}" y="${H - 6}" text-anchor="middle" font-size="10">devices</text>`);
    builds.forEach((b, bi) => {
      const pts = results.filter((r) => r.build === b && Number.isFinite(panel.value(r))).sort((a, c) => a.devices - c.devices);
      if (pts.length === 0) return;
      parts.push(`<polyline fill="none" stroke="${colors[bi % colors.length]}" stroke-width="2" points="${pts.map((r) => `${px(r.devices).toFixed(1)},${py(panel.value(r)).toFixed(1)}`).join(' ')}"/>`);
      for (const r of pts) parts.push(`<circle cx="${px(r.devices).toFixed(1)}" cy="${py(panel.value(r)).toFixed(1)}" r="3" fill="${colors[bi % colors.length]}"/>`);
    });
  });
  const legend = builds.map((b, bi) => `<text x="${10 + bi * 140}" y="${H + 14}" font-size="11" fill="${colors[bi % colors.length]}">■ ${b}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W * panels.length}" height="${H + 22}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n${legend}\n</svg>\n`;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const opts = parseOptions();
  const fromJson = arg('from-json');
  if (fromJson) {
    // Table and plot again from a run's JSON (e.g. after merging the JSONs of two runs).
    const results = (JSON.parse(fs.readFileSync(fromJson, 'utf8')) as { results: SizeFigures[] }).results;
    console.log(table(results));
    if (opts.svg && new Set(results.map((r) => r.devices)).size >= 2) {
      fs.writeFileSync(opts.svg, svgPlot(results));
      console.log(`plot: ${opts.svg}`);
    }
    return;
  }
  const redis = new Redis(opts.redis, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new UsageError(`Redis at ${opts.redis} is not reachable (${err instanceof Error ? err.message : String(err)}); start it or pass --redis`);
  }
  onCleanup(() => void redis.disconnect());
  if (!opts.fairness && !fs.existsSync(PROMETHEUS)) throw new UsageError(`Prometheus not found at ${PROMETHEUS} (Debian package "prometheus", or set QP_PROMETHEUS)`);
  console.log(`fleet bench: builds ${opts.builds.map((b) => `${b.label}=${b.dist}`).join(', ')}; ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (opts.fairness) {
    const results: FairnessFigures[] = [];
    for (const b of opts.builds) results.push(await runFairness(opts, b, redis));
    console.log('\n| build | client A (never answers) | client B (healthy) | B runs due / missed | B lag p50 / p99 / max s | quarkpulse CPU, cores |\n|---|---|---|---|---|---|');
    for (const r of results) console.log(`| ${r.build} | ${r.dead} | ${r.healthy} | ${r.bDue} / ${r.bMissed} | ${f1(r.bLagP50S, 2)} / ${f1(r.bLagP99S, 2)} / ${f1(r.bLagMaxS, 2)} | ${f1(r.totalCores, 2)} |`);
    fs.writeFileSync(opts.json, `${JSON.stringify({ at: new Date().toISOString(), fairness: results }, null, 2)}\n`);
    console.log(`\nfigures: ${opts.json}`);
    return;
  }
  const results: SizeFigures[] = [];
  for (const devices of opts.sizes) for (const b of opts.builds) results.push(await runSize(opts, b, devices, redis));
  console.log(`\n${table(results)}`);
  fs.writeFileSync(opts.json, `${JSON.stringify({ at: new Date().toISOString(), cpus: os.cpus().length, results }, null, 2)}\n`);
  console.log(`\nfigures: ${opts.json}`);
  if (opts.svg && new Set(results.map((r) => r.devices)).size >= 2) {
    fs.writeFileSync(opts.svg, svgPlot(results));
    console.log(`plot: ${opts.svg}`);
  }
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof UsageError ? `fleet: ${err.message}` : err instanceof Error ? err.stack : err);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  })
  .finally(() => cleanupAll());
