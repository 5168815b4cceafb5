/**
 * queue.redis and REDIS_URL: a URL as always, and Redis Sentinel and Cluster as objects or as
 * redis+sentinel:// / redis+cluster:// URLs; passwords become Secrets; bad input gets one line.
 */
import { parseConfig } from '../../../src/inventory/load';
import { ConfigError } from '../../../src/config/types';
import { describeRedisTarget, effectivePrefix, isCluster, isSentinel, sameRedisTarget, type RedisTarget } from '../../../src/config/redis-target';
import { parseRedisUrl } from '../../../src/config/redis-url';

const FILE = 'q.yml';

function problemsOf(yaml: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(yaml, FILE, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('queue.redis: the forms it takes', () => {
  test('a redis:// URL stays a string, prefix unchanged (the contract form)', () => {
    const c = parseConfig('queue: { redis: "redis://127.0.0.1:6379" }\n', FILE, {});
    expect(c.queue).toEqual({ redis: 'redis://127.0.0.1:6379', prefix: 'quarkpulse', concurrency: 64, clientShare: 0.5, leaderTtlMs: 15_000 });
  });

  test('a Sentinel object: nodes parsed, passwords resolved from the environment as Secrets', () => {
    const c = parseConfig(
      'queue:\n  redis:\n    sentinels: ["127.0.0.1:26379", "[::1]:26380"]\n    name: mymaster\n    password: "${REDIS_PW}"\n    sentinel_password: "${SENTINEL_PW}"\n    db: 2\n',
      FILE,
      { REDIS_PW: 'redis-pass-1', SENTINEL_PW: 'sentinel-pass-1' },
    );
    const t = c.queue.redis as RedisTarget;
    expect(isSentinel(t)).toBe(true);
    if (!isSentinel(t)) return;
    expect(t.sentinels).toEqual([
      { host: '127.0.0.1', port: 26379 },
      { host: '::1', port: 26380 },
    ]);
    expect(t).toMatchObject({ name: 'mymaster', db: 2 });
    expect(t.password?.reveal()).toBe('redis-pass-1');
    expect(t.sentinelPassword?.reveal()).toBe('sentinel-pass-1');
    expect(c.queue.prefix).toBe('quarkpulse');
    // Never in what a log line or an API answer would carry.
    expect(JSON.stringify(c)).not.toMatch(/redis-pass-1|sentinel-pass-1/);
    expect(describeRedisTarget(t)).toBe('sentinel mymaster@127.0.0.1:26379,[::1]:26380/2');
  });

  test('a Cluster object: the prefix becomes a hash tag so every key shares one slot', () => {
    const c = parseConfig('queue:\n  redis: { cluster: ["127.0.0.1:7000", "127.0.0.1:7001"], password: s3cret-cl }\n  prefix: acme\n', FILE, {});
    const t = c.queue.redis as RedisTarget;
    expect(isCluster(t)).toBe(true);
    expect(c.queue.prefix).toBe('{acme}');
    expect(describeRedisTarget(t)).toBe('cluster 127.0.0.1:7000,127.0.0.1:7001');
    expect(JSON.stringify(c)).not.toContain('s3cret-cl');
  });

  test('REDIS_URL takes the Sentinel and Cluster URL forms too, and wins over queue.redis', () => {
    const s = parseConfig('queue: { redis: "redis://10.0.0.1:6379" }\n', FILE, { REDIS_URL: 'redis+sentinel://:pw-1@127.0.0.1:26379,127.0.0.1:26380/mymaster/3' }).queue.redis as RedisTarget;
    expect(isSentinel(s) && { nodes: s.sentinels.length, name: s.name, db: s.db, pw: s.password?.reveal() }).toEqual({ nodes: 2, name: 'mymaster', db: 3, pw: 'pw-1' });
    const c = parseConfig('{}\n', FILE, { REDIS_URL: 'redis+cluster://user:pw-2@127.0.0.1:7000,127.0.0.1:7001' });
    const t = c.queue.redis as RedisTarget;
    expect(isCluster(t) && { nodes: t.cluster.length, user: t.username, pw: t.password?.reveal() }).toEqual({ nodes: 2, user: 'user', pw: 'pw-2' });
    expect(c.queue.prefix).toBe('{quarkpulse}');
  });

  test('effectivePrefix and sameRedisTarget', () => {
    expect(effectivePrefix('qp', 'redis://h:1')).toBe('qp');
    expect(effectivePrefix('qp', undefined)).toBe('qp');
    const a = parseConfig('queue: { redis: { cluster: ["127.0.0.1:7000"], password: x } }\n', FILE, {}).queue.redis;
    const b = parseConfig('queue: { redis: { cluster: ["127.0.0.1:7000"], password: x } }\n', FILE, {}).queue.redis;
    const c = parseConfig('queue: { redis: { cluster: ["127.0.0.1:7000"], password: y } }\n', FILE, {}).queue.redis;
    expect(sameRedisTarget(a, b)).toBe(true);
    expect(sameRedisTarget(a, c)).toBe(false);
    expect(sameRedisTarget('redis://h:1', 'redis://h:1')).toBe(true);
    expect(sameRedisTarget(undefined, 'redis://h:1')).toBe(false);
  });
});

describe('queue.redis: bad input, one line each', () => {
  test.each<[string, string, NodeJS.ProcessEnv]>([
    ['queue: { redis: "localhost:6379" }\n', 'queue.redis: expected a redis:// or rediss:// URL (write redis://localhost:6379)', {}],
    ['queue: { redis: "http://x" }\n', 'queue.redis: expected a redis://, rediss://, redis+sentinel:// or redis+cluster:// URL (e.g. redis://127.0.0.1:6379)', {}],
    ['queue: { redis: { sentinels: ["127.0.0.1"], name: m } }\n', 'queue.redis.sentinels[0]: expected HOST:PORT, got the text "127.0.0.1"', {}],
    ['queue: { redis: { sentinels: [], name: m } }\n', 'queue.redis.sentinels: needs at least 1 entry', {}],
    ['queue: { redis: { sentinels: ["127.0.0.1:26379"] } }\n', 'queue.redis: expected a redis:// URL, a Sentinel setting { sentinels: [HOST:PORT, …], name } or a Cluster setting { cluster: [HOST:PORT, …] }, got a mapping', {}],
    ['queue: { redis: { cluster: ["127.0.0.1:7000"], db: 1 } }\n', 'queue.redis.db: unknown key "db" (known here: cluster, name, password, sentinel_password, sentinels, username)', {}],
    ['queue: { redis: { sentinels: ["127.0.0.1:26379"], name: m, password: "${NOPE}" } }\n', 'queue.redis.password: environment variable NOPE is not set', {}],
    ['queue: { redis: { host: x } }\n', 'queue.redis: expected a redis:// URL, a Sentinel setting { sentinels: [HOST:PORT, …], name } or a Cluster setting { cluster: [HOST:PORT, …] }, got a mapping', {}],
    ['{}\n', '(environment) REDIS_URL: expected redis+sentinel://host:port[,host:port…]/master-name', { REDIS_URL: 'redis+sentinel://nohost/m' }],
    ['{}\n', '(environment) REDIS_URL: expected the master name after the hosts: redis+sentinel://host:port,…/master-name', { REDIS_URL: 'redis+sentinel://127.0.0.1:26379' }],
    ['{}\n', '(environment) REDIS_URL: a Redis Cluster has only database 0: remove the path after the hosts', { REDIS_URL: 'redis+cluster://127.0.0.1:7000/1' }],
  ])('%s %j', (yaml, problem, env) => {
    expect(problemsOf(yaml, env)).toEqual([problem]);
  });

  test('a rejected URL never repeats its password', () => {
    const problems = problemsOf('{}\n', { REDIS_URL: 'redis+sentinel://:hunter2@127.0.0.1:26379' });
    expect(problems).toHaveLength(1);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(parseRedisUrl('redis+cluster://127.0.0.1:99999')).toEqual({ ok: false, reason: 'expected redis+cluster://host:port[,host:port…]' });
  });
});
