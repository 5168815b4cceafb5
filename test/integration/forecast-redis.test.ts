/**
 * With Redis, the supply history lives in Redis: a forecast computed by one process continues in
 * the next (a restart, or another worker polling the printer), the hash expires on its own, and
 * removing the device removes it; so does the summary hash beside it.
 */
import Redis from 'ioredis';
import { HISTORY_TTL_MS, RedisSupplyHistory } from '../../src/forecast/history-store';
import { silentLogger } from '../../src/log';
import type { Sample } from '../../src/metrics/names';
import { RedisResultStore } from '../../src/results/redis-store';
import { withSupplyForecast } from '../../src/results/forecasting-store';
import type { ResultStore } from '../../src/results/store';
import { MIN, result, T0 } from '../unit/alerts/helpers';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { describeWith } from '../helpers/requires';

const HOUR = 60 * MIN;
const black = (level: number): Sample[] => {
  const labels = { supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' };
  return [
    { name: 'quarkpulse_printer_supply_level', labels, value: level },
    { name: 'quarkpulse_printer_supply_max_capacity', labels, value: 100 },
  ];
};
/** One poll an hour, 5 units an hour from 90. */
const poll = (h: number) => result('p1', T0 + h * HOUR, black(90 - 5 * h), { intervalMs: HOUR });

describeWith(['redis'], 'supply history in Redis', () => {
  const prefix = randomPrefix();
  const open = (): ResultStore =>
    withSupplyForecast(new RedisResultStore({ url: REDIS_URL, prefix, logger: silentLogger }), new RedisSupplyHistory({ url: REDIS_URL, prefix, logger: silentLogger }), silentLogger);
  const daysLeft = async (store: ResultStore) => (await store.forDevice('p1'))[0]?.result.samples.find((s) => s.name === 'quarkpulse_printer_supply_days_left')?.value;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });

  afterAll(async () => {
    await deleteKeys(prefix);
    redis.disconnect();
  });

  it('survives a restart: the next process continues the forecast from the kept points', async () => {
    const first = open();
    const second = open(); // a restarted daemon, or another worker
    try {
      await first.put(poll(0));
      await first.put(poll(1));
      expect(await daysLeft(first)).toBeCloseTo(85 / 120, 9);
      await first.close();

      await second.put(poll(2));
      expect(await daysLeft(second)).toBeCloseTo(80 / 120, 9);
      const key = `${prefix}:forecast:p1`;
      expect(await redis.hkeys(key)).toEqual(['1.1']);
      expect(JSON.parse((await redis.hget(key, '1.1')) ?? '[]')).toEqual([
        [T0, 90, 100],
        [T0 + HOUR, 85, 100],
        [T0 + 2 * HOUR, 80, 100],
      ]);
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(HISTORY_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(HISTORY_TTL_MS);

      // The summary a poll reads instead of the history: beside it, under the prefix, same lifetime.
      const summaryKey = `${prefix}:forecast-summary:p1`;
      expect(await redis.hkeys(summaryKey)).toEqual(['1.1']);
      expect(JSON.parse((await redis.hget(summaryKey, '1.1')) ?? '{}').l).toEqual([T0 + 2 * HOUR, 80, 100]);
      expect(await redis.pttl(summaryKey)).toBeGreaterThan(HISTORY_TTL_MS - 60_000);

      await second.removeDevice('p1');
      expect(await redis.exists(key)).toBe(0);
      expect(await redis.exists(summaryKey)).toBe(0);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
