/**
 * Past one box on a Redis Cluster: a local 3-master cluster (`redis-cli --cluster create` on
 * loopback ports), the daemon (scheduler + worker + HTTP) polling a stand-in probe kind through
 * BullMQ on it; results stored and served in /metrics. Every key the daemon and BullMQ make
 * carries the hash-tagged prefix, so all of them live on the one node serving its slot (the
 * multi-key Lua scripts and MULTI blocks would otherwise fail with CROSSSLOT).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import type { Daemon } from '../../src/daemon/daemon';
import { RedisResultStore } from '../../src/results/redis-store';
import { silentLogger } from '../../src/log';
import { recordingParts, runsPerSlot, slotsOf, startRecordingDaemon, writeHaConfig, leaderGauge, type Run } from '../helpers/ha-daemon';
import { PrivateRedisCluster, redisCli } from '../helpers/private-redis';
import { randomPrefix, waitFor } from '../helpers/redis';
import { describeWith } from '../helpers/requires';

const INTERVAL_MS = 1_000;

describeWith(['redis-server', 'redis-cli'], 'a 3-master Redis Cluster behind queue.redis: { cluster: [...] }', () => {
  let cluster: PrivateRedisCluster;
  let daemon: Daemon | undefined;
  let dir: string;
  const prefix = randomPrefix();
  const runs: Run[] = [];

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.start(3);
    dir = mkdtempSync(path.join(tmpdir(), 'qp-cluster-daemon-'));
    const file = writeHaConfig(dir, { redis: `{ cluster: ${JSON.stringify(cluster.seeds)} }`, prefix, devices: 4 });
    daemon = await startRecordingDaemon(file, ['scheduler', 'worker', 'http'], recordingParts(INTERVAL_MS, runs));
  }, 60_000);

  afterAll(async () => {
    await daemon?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the prefix in force is the hash tag; the queue says it runs on the cluster', () => {
    expect(daemon!.config().queue.prefix).toBe(`{${prefix}}`);
    expect(daemon!.queue.description).toBe(`bullmq cluster ${cluster.seeds.join(',')}`);
  });

  test('every device is polled once per slot through BullMQ on the cluster, and /metrics shows the results', async () => {
    await waitFor(() => ['fake-1', 'fake-2', 'fake-3', 'fake-4'].every((d) => slotsOf(runs, d).length >= 4), 30_000, 'four slots polled per device');
    expect([...runsPerSlot(runs).values()].every((n) => n === 1)).toBe(true);
    for (const d of ['fake-1', 'fake-2', 'fake-3', 'fake-4']) {
      const slots = slotsOf(runs, d);
      // Consecutive slots one interval apart: no slot skipped, none added.
      expect(slots.slice(1).map((s, i) => s - slots[i])).toEqual(slots.slice(1).map(() => INTERVAL_MS));
    }
    const text = await (await fetch(`${daemon!.url}/metrics`)).text();
    for (const d of ['fake-1', 'fake-2', 'fake-3', 'fake-4']) {
      expect(text).toContain(`quarkpulse_probe_success{client="acme",device="${d}",probe="fake"} 1`);
      expect(text).toContain(`quarkpulse_device_uptime_seconds{client="acme",device="${d}"} 6`);
    }
    expect(await leaderGauge(daemon!.url!)).toBe(1);
    // Stored in the cluster: a second reader (another process would do the same) sees them.
    const reader = new RedisResultStore({ url: daemon!.config().queue.redis!, prefix: daemon!.config().queue.prefix, logger: silentLogger });
    try {
      expect((await reader.all()).map((r) => r.device).sort()).toEqual(['fake-1', 'fake-2', 'fake-3', 'fake-4']);
    } finally {
      await reader.close();
    }
  }, 45_000);

  test("all of the daemon's and BullMQ's keys are on the one node serving the prefix's slot", async () => {
    const home = cluster.nodeOf(`{${prefix}}`);
    const keysOn = async (port: number) => {
      const c = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
      c.on('error', () => undefined);
      try {
        return await c.keys(`*${prefix}*`);
      } finally {
        c.disconnect();
      }
    };
    const homeKeys = await keysOn(home.port);
    // Queue, schedulers, results, the leader lease, the alert state and the config-store stream.
    for (const part of [':probes:', ':results:devices', ':probes:scheduler-leader', ':alerts:', ':backup:outcomes']) {
      expect(homeKeys.some((k) => k.includes(part))).toBe(true);
    }
    expect(homeKeys.every((k) => k.startsWith(`{${prefix}}:`))).toBe(true);
    for (const n of cluster.nodes.filter((n) => n !== home)) expect(await keysOn(n.port)).toEqual([]);
    expect(redisCli(home.port, 'cluster', 'info')).toContain('cluster_state:ok');
  });
});
