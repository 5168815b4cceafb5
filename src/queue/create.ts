/**
 * Picks the queue and the result store from the config: BullMQ and Redis when `queue.redis`
 * (or REDIS_URL, already merged by loadConfig) is set, else the in-process queue and memory.
 */
import type { RuntimeConfig } from '../config/types';
import type { Logger } from '../log';
import { MemoryResultStore, type ResultStore } from '../metrics/store';
import { BullmqQueue, type BullmqQueueOptions } from './bullmq';
import { InProcessQueue } from './in-process';
import { RedisResultStore } from './redis-store';
import { RedisSizeMemory } from './redis-size-memory';
import { MemorySizeMemory, type SnmpSizeMemory } from '../probes/snmp/size-memory';
import type { JobQueue, QueueTuning } from './types';

export interface QueueDeps {
  logger: Logger;
  tuning?: Partial<QueueTuning>;
  /** BullMQ only: lock/stall timing, resync check period, worker id (default hostname:pid). */
  bullmq?: Pick<BullmqQueueOptions, 'lockDurationMs' | 'stalledIntervalMs' | 'resyncCheckMs' | 'workerId'>;
}

export function createQueue(config: RuntimeConfig['queue'], deps: QueueDeps): JobQueue {
  if (config.redis) {
    return new BullmqQueue({ url: config.redis, prefix: config.prefix, logger: deps.logger, tuning: deps.tuning, ...deps.bullmq });
  }
  return new InProcessQueue({ logger: deps.logger, tuning: deps.tuning });
}

/** Where SNMP request sizes are remembered: Redis when workers share it, else this process. */
export function createSnmpSizeMemory(config: RuntimeConfig['queue'], deps: { logger: Logger }): SnmpSizeMemory {
  if (config.redis) return new RedisSizeMemory({ url: config.redis, prefix: config.prefix, logger: deps.logger });
  return new MemorySizeMemory();
}

export function createResultStore(config: RuntimeConfig['queue'], deps: { logger: Logger }): ResultStore {
  if (config.redis) return new RedisResultStore({ url: config.redis, prefix: config.prefix, logger: deps.logger });
  return new MemoryResultStore();
}
