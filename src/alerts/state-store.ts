/**
 * Where the alert state lives between restarts, and who may evaluate: a JSON file for a single
 * process, Redis (state + a leader lock) when several `run` processes share one Redis, so exactly
 * one of them evaluates and pages.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RedisTarget } from '../config/redis-target';
import { silentLogger, type Logger } from '../log';
import { RedisLease } from '../queue/lease';
import { closeRedis, createRedis, inOutage, type RedisClient } from '../queue/redis';
import { emptyState, restoreState, type EngineState } from './engine';

export interface AlertStateStore {
  readonly description: string;
  load(): Promise<EngineState>;
  save(state: EngineState): Promise<void>;
  /** True when this process may evaluate and deliver (acquires or renews the lock). */
  lead(): Promise<boolean>;
  close(): Promise<void>;
}

export class MemoryStateStore implements AlertStateStore {
  readonly description = 'memory';
  private state: EngineState = emptyState();

  async load(): Promise<EngineState> {
    return this.state;
  }

  async save(state: EngineState): Promise<void> {
    this.state = state;
  }

  async lead(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}

export class FileStateStore implements AlertStateStore {
  readonly description: string;

  constructor(private readonly file: string) {
    this.description = `file ${file}`;
  }

  async load(): Promise<EngineState> {
    try {
      return restoreState(JSON.parse(await fs.readFile(this.file, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
      throw err;
    }
  }

  async save(state: EngineState): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    // Write then rename: a crash mid-write never leaves a torn state file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(state));
    await fs.rename(tmp, this.file);
  }

  async lead(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}

export class RedisStateStore implements AlertStateStore {
  readonly description: string;
  private readonly redis: RedisClient;
  private readonly stateKey: string;
  private readonly lease: RedisLease;

  /** `lockTtlMs`: a leader that stops renewing (crashed) is replaced after this long. */
  constructor(url: RedisTarget, prefix: string, lockTtlMs: number, logger: Logger = silentLogger) {
    // Through createRedis: an 'error' listener is always attached (ioredis printed raw stack traces
    // on stderr without one), and the outage is logged once as a structured line.
    this.redis = createRedis(url, { logger, role: 'alert-state', maxRetriesPerRequest: 2, lazyConnect: true });
    this.stateKey = `${prefix}:alerts:state`;
    this.lease = new RedisLease(this.redis, `${prefix}:alerts:leader`, lockTtlMs);
    this.description = `redis ${prefix}:alerts:*`;
  }

  async load(): Promise<EngineState> {
    const raw = await this.redis.get(this.stateKey);
    return raw ? restoreState(JSON.parse(raw)) : emptyState();
  }

  async save(state: EngineState): Promise<void> {
    this.ensureReachable();
    await this.redis.set(this.stateKey, JSON.stringify(state));
  }

  async lead(): Promise<boolean> {
    this.ensureReachable();
    return this.lease.hold();
  }

  async close(): Promise<void> {
    try {
      // With Redis away the lock expires by itself; waiting for the release would hold up shutdown.
      if (this.redis.status === 'ready') await this.lease.release();
    } finally {
      await closeRedis(this.redis);
    }
  }

  /** While Redis is away, fail at once rather than wait out the reconnect attempts. */
  private ensureReachable(): void {
    if (inOutage(this.redis)) throw new Error('redis unreachable');
  }
}
