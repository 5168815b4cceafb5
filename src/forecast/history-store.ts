/**
 * Where the supply histories live. Without Redis everything runs in one process (the in-process
 * queue), so memory is right, and a restart starts empty: forecasts come back once the supplies
 * have moved again. With Redis any worker may poll a printer, so the histories are in Redis, one
 * hash per device (`${prefix}:forecast:<device>`, field = supply index, value = encodeHistory),
 * which survives a restart and expires on its own after 31 days without a write.
 */
import type { RedisTarget } from '../config/redis-target';
import type { Logger } from '../log';
import { closeRedis, createRedis, inOutage, type RedisClient } from '../queue/redis';
import type { LevelPoint } from './forecast';
import { decodeHistory, encodeHistory } from './history';

export type DeviceHistories = Map<string, readonly LevelPoint[]>;

export interface SupplyHistoryStore {
  readonly description: string;
  /** The kept points of every supply of `device` (supply index → points). */
  load(device: string): Promise<DeviceHistories>;
  /** Writes the supplies in `changed`; forgets the ones in `gone` (no longer reported). */
  save(device: string, changed: DeviceHistories, gone: readonly string[]): Promise<void>;
  removeDevice(device: string): Promise<void>;
  close(): Promise<void>;
}

export class MemorySupplyHistory implements SupplyHistoryStore {
  readonly description = 'memory';
  private readonly byDevice = new Map<string, DeviceHistories>();

  async load(device: string): Promise<DeviceHistories> {
    return new Map(this.byDevice.get(device) ?? []);
  }

  async save(device: string, changed: DeviceHistories, gone: readonly string[]): Promise<void> {
    let supplies = this.byDevice.get(device);
    if (!supplies) this.byDevice.set(device, (supplies = new Map()));
    for (const [index, points] of changed) supplies.set(index, points);
    for (const index of gone) supplies.delete(index);
  }

  async removeDevice(device: string): Promise<void> {
    this.byDevice.delete(device);
  }

  async close(): Promise<void> {}
}

/** A device's history expires this long after its last write (the forecast window plus a day). */
export const HISTORY_TTL_MS = 31 * 24 * 3600_000;

export class RedisSupplyHistory implements SupplyHistoryStore {
  readonly description = 'redis';
  private readonly redis: RedisClient;

  constructor(private readonly options: { url: RedisTarget; prefix: string; logger: Logger }) {
    // Fail fast while Redis is away: the result is stored without a forecast rather than held up.
    this.redis = createRedis(options.url, { logger: options.logger, role: 'forecast', maxRetriesPerRequest: 1, lazyConnect: true });
  }

  private key(device: string): string {
    return `${this.options.prefix}:forecast:${device}`;
  }

  async load(device: string): Promise<DeviceHistories> {
    if (inOutage(this.redis)) throw new Error(`supply history: redis unreachable (${this.redis.status})`);
    const hash = await this.redis.hgetall(this.key(device));
    return new Map(Object.entries(hash).map(([index, text]) => [index, decodeHistory(text)]));
  }

  async save(device: string, changed: DeviceHistories, gone: readonly string[]): Promise<void> {
    if (changed.size === 0 && gone.length === 0) return;
    const key = this.key(device);
    const tx = this.redis.multi();
    if (changed.size > 0) tx.hset(key, Object.fromEntries([...changed].map(([index, points]) => [index, encodeHistory(points)])));
    if (gone.length > 0) tx.hdel(key, ...gone);
    tx.pexpire(key, HISTORY_TTL_MS);
    await tx.exec();
  }

  async removeDevice(device: string): Promise<void> {
    await this.redis.del(this.key(device));
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}

export function createSupplyHistory(queue: { redis?: RedisTarget; prefix: string }, logger: Logger): SupplyHistoryStore {
  return queue.redis ? new RedisSupplyHistory({ url: queue.redis, prefix: queue.prefix, logger }) : new MemorySupplyHistory();
}
