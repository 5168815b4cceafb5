/**
 * Picks the queue from the config: BullMQ when `queue.redis` (or REDIS_URL, already merged by
 * loadConfig) is set, else the in-process queue.
 */
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { Logger } from '../log';
import { BullmqQueue, type BullmqQueueOptions } from './bullmq';
import { InProcessQueue } from './in-process';
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
