/**
 * The Redis result store reads incrementally: a reader (the /metrics process) keeps decoded and
 * rendered results and fetches only the devices written or removed since its last read, by the
 * sequence every write takes in Redis (no worker's clock involved). Expired hashes, a Redis that
 * lost its data, and a reconnect all lead to a full read.
 */
import Redis from 'ioredis';
import { silentLogger } from '../../src/log';
import { builtinProbeRegistry } from '../../src/probes/registry';
import { DeviceMetrics, deviceExpositionText } from '../../src/results/collector';
import { FULL_READ_EVERY_MS, RedisResultStore } from '../../src/results/redis-store';
import { storedResult, type StoredResult } from '../../src/results/store';
import { PrivateRedis } from '../helpers/private-redis';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { describeWith } from '../helpers/requires';
import { deviceTarget } from '../helpers/targets';

const T0 = Date.now();

const entry = (device: string, atMs: number, value = 1): StoredResult =>
  storedResult(builtinProbeRegistry, deviceTarget(device), { probe: 'snmp', success: true, durationMs: 5, samples: [{ name: 'quarkpulse_device_uptime_seconds', labels: {}, value }] }, 'test:1', atMs);

/** The uptime value a store's rendered table holds for a device (undefined: device absent). */
async function uptime(store: RedisResultStore, device: string): Promise<number | undefined> {
  const rendered = (await store.rendered()).get(device)?.get('snmp');
  return rendered ? rendered.entry.result.samples[0]?.value : undefined;
}

/** Counts the HGETALLs a store's connection sends while `run` runs (MONITOR on the same server). */
async function hgetallsDuring(url: string, prefix: string, run: () => Promise<void>): Promise<string[]> {
  const base = new Redis(url);
  const monitor = await base.monitor();
  const seen: string[] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args[0]?.toLowerCase() === 'hgetall' && args[1]?.startsWith(`${prefix}:`)) seen.push(args[1].slice(`${prefix}:results:d:`.length));
  });
  try {
    await run();
    // MONITOR lines arrive asynchronously; one round trip on another connection flushes them.
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    monitor.disconnect();
    base.disconnect();
  }
  return seen;
}

describeWith(['redis'], 'RedisResultStore: incremental reads', () => {
  let prefix: string;
  let writer: RedisResultStore;
  let reader: RedisResultStore;
  let clock: number;

  beforeEach(() => {
    prefix = randomPrefix();
    clock = T0;
    writer = new RedisResultStore({ url: REDIS_URL, prefix, logger: silentLogger });
    reader = new RedisResultStore({ url: REDIS_URL, prefix, logger: silentLogger, now: () => clock });
  });

  afterEach(async () => {
    await writer.close();
    await reader.close();
    await deleteKeys(prefix);
  });

  it('reads everything once, then only the devices written since', async () => {
    for (let i = 0; i < 20; i++) await writer.put(entry(`d${i}`, T0));
    const cold = await hgetallsDuring(REDIS_URL, prefix, async () => void (await reader.rendered()));
    expect(cold.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `d${i}`).sort());

    await writer.put(entry('d3', T0 + 1_000, 33));
    await writer.put(entry('d7', T0 + 1_000, 77));
    const warm = await hgetallsDuring(REDIS_URL, prefix, async () => void (await reader.rendered()));
    expect(warm.sort()).toEqual(['d3', 'd7']);
    expect(await uptime(reader, 'd3')).toBe(33);
    expect(await uptime(reader, 'd7')).toBe(77);
    expect((await reader.all()).length).toBe(20);

    const idle = await hgetallsDuring(REDIS_URL, prefix, async () => void (await reader.rendered()));
    expect(idle).toEqual([]);
  });

  it('a late older result never overwrites a newer one, and is not announced as a change', async () => {
    await writer.put(entry('sw', T0 + 2_000, 2));
    expect(await uptime(reader, 'sw')).toBe(2);
    await writer.put(entry('sw', T0 + 1_000, 1));
    const after = await hgetallsDuring(REDIS_URL, prefix, async () => void (await reader.rendered()));
    expect(after).toEqual([]);
    expect(await uptime(reader, 'sw')).toBe(2);
    expect((await writer.forDevice('sw'))[0].finishedAtMs).toBe(T0 + 2_000);
  });

  it('a device removed by another process is gone from the reader at its next read', async () => {
    await writer.put(entry('a', T0));
    await writer.put(entry('b', T0));
    expect([...(await reader.rendered()).keys()].sort()).toEqual(['a', 'b']);
    await writer.removeDevice('a');
    expect([...(await reader.rendered()).keys()]).toEqual(['b']);
    expect((await reader.all()).map((e) => e.device)).toEqual(['b']);
  });

  it('a hash that expired (no write announces it) is gone after the periodic full read', async () => {
    await writer.put(entry('a', T0));
    await writer.put(entry('b', T0));
    expect((await reader.rendered()).size).toBe(2);
    const redis = new Redis(REDIS_URL);
    await redis.del(`${prefix}:results:d:a`);
    redis.disconnect();
    expect((await reader.rendered()).size).toBe(2);
    clock += FULL_READ_EVERY_MS;
    expect([...(await reader.rendered()).keys()]).toEqual(['b']);
  });

  it('results lost from Redis (the sequence went backwards) make the next read a full one', async () => {
    for (const d of ['a', 'b', 'c']) await writer.put(entry(d, T0));
    expect((await reader.rendered()).size).toBe(3);
    await deleteKeys(prefix);
    await writer.put(entry('z', T0 + 1_000));
    expect([...(await reader.rendered()).keys()]).toEqual(['z']);
  });

  it('keeps the rendered text of results that did not change', async () => {
    await writer.put(entry('a', T0));
    await writer.put(entry('b', T0));
    const before = (await reader.rendered()).get('a')?.get('snmp');
    await writer.put(entry('b', T0 + 1_000, 9));
    expect((await reader.rendered()).get('a')?.get('snmp')).toBe(before);
    clock += FULL_READ_EVERY_MS;
    expect((await reader.rendered()).get('a')?.get('snmp')).toBe(before);
  });

  it('a read already running does not hold another caller (a scrape during the periodic full read), except the first', async () => {
    await writer.put(entry('a', T0));
    const order: string[] = [];
    const first = reader.rendered().then(() => order.push('first'));
    const waits = reader.rendered().then(() => order.push('waits for the first'));
    await Promise.all([first, waits]);
    expect(order).toEqual(['first', 'waits for the first']);

    order.length = 0;
    clock += FULL_READ_EVERY_MS;
    await writer.put(entry('b', T0));
    const full = reader.rendered().then(() => order.push('full read'));
    const scrape = reader.rendered().then((t) => order.push(`at once, ${t.size} device`));
    await Promise.all([full, scrape]);
    expect(order).toEqual(['at once, 1 device', 'full read']);
    expect((await reader.rendered()).size).toBe(2);
  });

  it('keeps every key under the prefix', async () => {
    await writer.put(entry('a', T0));
    await writer.removeDevice('a');
    await writer.put(entry('b', T0));
    await reader.rendered();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`*${prefix}*`);
    redis.disconnect();
    expect(keys.every((k) => k.startsWith(`${prefix}:results:`))).toBe(true);
    expect(keys.sort()).toEqual([`${prefix}:results:changed`, `${prefix}:results:d:b`, `${prefix}:results:devices`, `${prefix}:results:seq`]);
  });
});

describeWith(['redis-server'], 'RedisResultStore: a Redis restart', () => {
  it('reads everything again after reconnecting to a Redis that came back empty', async () => {
    const server = await PrivateRedis.start();
    const writer = new RedisResultStore({ url: server.url, prefix: 'qp', logger: silentLogger });
    const reader = new RedisResultStore({ url: server.url, prefix: 'qp', logger: silentLogger });
    try {
      for (const d of ['a', 'b', 'c', 'd']) await writer.put(entry(d, T0));
      expect((await reader.rendered()).size).toBe(4);
      await server.stop();
      await server.restart();
      // As many writes as before, so the sequence alone would not tell: the reconnect does.
      for (const d of ['x', 'y', 'z', 'w']) {
        for (;;) {
          try {
            await writer.put(entry(d, T0 + 1_000));
            break;
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
      let devices: string[] = [];
      for (let i = 0; i < 50 && devices.join() !== 'w,x,y,z'; i++) {
        devices = await reader.rendered().then((t) => [...t.keys()].sort()).catch(() => []);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(devices).toEqual(['w', 'x', 'y', 'z']);
    } finally {
      await writer.close();
      await reader.close();
      await server.stop();
    }
  }, 20_000);
});

describeWith(['redis'], 'RedisResultStore: the samples a reader keeps', () => {
  let prefix: string;
  let writer: RedisResultStore;
  let reader: RedisResultStore | undefined;

  beforeEach(() => {
    prefix = randomPrefix();
    writer = new RedisResultStore({ url: REDIS_URL, prefix, logger: silentLogger });
  });

  afterEach(async () => {
    await writer.close();
    await reader?.close();
    await deleteKeys(prefix);
  });

  const switchResult = (device: string, atMs: number): StoredResult =>
    storedResult(
      builtinProbeRegistry,
      deviceTarget(device),
      {
        probe: 'snmp',
        success: true,
        durationMs: 5,
        samples: [
          { name: 'quarkpulse_interface_oper_up', labels: { ifindex: '1', name: 'Gi0/1' }, value: 1 },
          { name: 'quarkpulse_interface_receive_bytes_total', labels: { ifindex: '1', name: 'Gi0/1' }, value: 1234 },
          { name: 'quarkpulse_device_info', labels: { sys_name: 'Büro-Switch' }, value: 1 },
        ],
      },
      'test:1',
      atMs,
    );

  it('keeps only the metrics its readers read as objects, renders every sample, and decodes again when the set changes', async () => {
    let keep: ReadonlySet<string> = new Set(['quarkpulse_interface_oper_up']);
    reader = new RedisResultStore({ url: REDIS_URL, prefix, logger: silentLogger, keepSamples: () => keep });
    await writer.put(switchResult('sw1', T0));
    await writer.put(switchResult('sw2', T0));

    const names = async () => (await reader!.all()).flatMap((e) => e.result.samples.map((s) => s.name));
    expect(await names()).toEqual(['quarkpulse_interface_oper_up', 'quarkpulse_interface_oper_up']);
    // The exposition and forDevice still have every sample, non-ASCII label values intact.
    const metrics = new DeviceMetrics(reader, builtinProbeRegistry);
    const text = await deviceExpositionText(metrics);
    expect(text).toContain('quarkpulse_interface_receive_bytes_total{client="acme",device="sw1",site="hq",ifindex="1",name="Gi0/1"} 1234\n');
    expect(text).toContain('sys_name="Büro-Switch"');
    expect((await reader.forDevice('sw1'))[0].result.samples).toHaveLength(3);

    // A reload that reads another metric: every result is decoded again, though none changed.
    keep = new Set(['quarkpulse_interface_oper_up', 'quarkpulse_device_info']);
    const again = await hgetallsDuring(REDIS_URL, prefix, async () => void (await reader!.rendered()));
    expect(again.sort()).toEqual(['sw1', 'sw2']);
    expect((await names()).sort()).toEqual(['quarkpulse_device_info', 'quarkpulse_device_info', 'quarkpulse_interface_oper_up', 'quarkpulse_interface_oper_up']);
    expect(await deviceExpositionText(metrics)).toBe(text);
  });

  it('keeps every sample without a set', async () => {
    reader = new RedisResultStore({ url: REDIS_URL, prefix, logger: silentLogger });
    await writer.put(switchResult('sw1', T0));
    expect((await reader.all())[0].result.samples).toHaveLength(3);
  });
});
