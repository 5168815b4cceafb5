/**
 * Where the alert state lives between restarts, and who may evaluate: a JSON file for a single
 * process, Redis (state + a leader lock) when several `run` processes share one Redis, so exactly
 * one of them evaluates and pages.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { silentLogger, type Logger } from '../log';
import { closeRedis, createRedis, inOutage } from '../queue/redis';
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

const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisStateStore implements AlertStateStore {
  readonly description: string;
  private readonly redis: Redis;
  private readonly token = randomUUID();
  private readonly stateKey: string;
  private readonly lockKey: string;

  /** `lockTtlMs`: a leader that stops renewing (crashed) is replaced after this long. */
  constructor(url: string, prefix: string, private readonly lockTtlMs: number, logger: Logger = silentLogger) {
    // Through createRedis: an 'error' listener is always attached (ioredis printed raw stack traces
    // on stderr without one), and the outage is logged once as a structured line.
    this.redis = createRedis(url, { logger, role: 'alert-state', maxRetriesPerRequest: 2, lazyConnect: true });
    this.stateKey = `${prefix}:alerts:state`;
    this.lockKey = `${prefix}:alerts:leader`;
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
    const renewed = await this.redis.eval(RENEW_SCRIPT, 1, this.lockKey, this.token, String(this.lockTtlMs));
    if (renewed === 1) return true;
    const got = await this.redis.set(this.lockKey, this.token, 'PX', this.lockTtlMs, 'NX');
    return got === 'OK';
  }

  async close(): Promise<void> {
    try {
      // With Redis away the lock expires by itself; waiting for the release would hold up shutdown.
      if (this.redis.status === 'ready') await this.redis.eval(RELEASE_SCRIPT, 1, this.lockKey, this.token);
    } finally {
      await closeRedis(this.redis);
    }
  }

  /** While Redis is away, fail at once rather than wait out the reconnect attempts. */
  private ensureReachable(): void {
    if (inOutage(this.redis)) throw new Error('redis unreachable');
  }
}
