/**
 * Where Redis is: one server (a redis:// or rediss:// URL, as always), a Sentinel-watched
 * master, or a Redis Cluster. The config writes the last two either as an object
 * (`{ sentinels: [...], name }`, `{ cluster: [...] }`) or as a redis+sentinel:// or
 * redis+cluster:// URL, the form REDIS_URL can carry
 * (redis-url.ts parses those). Pure: describing and comparing, no connections.
 */
import type { RedisNode } from './redis-url';
import type { Secret } from './secret';

export type { RedisNode };

export interface RedisSentinelTarget {
  sentinels: RedisNode[];
  /** The master's name as the Sentinels know it (`sentinel monitor <name> …`). */
  name: string;
  username?: string;
  password?: Secret;
  sentinelPassword?: Secret;
  db: number;
}

export interface RedisClusterTarget {
  /** Seed nodes: any reachable one gives the cluster's layout. */
  cluster: RedisNode[];
  username?: string;
  password?: Secret;
}

/** A plain string is a redis:// or rediss:// URL (the form every earlier config uses). */
export type RedisTarget = string | RedisSentinelTarget | RedisClusterTarget;

export function isSentinel(t: RedisTarget): t is RedisSentinelTarget {
  return typeof t === 'object' && 'sentinels' in t;
}

export function isCluster(t: RedisTarget): t is RedisClusterTarget {
  return typeof t === 'object' && 'cluster' in t;
}

function nodeText(n: RedisNode): string {
  return n.host.includes(':') ? `[${n.host}]:${n.port}` : `${n.host}:${n.port}`;
}

/** The URL without user or password, for logs and `description`. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'redis://<unparseable url>';
  }
}

/** Where Redis is, without any credential: for logs, `description` and the start-up line. */
export function describeRedisTarget(t: RedisTarget): string {
  if (typeof t === 'string') return redactRedisUrl(t);
  if (isSentinel(t)) return `sentinel ${t.name}@${t.sentinels.map(nodeText).join(',')}${t.db ? `/${t.db}` : ''}`;
  return `cluster ${t.cluster.map(nodeText).join(',')}`;
}

/** Same Redis, same credentials (a reload that changes either takes effect only after a restart). */
export function sameRedisTarget(a: RedisTarget | undefined, b: RedisTarget | undefined): boolean {
  const key = (t: RedisTarget | undefined): string | undefined => {
    if (t === undefined || typeof t === 'string') return t;
    return JSON.stringify({ ...t, password: t.password?.reveal(), sentinelPassword: isSentinel(t) ? t.sentinelPassword?.reveal() : undefined });
  };
  return key(a) === key(b);
}

/**
 * The key prefix in force. In a Cluster every key of the project carries the prefix as a hash
 * tag (`{quarkpulse}:…`), so they all live in one slot: BullMQ's Lua scripts and the project's
 * own multi-key scripts and MULTI blocks touch several keys at once, which a Cluster allows only
 * within one slot.
 */
export function effectivePrefix(prefix: string, target: RedisTarget | undefined): string {
  return target !== undefined && isCluster(target) ? `{${prefix}}` : prefix;
}
