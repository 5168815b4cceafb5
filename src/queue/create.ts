/**
 * Picks the queue from the config: BullMQ when `queue.redis` (or REDIS_URL, already merged by
 * loadConfig) is set, else the in-process queue.
 */
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { Logger } from '../log';
import { BullmqQueue, type BullmqQueueOptions } from './bullmq';
import { InProcessQueue } from './in-process';
import type { JobQueue, QueueTuning, SkipListener } from './types';

export interface QueueDeps {
  logger: Logger;
  tuning?: Partial<QueueTuning>;
  /** Told of every skipped run (self-metric). */
  onSkip?: SkipListener;
  /** BullMQ only: lock/stall timing, resync check period, worker id (default hostname:pid), the schedule writer's lease TTL. */
  bullmq?: Pick<BullmqQueueOptions, 'lockDurationMs' | 'stalledIntervalMs' | 'resyncCheckMs' | 'workerId' | 'leaderTtlMs'>;
}

export function createQueue(config: RuntimeConfig['queue'], deps: QueueDeps): JobQueue {
  if (config.redis) {
    return new BullmqQueue({ url: config.redis, prefix: config.prefix, leaderTtlMs: config.leaderTtlMs, logger: deps.logger, tuning: deps.tuning, onSkip: deps.onSkip, ...deps.bullmq });
  }
  return new InProcessQueue({ logger: deps.logger, tuning: deps.tuning, onSkip: deps.onSkip });
}
