/**
 * Delivery semantics with Alertmanager stand-ins (tiny HTTP servers on 127.0.0.1) where a real one
 * cannot show them: every POST counted, HA pairs, re-sends at resend_interval in simulated time,
 * restart recovery through the state file, and one evaluator among several processes (real Redis).
 */
import { builtinProbeRegistry } from '../../src/probes/registry';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AlertmanagerClient, type PostableAlert } from '../../src/alerts/alertmanager';
import { alertingSchema } from '../../src/config/alerting';
import { createAlerting, type Alerting } from '../../src/alerts/service';
import { FileStateStore, MemoryStateStore, RedisStateStore, type AlertStateStore } from '../../src/alerts/state-store';
import type { RuntimeConfig } from '../../src/inventory/runtime-config';
import { silentLogger } from '../../src/log';
import type { Sample } from '../../src/metrics/names';
import { MemoryResultStore, storedResult, type StoredResult } from '../../src/results/store';
import { waitFor } from '../helpers/prom-stack';
import { REDIS_URL } from '../helpers/redis';
import { describeWith } from '../helpers/requires';
import { deviceTarget, runtimeConfig } from '../helpers/targets';

interface Sink {
  url: string;
  posts: PostableAlert[][];
  status: number;
  close(): Promise<void>;
}

async function sink(): Promise<Sink> {
  const posts: PostableAlert[][] = [];
  const s: { status: number } = { status: 200 };
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/v2/alerts') posts.push(JSON.parse(body) as PostableAlert[]);
      res.writeHead(s.status);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    get status() {
      return s.status;
    },
    set status(v: number) {
      s.status = v;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const config = (alerting: unknown, extra: Partial<RuntimeConfig> = {}): RuntimeConfig =>
  runtimeConfig(alerting, { http: { listen: '127.0.0.1:0', externalUrl: 'http://qp.test' }, ...extra });

const jam = (device: string, atMs: number, on: boolean): StoredResult =>
  storedResult(builtinProbeRegistry, 
    deviceTarget(device, { kind: 'printer' }),
    { probe: 'snmp', success: true, durationMs: 10, samples: [{ name: 'quarkpulse_printer_error', labels: { condition: 'jammed' }, value: on ? 1 : 0 } as Sample] },
    'test:1',
    atMs,
  );

const FAST = { overrides: [{ rule: 'PrinterPaperJam', for: '0s' }], delivery: { timeout: '1s', retry_initial: '100ms', retry_max: '400ms' } };

describe('alert delivery', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await (cleanups.pop() as () => Promise<void>)();
  });
  const track = <T extends { close(): Promise<void> } | Alerting>(x: T): T => {
    cleanups.push(() => ('stop' in x ? x.stop() : x.close()));
    return x;
  };

  it('posts to every Alertmanager of an HA pair; one that is down does not hold up the other', async () => {
    const a = track(await sink());
    const dead = track(await sink());
    await dead.close(); // nothing listens there any more: connection refused
    const b = track(await sink());
    const s = track(createAlerting(config({ ...FAST, alertmanagers: [a.url, dead.url, b.url] }), { logger: silentLogger, stateStore: new MemoryStateStore() }));
    await s.start();
    s.onResult(jam('p1', Date.now(), true));
    await s.settle();
    expect(a.posts.flat().map((x) => x.labels.alertname)).toEqual(['PrinterPaperJam']);
    expect(b.posts.flat().map((x) => x.labels.alertname)).toEqual(['PrinterPaperJam']);
  });

  it('re-sends firing alerts at resend_interval (simulated time) and sends the resolution with endsAt', async () => {
    const am = track(await sink());
    let now = Date.parse('2025-03-03T10:00:00Z');
    const s = track(createAlerting(config({ ...FAST, alertmanagers: [am.url], resend_interval: '5m' }), { logger: silentLogger, now: () => now, stateStore: new MemoryStateStore() }));
    await s.start();
    const started = now;
    for (let i = 0; i < 12; i++) {
      s.onResult(jam('p1', now, true)); // every minute for 12 minutes
      await s.settle();
      now += 60_000;
    }
    // t=0 (new), t=5m and t=10m (resend): three posts, all with the same startsAt.
    expect(am.posts).toHaveLength(3);
    expect(new Set(am.posts.flat().map((x) => x.startsAt))).toEqual(new Set([new Date(started).toISOString()]));
    // A firing alert's endsAt lies ahead (4 × resend), so Alertmanager resolves it only if we vanish.
    expect(Date.parse(am.posts[0][0].endsAt) - started).toBe(20 * 60_000);
    s.onResult(jam('p1', now, false));
    await s.settle();
    const last = am.posts[am.posts.length - 1][0];
    expect(last.endsAt).toBe(new Date(now).toISOString());
    expect(last.generatorURL).toBe('http://qp.test/devices/p1');
  });

  it('retries with backoff while Alertmanager answers 503, drops a batch it rejects with 400', async () => {
    const am = track(await sink());
    am.status = 503;
    const client = new AlertmanagerClient({ urls: [am.url], logger: silentLogger, retryInitialMs: 50, retryMaxMs: 200 });
    cleanups.push(() => client.close());
    client.enqueue([{ fingerprint: 'f1', labels: { alertname: 'X' }, annotations: {}, startsAtMs: Date.now(), generatorURL: 'http://qp' }]);
    await client.flush();
    await waitFor(() => (am.posts.length >= 3 ? true : undefined), 'three attempts', 5000, 20);
    expect(client.pending()).toBe(1);
    am.status = 200;
    await waitFor(() => (client.pending() === 0 ? true : undefined), 'delivery after recovery', 5000, 20);
    am.status = 400;
    client.enqueue([{ fingerprint: 'f2', labels: { alertname: 'Y' }, annotations: {}, startsAtMs: Date.now(), generatorURL: 'http://qp' }]);
    await client.flush();
    expect(client.pending()).toBe(0);
  });

  it('recovers its state from the state file after a restart: same alert, same startsAt, re-sent at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qp-alert-state-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const am = track(await sink());
    const file = path.join(dir, 'alerts-state.json');
    const first = createAlerting(config({ ...FAST, alertmanagers: [am.url] }), { logger: silentLogger, stateStore: new FileStateStore(file) });
    await first.start();
    first.onResult(jam('p1', Date.now(), true));
    await first.settle();
    await first.stop();
    const startsAt = am.posts[0][0].startsAt;

    const second = track(createAlerting(config({ ...FAST, alertmanagers: [am.url] }), { logger: silentLogger, stateStore: new FileStateStore(file) }));
    await second.start();
    await second.settle();
    expect(second.alerts().map((a) => [a.rule, a.phase])).toEqual([['PrinterPaperJam', 'firing']]);
    expect(am.posts).toHaveLength(2);
    expect(am.posts[1][0].startsAt).toBe(startsAt);
    // The jam clears after the restart: the resolution goes out although this process never saw it fire.
    second.onResult(jam('p1', Date.now(), false));
    await second.settle();
    expect(Date.parse(am.posts[2][0].endsAt)).toBeLessThanOrEqual(Date.now());
  });

  describeWith(['redis'], 'several processes on one Redis (real Redis at 127.0.0.1:6379)', () => {
    const prefix = `qp-test-${randomUUID()}`;
    afterAll(async () => {
      const redis = new Redis(REDIS_URL, { lazyConnect: true });
      await redis.connect();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    });

    it('only the leader evaluates and pages; the other takes over with the same state when it stops', async () => {
      const am = track(await sink());
      const results = new MemoryResultStore(); // stands in for the shared Redis result store
      const make = (): { s: Alerting; store: AlertStateStore } => {
        const store = new RedisStateStore(REDIS_URL, prefix, 30_000);
        const s = createAlerting(config({ ...FAST, alertmanagers: [am.url], evaluation: { interval: '1h' } }, { queue: { redis: REDIS_URL, prefix, concurrency: 1 } }), {
          logger: silentLogger,
          store: results,
          stateStore: store,
        });
        return { s, store };
      };
      const one = make();
      const two = make();
      cleanups.push(() => two.s.stop());
      await one.s.start();
      await two.s.start();
      const entry = jam('p1', Date.now(), true);
      await results.put(entry);
      one.s.onResult(entry);
      two.s.onResult(entry);
      await one.s.settle();
      await two.s.settle();
      await one.s.tick();
      await two.s.tick();
      expect(am.posts.flat()).toHaveLength(1);
      expect(one.s.alerts()).toHaveLength(1);
      expect(two.s.alerts()).toHaveLength(0);

      await one.s.stop(); // releases the lock
      await two.s.tick();
      expect(two.s.alerts().map((a) => a.phase)).toEqual(['firing']);
      // The new leader re-announces the firing alert with the original startsAt (Alertmanager dedupes).
      const posted = am.posts.flat();
      expect(posted).toHaveLength(2);
      expect(posted[1].startsAt).toBe(posted[0].startsAt);
    });
  });
});
