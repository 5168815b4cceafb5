/**
 * The lease every "one process at a time" role uses (schedule writer, alert evaluator,
 * config-store owner), on the real Redis: acquire, renew past its TTL, lose it, and a follower's
 * takeover after the leader is cut off.
 */
import Redis from 'ioredis';
import { silentLogger } from '../../src/log';
import { LeaderElection, RedisLease } from '../../src/queue/lease';
import { deleteKeys, randomPrefix, REDIS_URL, sleep, waitFor } from '../helpers/redis';
import { describeWith } from '../helpers/requires';

describeWith(['redis'], 'leader lease (SET NX PX + compare-and-renew)', () => {
  const prefix = randomPrefix();
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };

  afterAll(async () => {
    await deleteKeys(prefix);
    for (const c of clients) c.disconnect();
  });

  test('one holder at a time; renewing keeps it past the TTL; release frees it', async () => {
    const key = `${prefix}:lease-a`;
    const a = new RedisLease(client(), key, 500);
    const b = new RedisLease(client(), key, 500);
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
    for (let i = 0; i < 4; i++) {
      await sleep(200);
      expect(await a.hold()).toBe(true);
    }
    expect(await b.hold()).toBe(false);
    // Releasing someone else's lease does nothing.
    await b.release();
    expect(await b.hold()).toBe(false);
    await a.release();
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
  });

  test('an unrenewed lease expires after its TTL and another takes it', async () => {
    const key = `${prefix}:lease-b`;
    const a = new RedisLease(client(), key, 300);
    const b = new RedisLease(client(), key, 300);
    expect(await a.hold()).toBe(true);
    await sleep(450);
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
  });

  test('election: one leader; the leader that is cut off stops leading before the follower takes over; onChange tells both', async () => {
    const key = `${prefix}:election`;
    const ttlMs = 1_200;
    const changes: string[] = [];
    const aClient = client();
    const a = new LeaderElection({ redis: aClient, key, ttlMs, logger: silentLogger, what: 'test', onChange: (l) => changes.push(`a:${l}`) });
    const b = new LeaderElection({ redis: client(), key, ttlMs, logger: silentLogger, what: 'test', onChange: (l) => changes.push(`b:${l}`) });
    expect(await a.start()).toBe(true);
    expect(await b.start()).toBe(false);
    // Renewed every third of the TTL: still the same leader after several TTLs.
    await sleep(ttlMs * 2.5);
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    // The leader's Redis goes away (a partition, a dead process): it can no longer renew.
    aClient.disconnect();
    const cutAt = Date.now();
    await waitFor(() => !a.isLeader(), ttlMs + 200, 'the cut-off leader to stop leading');
    const aStoppedMs = Date.now() - cutAt;
    await waitFor(() => b.isLeader(), ttlMs * 2 + 500, 'the follower to take over');
    const takeoverMs = Date.now() - cutAt;
    // Never two leaders: the old one gave up no later than the lease could have expired in Redis.
    expect(aStoppedMs).toBeLessThanOrEqual(takeoverMs);
    expect(takeoverMs).toBeLessThan(ttlMs + ttlMs / 3 + 1_000);
    await waitFor(() => changes.includes('a:false'), ttlMs, 'a told it lost');
    expect(changes.sort()).toEqual(['a:false', 'a:true', 'b:true']);
    await a.stop();
    await b.stop();
  });

  test('a leader that stops releases the lease: the follower takes over at its next attempt, well within the TTL', async () => {
    const key = `${prefix}:handover`;
    const ttlMs = 3_000;
    const a = new LeaderElection({ redis: client(), key, ttlMs, logger: silentLogger, what: 'test' });
    const b = new LeaderElection({ redis: client(), key, ttlMs, logger: silentLogger, what: 'test' });
    expect(await a.start()).toBe(true);
    expect(await b.start()).toBe(false);
    const t0 = Date.now();
    await a.stop();
    expect(a.isLeader()).toBe(false);
    await waitFor(() => b.isLeader(), ttlMs / 3 + 500, 'takeover after a release');
    expect(Date.now() - t0).toBeLessThan(ttlMs);
    await b.stop();
  });
});
