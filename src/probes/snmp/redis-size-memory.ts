/**
 * SNMP request sizes in Redis, shared by every worker: one string per device under
 * `${prefix}:snmp-size:`, expiring after a week unwritten (a removed device does not linger; a
 * device polled at all is rewritten whenever its size changes and read on every poll).
 */
import type { RedisTarget } from '../../config/redis-target';
import type { Logger } from '../../log';
import { closeRedis, createRedis, type RedisClient } from '../../queue/redis';
import { parseSizeRecord, type SnmpSizeMemory } from './size-memory';
import type { SizeRecord } from './sizing';

const TTL_MS = 7 * 24 * 3600 * 1000;

export class RedisSizeMemory implements SnmpSizeMemory {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #logger: Logger;

  constructor(options: { url: RedisTarget; prefix: string; logger: Logger; redis?: RedisClient }) {
    // Fail fast while Redis is away: a poll goes on with what the process remembers.
    this.#redis = options.redis ?? createRedis(options.url, { logger: options.logger, role: 'snmp-size', maxRetriesPerRequest: 1 });
    this.#prefix = `${options.prefix}:snmp-size:`;
    this.#logger = options.logger;
  }

  async get(device: string): Promise<SizeRecord | undefined> {
    try {
      return parseSizeRecord(await this.#redis.get(this.#prefix + device));
    } catch (err) {
      this.#logger.debug({ device, err: err instanceof Error ? err.message : String(err) }, 'snmp size: read failed');
      return undefined;
    }
  }

  async set(device: string, record: SizeRecord): Promise<void> {
    try {
      await this.#redis.set(this.#prefix + device, JSON.stringify(record), 'PX', TTL_MS);
    } catch (err) {
      this.#logger.debug({ device, err: err instanceof Error ? err.message : String(err) }, 'snmp size: write failed');
    }
  }

  async forget(device: string): Promise<void> {
    try {
      await this.#redis.del(this.#prefix + device);
    } catch {
      // Expires on its own.
    }
  }

  close(): Promise<void> {
    return closeRedis(this.#redis);
  }
}
