/**
 * BullMQ across real processes on the real Redis (127.0.0.1:6379, random prefix per test):
 * two worker processes sharing 50 devices, kill -9 of a worker mid-job, SIGTERM under load,
 * exact scheduler sync in Redis, and a Redis restart (a private redis-server on its own port —
 * the shared one is never touched).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import Redis from 'ioredis';
import pino from 'pino';
import { silentLogger } from '../../src/log';
import { builtinProbeRegistry } from '../../src/probes/registry';
import { DeviceMetrics, deviceExpositionText } from '../../src/results/collector';
import { BullmqQueue } from '../../src/queue/bullmq';
import { RedisResultStore } from '../../src/results/redis-store';
import type { JobHandler, ProbeJob } from '../../src/queue/types';
import { planSchedules } from '../../src/scheduler/schedules';
import { freeTcpPort } from '../helpers/ports';
import { deviceTarget } from '../helpers/targets';
import { deleteKeys, randomPrefix, REDIS_URL, sleep, waitFor } from '../helpers/redis';
import { binPath, itWith } from '../helpers/requires';

const WORKER = path.resolve(__dirname, '../helpers/queue-worker-process.js');

interface RunEvent {
  event: 'start' | 'end' | 'abort';
  device: string;
  worker: string;
  t: number;
  start: number;
}

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function devices(n: number, intervalSeconds: number, extra: string[] = []) {
  const names = [...Array.from({ length: n }, (_, i) => `dev-${String(i).padStart(2, '0')}`), ...extra];
  // SNMP only; the plan caps the timeout at 80 % of the interval.
  return names.map((name) => deviceTarget(name, { icmp: undefined, intervalsMs: { snmp: intervalSeconds * 1000, icmp: 30_000, backup: 86_400_000 }, probeTimeoutMs: 800 }));
}

function startWorker(prefix: string, id: string, targets: ReturnType<typeof devices>, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, QP_REDIS: REDIS_URL, QP_PREFIX: prefix, QP_WORKER_ID: id, QP_DEVICES: JSON.stringify(targets), QP_CONCURRENCY: '20', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${id} not ready: ${stderr}`)), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`worker ${id} exited ${code}: ${stderr}`)));
  });
}

async function readRuns(redis: Redis, prefix: string): Promise<RunEvent[]> {
  return (await redis.lrange(`${prefix}:test:runs`, 0, -1)).map((l) => JSON.parse(l) as RunEvent);
}

/** Pairs start/end events into runs per device and returns the largest number at once. */
function maxConcurrentPerDevice(events: RunEvent[]): number {
  const open = new Map<string, number>();
  let max = 0;
  for (const e of [...events].sort((a, b) => a.t - b.t || (a.event === 'start' ? 1 : -1))) {
    const n = (open.get(e.device) ?? 0) + (e.event === 'start' ? 1 : -1);
    open.set(e.device, n);
    max = Math.max(max, n);
  }
  return max;
}

async function scheduler(prefix: string, url = REDIS_URL, logger = silentLogger): Promise<BullmqQueue> {
  const queue = new BullmqQueue({ url, prefix, logger, resyncCheckMs: 1_000 });
  cleanups.push(async () => {
    await queue.close(200);
    await deleteKeys(prefix, url);
  });
  return queue;
}

function client(url = REDIS_URL): Redis {
  const c = new Redis(url, { maxRetriesPerRequest: 1 });
  c.on('error', () => undefined);
  cleanups.push(() => c.disconnect());
  return c;
}

itWith(['redis'], 'two worker processes share 50 devices: both work, no device polled twice at once, all results stored', async () => {
  const prefix = randomPrefix();
  const targets = devices(50, 1.5);
  const queue = await scheduler(prefix);
  const redis = client();
  const [a, b] = await Promise.all([startWorker(prefix, 'wa', targets), startWorker(prefix, 'wb', targets)]);
  await queue.syncSchedules(planSchedules(targets, builtinProbeRegistry));
  const store = new RedisResultStore({ url: REDIS_URL, prefix, logger: silentLogger });
  cleanups.push(() => store.close());
  await waitFor(async () => (await store.all()).length === 50, 8_000, 'results of all 50 devices');
  await sleep(3_200); // ~2 more intervals
  const events = await readRuns(redis, prefix);
  const starts = events.filter((e) => e.event === 'start');
  const byWorker = new Map<string, number>();
  for (const e of starts) byWorker.set(e.worker, (byWorker.get(e.worker) ?? 0) + 1);
  expect(byWorker.get('wa')).toBeGreaterThan(10);
  expect(byWorker.get('wb')).toBeGreaterThan(10);
  expect(maxConcurrentPerDevice(events)).toBe(1);
  // Every device polled in (nearly) every interval: ≥ 3 runs in ~4.7 s of 1.5 s intervals.
  const perDevice = new Map<string, number>();
  for (const e of starts) perDevice.set(e.device, (perDevice.get(e.device) ?? 0) + 1);
  expect(perDevice.size).toBe(50);
  expect(Math.min(...perDevice.values())).toBeGreaterThanOrEqual(3);
  const results = await store.all();
  expect(new Set(results.map((r) => r.device)).size).toBe(50);
  expect(new Set(results.map((r) => r.worker))).toEqual(new Set(['wa', 'wb']));
  expect(results[0].result.samples[0]).toEqual({ name: 'quarkpulse_device_up', labels: { kind: 'switch' }, value: 1 });
  // What an API process serves at /metrics: the same collector over the shared Redis store.
  const text = await deviceExpositionText(new DeviceMetrics(store, builtinProbeRegistry));
  const served = new Set([...text.matchAll(/^quarkpulse_probe_success\{[^}]*device="(dev-\d+)"[^}]*\} 1$/gm)].map((m) => m[1]));
  expect(served.size).toBe(50);
  a.kill('SIGKILL');
  b.kill('SIGKILL');
}, 40_000);

itWith(['redis'], 'kill -9 of a worker mid-job: the device is polled again by the other within 2 intervals', async () => {
  const prefix = randomPrefix();
  const intervalMs = 1_500;
  const targets = devices(10, intervalMs / 1000);
  const queue = await scheduler(prefix);
  const redis = client();
  // The victim's probes take 600 ms, so it is always caught mid-job.
  const victim = await startWorker(prefix, 'victim', targets, { QP_PROBE_MS: '600' });
  await queue.syncSchedules(planSchedules(targets, builtinProbeRegistry));
  let caught: RunEvent | undefined;
  await waitFor(async () => {
    const events = await readRuns(redis, prefix);
    const ended = new Set(events.filter((e) => e.event !== 'start').map((e) => `${e.device}@${e.start}`));
    caught = events.find((e) => e.event === 'start' && e.worker === 'victim' && !ended.has(`${e.device}@${e.start}`));
    return caught !== undefined;
  }, 6_000, 'a job running on the victim');
  victim.kill('SIGKILL');
  const killedAt = Date.now();
  await startWorker(prefix, 'survivor', targets);
  const device = caught?.device;
  await waitFor(async () => (await readRuns(redis, prefix)).some((e) => e.event === 'start' && e.worker === 'survivor' && e.device === device), 2 * intervalMs + 1_000, `${device} polled by the survivor`);
  const again = (await readRuns(redis, prefix)).find((e) => e.event === 'start' && e.worker === 'survivor' && e.device === device);
  expect((again?.t ?? Infinity) - (caught?.t ?? 0)).toBeLessThanOrEqual(2 * intervalMs);
  expect((again?.t ?? Infinity) - killedAt).toBeLessThanOrEqual(2 * intervalMs);
  // The killed job itself is recovered by the stalled check (lock 2 s + check every 1 s): nothing stays active.
  const victimActive = async () => {
    const ids = await redis.lrange(`${prefix}:probes:active`, 0, -1);
    const owners = await Promise.all(ids.map((id) => redis.hget(`${prefix}:probes:${id}`, 'pb')));
    return owners.filter((o) => o === 'victim').length;
  };
  await waitFor(async () => (await victimActive()) === 0, 6_000, "the victim's job leaving 'active'");
}, 40_000);

itWith(['redis'], 'SIGTERM under load: both workers close within 10 s and no job is left active', async () => {
  const prefix = randomPrefix();
  const targets = devices(40, 1, ['dev-slow-1', 'dev-slow-2']);
  const queue = await scheduler(prefix);
  // Slow probes (5 s) outlast the 1 s grace: they must be handed back, not left active.
  const env = { QP_SLOW_MS: '5000', QP_GRACE_MS: '1000' };
  const workers = await Promise.all([startWorker(prefix, 'ta', targets, env), startWorker(prefix, 'tb', targets, env)]);
  await queue.syncSchedules(planSchedules(targets, builtinProbeRegistry).map((s) => (s.device.includes('slow') ? { ...s, timeoutMs: 8_000 } : s)));
  await sleep(2_500);
  expect((await queue.counts()).active).toBeGreaterThan(0);
  const exits = workers.map(
    (w) =>
      new Promise<{ code: number | null; ms: number; out: string }>((resolve) => {
        const t0 = Date.now();
        let out = '';
        w.stdout?.on('data', (d: Buffer) => (out += d.toString()));
        w.on('exit', (code) => resolve({ code, ms: Date.now() - t0, out }));
      }),
  );
  for (const w of workers) w.kill('SIGTERM');
  const results = await Promise.all(exits);
  for (const r of results) {
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.out).toMatch(/closed \d+/);
  }
  const counts = await queue.counts();
  expect(counts.active).toBe(0);
  // The slow probes were cut short at the grace and their jobs handed back to the queue.
  const redis = client();
  const aborted = (await readRuns(redis, prefix)).filter((e) => e.event === 'abort').map((e) => e.device);
  expect(aborted.length).toBeGreaterThan(0);
  expect(aborted.every((d) => d.includes('slow'))).toBe(true);
  const waiting = await redis.lrange(`${prefix}:probes:wait`, 0, -1);
  expect(waiting.some((id) => id.includes('dev-slow'))).toBe(true);
  expect(await queue.workerCount()).toBe(0);
}, 40_000);

itWith(['redis'], 'syncSchedules makes the schedulers and pending jobs in Redis match exactly', async () => {
  const prefix = randomPrefix();
  const queue = await scheduler(prefix);
  const redis = client();
  const first = planSchedules(devices(10, 60), builtinProbeRegistry);
  await queue.syncSchedules(first);
  const repeatKey = `${prefix}:probes:repeat`;
  const pendingIds = async () => [...(await redis.zrange(`${prefix}:probes:delayed`, '0', '-1')), ...(await redis.lrange(`${prefix}:probes:wait`, '0', '-1'))];
  const schedulerOf = (jobId: string) => /^repeat:(.*):\d+$/.exec(jobId)?.[1];
  expect((await redis.zrange(repeatKey, '0', '-1')).sort()).toEqual(first.map((s) => s.id).sort());
  expect((await pendingIds()).map(schedulerOf).sort()).toEqual(first.map((s) => s.id).sort());

  const kept = first.slice(3);
  const changed = { ...kept[0], everyMs: 30_000, offsetMs: 1_234 };
  const added = planSchedules(devices(0, 60, ['new-1', 'new-2']), builtinProbeRegistry);
  const second = [changed, ...kept.slice(1), ...added];
  const report = await queue.syncSchedules(second);
  expect(report).toEqual({ added: ['new-1:snmp', 'new-2:snmp'], removed: first.slice(0, 3).map((s) => s.id).sort(), changed: [changed.id] });
  const want = second.map((s) => s.id).sort();
  expect((await redis.zrange(repeatKey, '0', '-1')).sort()).toEqual(want);
  expect((await pendingIds()).map(schedulerOf).sort()).toEqual(want);
  for (const s of first.slice(0, 3)) expect(await redis.exists(`${repeatKey}:${s.id}`)).toBe(0);
  // The changed schedule's pending job sits on its new slot.
  const next = (await pendingIds()).find((id) => schedulerOf(id) === changed.id);
  expect(Number(/:(\d+)$/.exec(next ?? '')?.[1]) % 30_000).toBe(1_234);
  expect((await queue.listSchedules()).sort((x, y) => x.id.localeCompare(y.id))).toEqual([...second].sort((x, y) => x.id.localeCompare(y.id)));

  await queue.syncSchedules([]);
  expect(await redis.zcard(repeatKey)).toBe(0);
  expect(await pendingIds()).toEqual([]);
});


async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(binPath('redis-server'), ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
  child.on('error', () => undefined); // surfaces as the wait below timing out
  // A plain TCP connect until it is accepted: redis-server listens only once it is ready.
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => (socket.destroy(), resolve(false)));
      }),
    5_000,
    `redis-server on ${port}`,
  );
  return child;
}

// A private redis-server, so the shared Redis is never restarted: it needs the binary, not REDIS_URL.
itWith(['redis-server'], 'Redis restart (empty): logged, reconnected, schedules restored, polling resumes', async () => {
  const port = await freeTcpPort();
  const url = `redis://127.0.0.1:${port}`;
  let server = await startRedis(port);
  // Registered first so it runs last: the queue closes while its Redis is still up.
  cleanups.push(() => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  });
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, cb) => (lines.push(chunk.toString()), cb()) }));
  const unhandled: unknown[] = [];
  const onUnhandled = (err: unknown) => unhandled.push(err);
  process.on('unhandledRejection', onUnhandled);
  cleanups.push(() => void process.off('unhandledRejection', onUnhandled));

  const prefix = randomPrefix();
  const queue = new BullmqQueue({ url, prefix, logger, resyncCheckMs: 1_000, lockDurationMs: 2_000, stalledIntervalMs: 1_000 });
  cleanups.push(() => queue.close(200));
  const runs: ProbeJob[] = [];
  const handler: JobHandler = async (job) => {
    runs.push(job);
    return { retry: false };
  };
  await queue.startWorker(handler, { concurrency: 5 });
  const schedules = planSchedules(devices(5, 0.5), builtinProbeRegistry);
  await queue.syncSchedules(schedules);
  await waitFor(() => new Set(runs.map((r) => r.device)).size === 5, 5_000, 'all 5 polled');

  server.kill('SIGKILL');
  await new Promise((r) => server.once('exit', r));
  expect(await queue.ping()).toBe(false);
  await sleep(1_000);
  server = await startRedis(port);
  const restartedAt = Date.now();
  await waitFor(() => new Set(runs.filter((r) => r.dueAtMs > restartedAt).map((r) => r.device)).size === 5, 10_000, 'all 5 polled after the restart');
  expect(await queue.ping()).toBe(true);
  expect((await queue.listSchedules()).map((s) => s.id).sort()).toEqual(schedules.map((s) => s.id).sort());
  const text = lines.join('');
  expect(text).toContain('redis connection lost');
  expect(text).toContain('redis connection restored');
  expect(text).toContain('schedules restored in redis');
  expect(unhandled).toEqual([]);
}, 40_000);
