/**
 * Where the supply histories live, each with its summary (summary.ts): a poll reads the summaries
 * only, and a supply's history only when the poll's point is kept. Without Redis everything runs in
 * one process (the in-process queue), so memory is right, and a restart starts empty: forecasts come
 * back once the supplies have moved again. With Redis any worker may poll a printer, so both are in
 * Redis: one hash per device for the histories (`${prefix}:forecast:<device>`, field = supply index,
 * value = encodeHistory) and one for the summaries (`${prefix}:forecast-summary:<device>`, value =
 * encodeSummary; not `forecast:<device>:s`, which a device named `<device>:s` would own). Both are
 * written together, survive a restart and expire on their own after 31 days without a write. A
 * missing or unreadable summary (as after an upgrade) only means that supply's history is read.
 */
import type { RedisTarget } from '../config/redis-target';
import type { Logger } from '../log';
import { closeRedis, createRedis, inOutage, type RedisClient } from '../queue/redis';
import type { LevelPoint } from './forecast';
import { decodeHistory, encodeHistory } from './history';
import { decodeSummary, encodeSummary, type SupplySummary } from './summary';

export type DeviceHistories = Map<string, readonly LevelPoint[]>;
export type DeviceSummaries = Map<string, SupplySummary>;

export interface SupplyHistoryStore {
  readonly description: string;
  /** The summary of every supply of `device` that has one (supply index → summary): read on every poll. */
  loadSummaries(device: string): Promise<DeviceSummaries>;
  /** The kept points of the supplies of `device` listed in `supplies`, or of all (supply index → points). */
  load(device: string, supplies?: readonly string[]): Promise<DeviceHistories>;
  /** Writes the histories in `changed` and the summaries in `summaries`; forgets both for the supplies in `gone`. */
  save(device: string, changed: DeviceHistories, summaries: DeviceSummaries, gone: readonly string[]): Promise<void>;
  removeDevice(device: string): Promise<void>;
  close(): Promise<void>;
}

export class MemorySupplyHistory implements SupplyHistoryStore {
  readonly description = 'memory';
  private readonly byDevice = new Map<string, { histories: DeviceHistories; summaries: DeviceSummaries }>();

  async loadSummaries(device: string): Promise<DeviceSummaries> {
    return new Map(this.byDevice.get(device)?.summaries ?? []);
  }

  async load(device: string, supplies?: readonly string[]): Promise<DeviceHistories> {
    const all = this.byDevice.get(device)?.histories ?? new Map<string, readonly LevelPoint[]>();
    if (!supplies) return new Map(all);
    return new Map(supplies.flatMap((index) => (all.has(index) ? [[index, all.get(index)!] as const] : [])));
  }

  async save(device: string, changed: DeviceHistories, summaries: DeviceSummaries, gone: readonly string[]): Promise<void> {
    let stored = this.byDevice.get(device);
    if (!stored) this.byDevice.set(device, (stored = { histories: new Map(), summaries: new Map() }));
    for (const [index, points] of changed) stored.histories.set(index, points);
    for (const [index, summary] of summaries) stored.summaries.set(index, summary);
    for (const index of gone) {
      stored.histories.delete(index);
      stored.summaries.delete(index);
    }
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

  private summaryKey(device: string): string {
    return `${this.options.prefix}:forecast-summary:${device}`;
  }

  private reachable(): void {
    if (inOutage(this.redis)) throw new Error(`supply history: redis unreachable (${this.redis.status})`);
  }

  async loadSummaries(device: string): Promise<DeviceSummaries> {
    this.reachable();
    const hash = await this.redis.hgetall(this.summaryKey(device));
    const out: DeviceSummaries = new Map();
    for (const [index, text] of Object.entries(hash)) {
      const summary = decodeSummary(text);
      if (summary) out.set(index, summary);
    }
    return out;
  }

  async load(device: string, supplies?: readonly string[]): Promise<DeviceHistories> {
    this.reachable();
    if (!supplies) {
      const hash = await this.redis.hgetall(this.key(device));
      return new Map(Object.entries(hash).map(([index, text]) => [index, decodeHistory(text)]));
    }
    if (supplies.length === 0) return new Map();
    const texts = await this.redis.hmget(this.key(device), ...supplies);
    return new Map(supplies.flatMap((index, i) => (texts[i] === null ? [] : [[index, decodeHistory(texts[i])] as const])));
  }

  async save(device: string, changed: DeviceHistories, summaries: DeviceSummaries, gone: readonly string[]): Promise<void> {
    if (changed.size === 0 && summaries.size === 0 && gone.length === 0) return;
    const key = this.key(device);
    const summaryKey = this.summaryKey(device);
    const tx = this.redis.multi();
    if (changed.size > 0) tx.hset(key, Object.fromEntries([...changed].map(([index, points]) => [index, encodeHistory(points)])));
    if (summaries.size > 0) tx.hset(summaryKey, Object.fromEntries([...summaries].map(([index, summary]) => [index, encodeSummary(summary)])));
    if (gone.length > 0) tx.hdel(key, ...gone).hdel(summaryKey, ...gone);
    tx.pexpire(key, HISTORY_TTL_MS).pexpire(summaryKey, HISTORY_TTL_MS);
    await tx.exec();
  }

  async removeDevice(device: string): Promise<void> {
    await this.redis.del(this.key(device), this.summaryKey(device));
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}

export function createSupplyHistory(queue: { redis?: RedisTarget; prefix: string }, logger: Logger): SupplyHistoryStore {
  return queue.redis ? new RedisSupplyHistory({ url: queue.redis, prefix: queue.prefix, logger }) : new MemorySupplyHistory();
}
