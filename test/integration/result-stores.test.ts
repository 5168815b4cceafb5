/**
 * Both result stores keep the same promises: the newest result per device and probe wins (a late,
 * older one never overwrites it), and the time of the last success is remembered across failures
 * — what lets /api/devices name a probe that never once answered.
 */
import { silentLogger } from '../../src/log';
import { builtinProbeRegistry } from '../../src/probes/registry';
import { RedisResultStore } from '../../src/results/redis-store';
import { MemoryResultStore, storedResult, type ResultStore } from '../../src/results/store';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { describeWith } from '../helpers/requires';
import { deviceTarget } from '../helpers/targets';

const T0 = 1_700_000_000_000;
const entry = (success: boolean, atMs: number) =>
  storedResult(builtinProbeRegistry, deviceTarget('sw1'), { probe: 'snmp', success, durationMs: 5, samples: [] }, 'test:1', atMs);

function contract(open: () => Promise<{ store: ResultStore; done: () => Promise<void> }>) {
  it('remembers the last success across failures; a late older result changes nothing', async () => {
    const { store, done } = await open();
    try {
      await store.put(entry(false, T0));
      expect((await store.forDevice('sw1'))[0].lastSuccessAtMs).toBeUndefined();
      await store.put(entry(true, T0 + 1_000));
      await store.put(entry(false, T0 + 2_000));
      let [latest] = await store.forDevice('sw1');
      expect(latest).toMatchObject({ finishedAtMs: T0 + 2_000, lastSuccessAtMs: T0 + 1_000 });
      expect(latest.result.success).toBe(false);
      await store.put(entry(true, T0 + 500));
      [latest] = await store.all();
      expect(latest).toMatchObject({ finishedAtMs: T0 + 2_000, lastSuccessAtMs: T0 + 1_000 });
    } finally {
      await done();
    }
  });
}

describe('MemoryResultStore', () => {
  contract(async () => ({ store: new MemoryResultStore(), done: async () => undefined }));
});

describeWith(['redis'], 'RedisResultStore', () => {
  contract(async () => {
    const prefix = randomPrefix();
    const store = new RedisResultStore({ url: REDIS_URL, prefix, logger: silentLogger });
    return {
      store,
      done: async () => {
        await store.close();
        await deleteKeys(prefix);
      },
    };
  });
});
