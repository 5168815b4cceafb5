/**
 * Scrape benchmark: what one `/metrics` scrape costs at N devices.
 *
 *   npx tsc -p tsconfig.build.json && node --no-memory-reducer dist/bench/scrape.js \
 *     [--devices 1000,3000,10000] [--stores memory,redis] [--scrapes 3] [--redis redis://127.0.0.1:6379]
 *
 * Realistic results, taken once: the in-process simulator serves the shared recordings
 * (QP_RECORDINGS or ../shared/recordings/librenms) and the real SNMP probe polls each once. Device i
 * then carries recording i mod 25's result (a printer, a switch, a firewall …), its own name and
 * client, as a fleet of aliases does. Each store (memory; Redis under a random prefix, removed
 * after, written by a store of its own as a worker does) is filled with N results; then:
 *  - read every device (start-up): the serving store's first read (Redis: all of it);
 *  - read ¼ changed: after a quarter of the devices got a new result (15 s of a 60 s interval),
 *    the serving store's incremental read — what the daemon's follow loop (every 2 s) spreads
 *    over those 15 s; median of --scrapes;
 *  - /metrics, everything: then a scrape of /metrics through the HTTP app, median of --scrapes;
 *  - shards: after another quarter changed and was read, every /metrics/shard/<k> of the default
 *    count once, the slowest and the median (each shard is its own scrape, run in parallel).
 * Each store and size runs in a fresh process (node flags passed on: run it with
 * --no-memory-reducer --expose-gc as the daemon runs); the scrapes come from the parent, so
 * the serving process's figures are its own. Figures per scrape: wall time (as the scraper
 * sees it, reading included), the server's CPU (process.cpuUsage), bytes and series, bytes
 * allocated on the JS heap (v8.GCProfiler: used-before of each collection minus used-after of the
 * previous one, plus what is left at the end), RSS after.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { createHttpApp } from '../src/http/app';
import type { DeviceTarget } from '../src/inventory/types';
import { createLogger } from '../src/log';
import { SelfMetrics } from '../src/metrics/self';
import { builtinProbeRegistry } from '../src/probes/registry';
import type { ProbeResult } from '../src/probes/types';
import { DEFAULT_METRICS_SHARDS } from '../src/config/schema';
import { DeviceMetrics } from '../src/results/collector';
import { RedisResultStore } from '../src/results/redis-store';
import { MemoryResultStore, storedResult, type ResultStore } from '../src/results/store';
import { costMeter, type Cost as ServerCost } from './cost-meter';
import { benchTarget, pollRecordings } from './recorded-results';

const PROBES = builtinProbeRegistry;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function deviceTarget(i: number): DeviceTarget {
  return benchTarget(`dev-${String(i).padStart(5, '0')}`, `client-${i % 20}`, 161, 'x');
}

async function fill(store: ResultStore, results: ProbeResult[], devices: number, from = 0, step = 1): Promise<void> {
  const now = Date.now();
  const batch: Array<Promise<void>> = [];
  for (let i = from; i < devices; i += step) {
    batch.push(store.put(storedResult(PROBES, deviceTarget(i), results[i % results.length], 'bench:1', now)));
    if (batch.length >= 200) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

interface Scrape {
  ms: number;
  cpuMs: number;
  bytes: number;
  series: number;
  allocMb: number;
  rssMb: number;
}

type ToServer = { kind: 'fill'; from: number; step: number } | { kind: 'read' } | { kind: 'serve' } | { kind: 'begin' } | { kind: 'end' } | { kind: 'stop' };
type FromServer = { kind: 'ready' } | { kind: 'serving'; url: string } | { kind: 'filled' } | { kind: 'done' } | { kind: 'begun' } | ({ kind: 'cost' } & ServerCost) | { kind: 'stopped' };


/**
 * The serving process. With Redis, results are written by a store of their own (a worker's) and
 * read by the serving one, as in a deployment; in memory one store does both. 'read' brings the
 * serving store up to date (what the daemon's follow loop does every 2 s), 'serve' starts the HTTP
 * app with that loop; the scrapes come from the parent, so their costs are not counted here.
 */
async function serverRole(kind: string, devices: number, redisUrl: string): Promise<void> {
  const results = await pollRecordings();
  const prefix = `qp-bench-scrape-${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ level: 'warn' });
  const store: ResultStore = kind === 'redis' ? new RedisResultStore({ url: redisUrl, prefix, logger }) : new MemoryResultStore();
  const writer: ResultStore = kind === 'redis' ? new RedisResultStore({ url: redisUrl, prefix, logger }) : store;
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  const meter = costMeter();
  const send = (m: FromServer) => process.send?.(m);
  process.on('message', (msg: ToServer) => {
    void (async () => {
      if (msg.kind === 'fill') {
        await fill(writer, results, devices, msg.from, msg.step);
        global.gc?.();
        send({ kind: 'filled' });
      } else if (msg.kind === 'read') {
        await store.rendered();
        send({ kind: 'done' });
      } else if (msg.kind === 'serve') {
        server = await serve(store);
        send({ kind: 'serving', url: server.url });
      } else if (msg.kind === 'begin') {
        meter.begin();
        send({ kind: 'begun' });
      } else if (msg.kind === 'end') {
        send({ kind: 'cost', ...meter.end() });
      } else {
        await server?.close();
        await store.close();
        if (writer !== store) await writer.close();
        if (kind === 'redis') await deleteKeys(redisUrl, prefix);
        send({ kind: 'stopped' });
        process.exit(0);
      }
    })();
  });
  send({ kind: 'ready' });
}

function ask<T extends FromServer['kind']>(child: ChildProcess, msg: ToServer | undefined, reply: T): Promise<Extract<FromServer, { kind: T }>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server process exited (${code})`));
    const onMessage = (m: FromServer) => {
      if (m.kind !== reply) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as Extract<FromServer, { kind: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (msg) child.send(msg);
  });
}

async function scrape(child: ChildProcess, url: string): Promise<Scrape> {
  await ask(child, { kind: 'begin' }, 'begun');
  const t0 = performance.now();
  const res = await fetch(url);
  const text = await res.text();
  const ms = performance.now() - t0;
  const cost = await ask(child, { kind: 'end' }, 'cost');
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  let series = 0;
  for (let i = 0; i < text.length; ) {
    const nl = text.indexOf('\n', i);
    if (text.charCodeAt(i) !== 35 /* # */ && nl !== i) series++;
    i = nl < 0 ? text.length : nl + 1;
  }
  return { ms, bytes: Buffer.byteLength(text), series, cpuMs: cost.cpuMs, allocMb: cost.allocMb, rssMb: cost.rssMb };
}

/** The serving process's cost of one step (no HTTP): bytes and series 0. */
async function step(child: ChildProcess, msg: ToServer): Promise<Scrape> {
  await ask(child, { kind: 'begin' }, 'begun');
  const t0 = performance.now();
  await ask(child, msg, 'done');
  const ms = performance.now() - t0;
  const cost = await ask(child, { kind: 'end' }, 'cost');
  return { ms, bytes: 0, series: 0, ...cost };
}

function median(list: Scrape[]): Scrape {
  return [...list].sort((a, b) => a.ms - b.ms)[Math.floor(list.length / 2)];
}

async function serve(store: ResultStore): Promise<{ url: string; close: () => Promise<void> }> {
  const logger = createLogger({ level: 'warn' });
  const registry = new Registry();
  new SelfMetrics(registry, { processMetrics: true });
  const deviceMetrics = new DeviceMetrics(store, PROBES, { logger, staleGauge: registry });
  deviceMetrics.follow();
  const app = createHttpApp({
    logger,
    registry,
    store,
    deviceMetrics,
    probes: PROBES,
    config: () => ({ devices: [], http: { listen: '127.0.0.1:0', externalUrl: '', metricsShards: DEFAULT_METRICS_SHARDS } }),
    readiness: async () => ({ ready: true, checks: {} }),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      deviceMetrics.close();
      return new Promise((r) => server.close(() => r(undefined)));
    },
  };
}

function row(store: string, devices: number, what: string, s: Scrape): string {
  const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  return `| ${store} | ${f(devices)} | ${what} | ${f(s.ms)} | ${f(s.cpuMs)} | ${f(s.bytes / 2 ** 20, 1)} | ${f(s.series)} | ${f(s.allocMb)} | ${f(s.rssMb)} |`;
}

/** One store and size: a fresh serving process, so its RSS and heap belong to that configuration alone. */
async function runOne(kind: string, devices: number, scrapes: number, redisUrl: string): Promise<void> {
  const child = fork(__filename, ['--serve', `${kind}:${devices}`, '--redis', redisUrl], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await ask(child, undefined, 'ready');
  await ask(child, { kind: 'fill', from: 0, step: 1 }, 'filled');
  const out = (what: string, s: Scrape) => process.stdout.write(`${row(kind, devices, what, s)}\n`);
  // Start-up: the serving process reads (Redis) or already holds (memory) every device.
  out('read every device (start-up)', await step(child, { kind: 'read' }));
  const { url } = await ask(child, { kind: 'serve' }, 'serving');
  const reads: Scrape[] = [];
  const full: Scrape[] = [];
  for (let s = 0; s < scrapes; s++) {
    // A quarter of the devices report (15 s of a 60 s interval); the follow loop reads them.
    await ask(child, { kind: 'fill', from: s % 4, step: 4 }, 'filled');
    reads.push(await step(child, { kind: 'read' }));
    full.push(await scrape(child, `${url}/metrics`));
  }
  out('read ¼ changed (follow loop, spread over 15 s)', median(reads));
  out('/metrics, everything', median(full));
  await ask(child, { kind: 'fill', from: 0, step: 4 }, 'filled');
  await ask(child, { kind: 'read' }, 'done');
  const shards: Scrape[] = [];
  for (let k = 0; k < DEFAULT_METRICS_SHARDS; k++) shards.push(await scrape(child, `${url}/metrics/shard/${k}`));
  out(`slowest of ${DEFAULT_METRICS_SHARDS} shards`, shards.reduce((a, b) => (b.ms > a.ms ? b : a)));
  out(`median of ${DEFAULT_METRICS_SHARDS} shards`, median(shards));
  await ask(child, { kind: 'stop' }, 'stopped').catch(() => undefined);
}

async function main(): Promise<void> {
  const sizes = arg('devices', '1000,3000,10000').split(',').map(Number);
  const stores = arg('stores', 'memory,redis').split(',');
  const scrapes = arg('scrapes', '3');
  const redisUrl = arg('redis', 'redis://127.0.0.1:6379');
  const serving = arg('serve', '');
  if (serving) {
    const [kind, devices] = serving.split(':');
    await serverRole(kind, Number(devices), redisUrl);
    return;
  }
  const results = await pollRecordings();
  const samples = results.reduce((n, r) => n + r.samples.length, 0);
  process.stdout.write(`${results.length} recordings polled (${results.filter((r) => r.success).length} succeeded), ${(samples / results.length).toFixed(0)} samples per result on average\n\n`);
  process.stdout.write('| store | devices | scrape | wall ms | CPU ms | MB | series | JS alloc MB | RSS MB |\n|---|---|---|---|---|---|---|---|---|\n');
  for (const kind of stores) {
    for (const devices of sizes) {
      await runOne(kind, devices, Number(scrapes), redisUrl);
    }
  }
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
