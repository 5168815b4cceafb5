/**
 * Which shard serves a device must never move unless the operator changes http.metrics_shards:
 * FNV-1a (32 bit) of the UTF-8 name, mod N — the pinned values below are what any FNV-1a gives
 * (checked against an independent implementation), so a dashboard or a relabel rule can rely on it.
 */
import { parseShard, sdTargets } from '../../../src/http/metrics';
import { shardOf } from '../../../src/results/shard';

describe('shardOf', () => {
  it('is FNV-1a of the UTF-8 name mod N, pinned', () => {
    expect(['lab-printer', 'lab-switch', 'hq-core-1', 'dev-00042', 'ü-drucker'].map((n) => shardOf(n, 16))).toEqual([13, 11, 0, 7, 15]);
    expect(['lab-printer', 'hq-core-1', 'ü-drucker'].map((n) => shardOf(n, 3))).toEqual([2, 0, 1]);
    expect(shardOf('anything', 1)).toBe(0);
  });

  it('spreads a fleet evenly: 10,000 devices over 16 shards, none above 1,000', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 10_000; i++) counts[shardOf(`dev-${String(i).padStart(5, '0')}`, 16)]++;
    expect(Math.max(...counts)).toBeLessThan(700);
    expect(Math.min(...counts)).toBeGreaterThan(550);
  });
});

describe('/metrics/sd and /metrics/shard/<k> (pure parts)', () => {
  it('lists each shard and the self target with a distinct shard label', () => {
    expect(sdTargets('qp.example:9877', 2, true)).toEqual([
      { targets: ['qp.example:9877'], labels: { __metrics_path__: '/metrics/shard/0', shard: '0' } },
      { targets: ['qp.example:9877'], labels: { __metrics_path__: '/metrics/shard/1', shard: '1' } },
      { targets: ['qp.example:9877'], labels: { __metrics_path__: '/metrics/self', shard: 'self' } },
    ]);
    // A process without device metrics (a worker) has its own metrics only.
    expect(sdTargets('w:9877', 16, false)).toEqual([{ targets: ['w:9877'], labels: { __metrics_path__: '/metrics/self', shard: 'self' } }]);
  });

  it('accepts shard numbers 0 … N-1 only', () => {
    expect(parseShard('0', 4)).toEqual({ index: 0, count: 4 });
    expect(parseShard('3', 4)).toEqual({ index: 3, count: 4 });
    expect(parseShard('4', 4)).toMatch(/no such shard: there are 4/);
    expect(parseShard('-1', 4)).toMatch(/must be a number/);
    expect(parseShard('x', 4)).toMatch(/must be a number/);
  });
});
