/**
 * Past one box on Redis Sentinel: a master, a replica and a Sentinel on loopback ports (quorum 1,
 * master declared down after 1 s). The daemon (scheduler + worker + HTTP) polls a stand-in probe
 * kind through BullMQ on the master; the master is stopped; the Sentinel promotes the replica and
 * polling resumes there. Every run is counted per (device, due slot): each slot run once by
 * its schedule, new slots keep coming after the failover, and a redelivery (a job in flight when
 * the master went) happens only for slots due around the outage. Master, replica and Sentinel
 * have passwords (given as ${ENV} and { file }): none reaches the logs, /metrics or readiness.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Daemon } from '../../src/daemon/daemon';
import { capturingLogger, leaderGauge, recordingParts, runsPerSlot, slotsOf, startRecordingDaemon, writeHaConfig, type Run } from '../helpers/ha-daemon';
import { PrivateSentinelSet } from '../helpers/private-redis';
import { randomPrefix, waitFor } from '../helpers/redis';
import { describeWith } from '../helpers/requires';

const INTERVAL_MS = 1_000;
const DEVICES = ['fake-1', 'fake-2', 'fake-3'];

describeWith(['redis-server', 'redis-cli'], 'Redis Sentinel behind queue.redis: { sentinels: [...], name }', () => {
  let set: PrivateSentinelSet;
  let daemon: Daemon | undefined;
  let dir: string;
  const prefix = randomPrefix();
  const runs: Run[] = [];
  const logLines: string[] = [];
  // Master and replica want a password, the Sentinel its own: given as ${ENV} and { file }.
  const password = `redis-pw-${randomBytes(6).toString('hex')}`;
  const sentinelPassword = `sentinel-pw-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    set = await PrivateSentinelSet.start(1, { password, sentinelPassword });
    dir = mkdtempSync(path.join(tmpdir(), 'qp-sentinel-daemon-'));
    writeFileSync(path.join(dir, 'sentinel-password'), `${sentinelPassword}\n`);
    const redis = `{ sentinels: ${JSON.stringify(set.seeds)}, name: ${set.name}, password: "\${QP_TEST_REDIS_PW}", sentinel_password: { file: sentinel-password } }`;
    const file = writeHaConfig(dir, { redis, prefix, devices: DEVICES.length });
    daemon = await startRecordingDaemon(file, ['scheduler', 'worker', 'http'], recordingParts(INTERVAL_MS, runs), capturingLogger(logLines), { QP_TEST_REDIS_PW: password });
  }, 60_000);

  afterAll(async () => {
    await daemon?.close();
    await set?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('polls through the master the Sentinel names; after the master stops, polling resumes on the promoted replica, nothing run twice', async () => {
    expect(daemon!.queue.description).toBe(`bullmq sentinel ${set.name}@${set.seeds.join(',')}`);
    await waitFor(() => DEVICES.every((d) => slotsOf(runs, d).length >= 3), 20_000, 'three slots polled per device before the failover');
    expect(await leaderGauge(daemon!.url!)).toBe(1);

    const stoppedAt = Date.now();
    await set.failover();
    const promotedMs = Date.now() - stoppedAt;
    // Slots due after the promotion are polled: the queue, its schedules and the worker moved over.
    const promotedAt = Date.now();
    await waitFor(() => DEVICES.every((d) => slotsOf(runs, d).filter((s) => s > promotedAt).length >= 3), 30_000, 'three slots polled per device after the failover');
    const resumedMs = Math.min(...runs.filter((r) => r.dueAtMs > stoppedAt).map((r) => r.startedAtMs)) - stoppedAt;
    process.stdout.write(`sentinel failover: replica promoted ${promotedMs} ms after the master stopped; first run after the stop at +${resumedMs} ms\n`);

    // Nothing double-scheduled: every (device, due slot) ran once, before and after. A job running
    // while the master went away may be handed out again (its completion was lost with the old
    // master): that is allowed for slots due around the outage only, never for later ones.
    const twice = [...runsPerSlot(runs).entries()].filter(([, n]) => n !== 1).map(([slot]) => Number(slot.split('@')[1]));
    expect(twice.filter((due) => due < stoppedAt - 2 * INTERVAL_MS || due > promotedAt)).toEqual([]);
    process.stdout.write(`sentinel failover: ${runs.length} runs, ${twice.length} slots run again around the outage\n`);
    for (const d of DEVICES) {
      const slots = slotsOf(runs, d);
      // Slots stay on the one-interval grid (a second schedule would add slots off it or in between).
      expect(slots.every((s) => (s - slots[0]) % INTERVAL_MS === 0)).toBe(true);
    }
    const text = await (await fetch(`${daemon!.url}/metrics`)).text();
    for (const d of DEVICES) expect(text).toContain(`quarkpulse_probe_success{client="acme",device="${d}",probe="fake"} 1`);
    // The outage was logged (debug level included), the passwords never.
    expect(logLines.some((l) => l.includes('redis connection lost'))).toBe(true);
    const seen = [...logLines, text, await (await fetch(`${daemon!.url}/-/ready`)).text(), JSON.stringify(daemon!.config())];
    expect(seen.filter((t) => t.includes(password) || t.includes(sentinelPassword))).toEqual([]);
  }, 60_000);
});
