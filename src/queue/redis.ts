/**
 * Redis connections for the queue, the result store and every other Redis user: one factory for
 * a single server, a Sentinel-watched master or a Cluster; one retry policy; connection loss
 * logged once per outage (not once per reconnect attempt) — an 'error' listener is always
 * attached, so a Redis restart never throws into nothing.
 */
import { createHash } from 'node:crypto';
import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { describeRedisTarget, isCluster, isSentinel, redactRedisUrl, type RedisClusterTarget, type RedisSentinelTarget, type RedisTarget } from '../config/redis-target';
import type { Logger } from '../log';
import { withTimeout } from '../util/timeout';

export { redactRedisUrl };

/** A connection to one server or Sentinel-watched master (Redis), or to a Cluster: callers use the commands both have. */
export type RedisClient = Redis | Cluster;

/** Reconnect quickly (Redis restarts are short) but never hammer: 100 ms, 200 ms, … capped at 2 s. */
export function reconnectDelayMs(times: number): number {
  return Math.min(times * 100, 2_000);
}

export interface RedisClientOptions {
  logger: Logger;
  /** Shown in logs and CLIENT LIST. */
  role: string;
  /**
   * ioredis retries per command while disconnected; null = wait for the reconnect (what BullMQ
   * requires for its blocking worker connection). Small numbers make callers fail fast.
   */
  maxRetriesPerRequest: number | null;
  /** Called on every `ready` after the first (a reconnect). */
  onReconnect?: () => void;
  /** Connect on the first command rather than at once. */
  lazyConnect?: boolean;
}

type ConnectionOptions = Pick<RedisClientOptions, 'role' | 'maxRetriesPerRequest' | 'lazyConnect'>;

/** What every connection shares, whatever the kind of Redis. */
function commonOptions(options: ConnectionOptions): RedisOptions {
  return {
    maxRetriesPerRequest: options.maxRetriesPerRequest,
    retryStrategy: reconnectDelayMs,
    connectionName: `quarkpulse:${options.role}`,
    lazyConnect: options.lazyConnect ?? false,
  };
}

/**
 * The ioredis options for a Sentinel-watched master. BullMQ takes these as its `connection` and
 * opens its own connections from them (a Cluster has no such form: BullMQ gets an instance).
 */
export function sentinelOptions(target: RedisSentinelTarget, options: ConnectionOptions): RedisOptions {
  return {
    ...commonOptions(options),
    sentinels: target.sentinels.map((n) => ({ host: n.host, port: n.port })),
    name: target.name,
    username: target.username,
    password: target.password?.reveal(),
    sentinelPassword: target.sentinelPassword?.reveal(),
    db: target.db,
    // While no Sentinel answers (all restarting), keep asking at the same pace as a reconnect.
    sentinelRetryStrategy: reconnectDelayMs,
    // A master demoted while we stayed connected (it came back after a failover) refuses writes:
    // reconnect, which asks the Sentinels again. (ioredis' failoverDetector is not used: with it,
    // clients that were between reconnect attempts when the failover came ended for good in the
    // Sentinel failover test; without it every reconnect asks the Sentinels anyway.)
    reconnectOnError: (err) => err.message.startsWith('READONLY'),
  };
}

function clusterOptions(target: RedisClusterTarget, options: ConnectionOptions): ClusterOptions {
  return {
    clusterRetryStrategy: reconnectDelayMs,
    lazyConnect: options.lazyConnect ?? false,
    redisOptions: {
      maxRetriesPerRequest: options.maxRetriesPerRequest,
      connectionName: `quarkpulse:${options.role}`,
      username: target.username,
      password: target.password?.reveal(),
    },
  };
}

/** A client for `target` (a URL string, Sentinel or Cluster), watched as one connection whatever the kind. */
export function createRedis(target: RedisTarget, options: RedisClientOptions): RedisClient {
  const log = options.logger.child({ redis: describeRedisTarget(target), role: options.role });
  let client: RedisClient;
  if (isCluster(target)) {
    client = new Cluster(
      target.cluster.map((n) => ({ host: n.host, port: n.port })),
      clusterOptions(target, options),
    );
  } else if (isSentinel(target)) {
    client = new Redis(sentinelOptions(target, options));
  } else {
    client = new Redis(target, commonOptions(options));
  }
  watchConnection(client, log, options.onReconnect);
  return client;
}

/** Clients we are closing on purpose: their 'close' is not an outage. */
const closing = new WeakSet<RedisClient>();
/** Clients that were connected once: not being connected now is an outage, not a start-up. */
const wasReady = new WeakSet<RedisClient>();

/**
 * True while a client that was connected has lost its connection (Redis down or restarting):
 * callers fail at once then, instead of queueing commands behind the reconnect attempts. Before
 * the first connection commands wait as usual (start-up).
 */
export function inOutage(client: RedisClient): boolean {
  return wasReady.has(client) && client.status !== 'ready';
}

/** Logs connection loss once per outage and recovery once; swallows 'error' events (logged). */
export function watchConnection(client: RedisClient, log: Logger, onReconnect?: () => void): void {
  let readyOnce = false;
  let down = false;
  client.on('error', (err: Error) => {
    if (!down && !closing.has(client)) log.warn({ err: err.message }, 'redis error');
  });
  client.on('close', () => {
    if (!down && readyOnce && !closing.has(client)) log.warn('redis connection lost; reconnecting');
    down = true;
  });
  client.on('ready', () => {
    wasReady.add(client);
    const reconnect = readyOnce;
    if (reconnect) log.info('redis connection restored');
    readyOnce = true;
    down = false;
    if (reconnect) onReconnect?.();
  });
}

/** Closes politely, or drops the socket when Redis is unreachable (QUIT would wait forever). */
export async function closeRedis(client: RedisClient): Promise<void> {
  closing.add(client);
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    // Also stops the reconnect timer, so a closed client cannot keep the process alive.
    client.disconnect(false);
    return;
  }
  try {
    await withTimeout(client.quit(), 2_000, 'redis QUIT');
  } catch {
    client.disconnect();
  }
}

/** A Lua script sent once and then run by its SHA1 (EVALSHA), re-sent after a Redis restart. */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(client: RedisClient, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return client.eval(this.lua, keys.length, ...keys, ...args);
      throw err;
    }
  }
}
