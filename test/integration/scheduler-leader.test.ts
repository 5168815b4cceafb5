/**
 * Several schedulers over one Redis stay one: they elect a leader (a Redis lease) and only the
 * leader writes the schedules. Counted: with two schedulers started at once and a worker, every
 * device is run exactly once per interval. Then with two real `quarkpulse scheduler` processes:
 * a config reload that reaches only the follower changes nothing (the leader is the only
 * writer); the leader is killed (SIGKILL, no release) and the follower takes over within the
 * lease's TTL, writes its config, and polling goes on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import type { Daemon } from '../../src/daemon/daemon';
import { silentLogger } from '../../src/log';
import { BullmqQueue } from '../../src/queue/bullmq';
import { DaemonProcess, until } from '../helpers/daemon-process';
import { leaderGauge, recordingParts, recordOnlyParts, runsPerSlot, slotsOf, startRecordingDaemon, writeHaConfig, type Run } from '../helpers/ha-daemon';
import { PrivateRedis } from '../helpers/private-redis';
import { randomPrefix, sleep, waitFor } from '../helpers/redis';
import { describeWith } from '../helpers/requires';

const INTERVAL_MS = 1_000;

describeWith(['redis-server'], 'two schedulers over one Redis', () => {
  let redis: PrivateRedis;
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'qp-leader-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });

  afterAll(async () => {
    await redis?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('started at once, they schedule every device exactly once per interval (counted per device and due slot)', async () => {
    const prefix = randomPrefix();
    const runs: Run[] = [];
    const file = writeHaConfig(tmp(), { redis: redis.url, prefix, devices: 5 });
    const daemons: Daemon[] = [];
    try {
      const [a, b] = await Promise.all([
        startRecordingDaemon(file, ['scheduler', 'http'], recordingParts(INTERVAL_MS, runs)),
        startRecordingDaemon(file, ['scheduler', 'http'], recordingParts(INTERVAL_MS, runs)),
      ]);
      daemons.push(a, b);
      daemons.push(await startRecordingDaemon(file, ['worker'], recordingParts(INTERVAL_MS, runs)));
      const gauges = [await leaderGauge(a.url!), await leaderGauge(b.url!)];
      expect(gauges.sort()).toEqual([0, 1]);

      const t0 = Date.now();
      await sleep(6 * INTERVAL_MS);
      const t1 = Date.now();
      // Slots wholly inside the window: each device's run count is the number of intervals.
      const inWindow = runs.filter((r) => r.dueAtMs >= t0 + INTERVAL_MS && r.dueAtMs < t1 - INTERVAL_MS);
      expect([...runsPerSlot(runs).entries()].filter(([, n]) => n !== 1)).toEqual([]);
      for (let i = 1; i <= 5; i++) {
        const device = `fake-${i}`;
        const slots = slotsOf(inWindow, device);
        expect(slots.length).toBeGreaterThanOrEqual(Math.floor((t1 - t0) / INTERVAL_MS) - 3);
        expect(slots.slice(1).map((s, j) => s - slots[j])).toEqual(slots.slice(1).map(() => INTERVAL_MS));
      }
      process.stdout.write(`two schedulers: ${inWindow.length} runs of 5 devices in ${t1 - t0} ms, every (device, slot) once\n`);
      // One scheduler BullMQ job per schedule, whoever wrote it.
      const q = new BullmqQueue({ url: redis.url, prefix, logger: silentLogger });
      try {
        expect((await q.listSchedules()).map((s) => s.id).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `fake-${i}:fake`));
      } finally {
        await q.close();
      }
    } finally {
      for (const d of daemons.reverse()) await d.close();
    }
  }, 60_000);

  test('`quarkpulse scheduler` processes: a reload reaching only the follower writes nothing; the leader killed, the follower takes over within the TTL and writes its config', async () => {
    const prefix = randomPrefix();
    const dir = tmp();
    const redisYaml = redis.url;
    const snmp = 'defaults: { intervals: { snmp: 2s }, probe_timeout: 1s, icmp: { enabled: false }, snmp: { timeout: 200ms, retries: 0 } }';
    const configText = (devices: number) =>
      [
        'http: { listen: 127.0.0.1:0 }',
        snmp,
        `queue: { redis: ${redisYaml}, prefix: ${prefix}, leader_ttl: 3s }`,
        `backup: { dir: ${JSON.stringify(path.join(dir, 'configs'))}, weekly_report: { enabled: false, dir: ${JSON.stringify(path.join(dir, 'reports'))} } }`,
        'devices:',
        ...Array.from({ length: devices }, (_, i) => `  - { name: sw-${i + 1}, client: acme, kind: switch, address: 127.0.0.1, snmp: { community: public, port: 9 } }`),
        '',
      ].join('\n');
    const { writeFileSync } = await import('node:fs');
    const fileA = path.join(dir, 'a.yml');
    const fileB = path.join(dir, 'b.yml');
    writeFileSync(fileA, configText(3));
    writeFileSync(fileB, configText(3));
    const env = { QP_LOG_LEVEL: 'info' };
    const procs = [new DaemonProcess(['scheduler', '--config', fileA], env), new DaemonProcess(['scheduler', '--config', fileB], env)];
    const runs: Run[] = [];
    let worker: Daemon | undefined;
    const lease = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
    lease.on('error', () => undefined);
    const q = new BullmqQueue({ url: redis.url, prefix, logger: silentLogger });
    const scheduleIds = async () => (await q.listSchedules()).map((s) => s.id).sort();
    try {
      const urls = await Promise.all(procs.map((p) => p.url()));
      worker = await startRecordingDaemon(fileA, ['worker'], recordOnlyParts(runs));
      const leaderIndex = await until(
        'one leader',
        async () => {
          const g = await Promise.all(urls.map((u) => leaderGauge(u)));
          return g.filter((v) => v === 1).length === 1 && g.filter((v) => v === 0).length === 1 ? g.indexOf(1) : undefined;
        },
        15_000,
      );
      const leader = procs[leaderIndex];
      const follower = procs[1 - leaderIndex];
      const holder = await lease.get(`${prefix}:probes:scheduler-leader`);
      expect(holder).toMatch(new RegExp(`:${leader.pid}:`));
      await waitFor(async () => (await scheduleIds()).length === 3, 10_000, 'three schedules');

      // The follower's config gains a device; it keeps it for when it leads, and writes nothing now.
      writeFileSync(follower === procs[0] ? fileA : fileB, configText(4));
      follower.kill('SIGHUP');
      await follower.waitForLog((l) => l.msg === 'config reloaded', 'follower reloaded');
      await sleep(1_000);
      expect(await scheduleIds()).toEqual(['sw-1:snmp', 'sw-2:snmp', 'sw-3:snmp']);

      const killedAt = Date.now();
      leader.kill('SIGKILL');
      await leader.exited;
      const tookOverMs = await until('the follower leads', async () => ((await leaderGauge(urls[1 - leaderIndex])) === 1 ? Date.now() - killedAt : undefined), 10_000, 100);
      process.stdout.write(`scheduler handover: the follower led ${tookOverMs} ms after the leader was killed (leader_ttl 3s)\n`);
      expect(tookOverMs).toBeLessThan(3_000 + 1_000 + 1_500);
      // The new leader writes the config it holds: the fourth device is scheduled, and polled.
      await waitFor(async () => (await scheduleIds()).length === 4, 5_000, 'the new leader adds its fourth schedule');
      const since = Date.now();
      await waitFor(() => ['sw-1', 'sw-2', 'sw-3', 'sw-4'].every((d) => runs.some((r) => r.device === d && r.dueAtMs > since)), 10_000, 'every device polled after the handover');
      expect([...runsPerSlot(runs).entries()].filter(([, n]) => n !== 1)).toEqual([]);
      expect(follower.rawLines).toEqual([]);
    } finally {
      await worker?.close();
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(procs.map((p) => p.exited));
      await q.close();
      lease.disconnect();
    }
  }, 60_000);
});
