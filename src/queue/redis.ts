/**
 * Redis connections for the queue and the result store: one retry policy, and connection loss
 * logged once per outage (not once per reconnect attempt) — an 'error' listener is always
 * attached, so a Redis restart never throws into nothing.
 */
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from '../log';
import { withTimeout } from '../util/timeout';

/** Reconnect quickly (Redis restarts are short) but never hammer: 100 ms, 200 ms, … capped at 2 s. */
export function reconnectDelayMs(times: number): number {
  return Math.min(times * 100, 2_000);
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

export function createRedis(url: string, options: RedisClientOptions): Redis {
  const log = options.logger.child({ redis: redactRedisUrl(url), role: options.role });
  const client = new Redis(url, {
    maxRetriesPerRequest: options.maxRetriesPerRequest,
    retryStrategy: reconnectDelayMs,
    connectionName: `quarkpulse:${options.role}`,
    lazyConnect: options.lazyConnect ?? false,
  });
  watchConnection(client, log, options.onReconnect);
  return client;
}

/** Clients we are closing on purpose: their 'close' is not an outage. */
const closing = new WeakSet<Redis>();
/** Clients that were connected once: not being connected now is an outage, not a start-up. */
const wasReady = new WeakSet<Redis>();

/**
 * True while a client that was connected has lost its connection (Redis down or restarting):
 * callers fail at once then, instead of queueing commands behind the reconnect attempts. Before
 * the first connection commands wait as usual (start-up).
 */
export function inOutage(client: Redis): boolean {
  return wasReady.has(client) && client.status !== 'ready';
}

/** Logs connection loss once per outage and recovery once; swallows 'error' events (logged). */
export function watchConnection(client: Redis, log: Logger, onReconnect?: () => void): void {
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
export async function closeRedis(client: Redis): Promise<void> {
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

  async run(client: Redis, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return client.eval(this.lua, keys.length, ...keys, ...args);
      throw err;
    }
  }
}
