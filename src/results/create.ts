/** Picks the result store from the config: Redis when `queue.redis` is set, else memory. */
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { Logger } from '../log';
import { RedisResultStore } from './redis-store';
import { MemoryResultStore, type ResultStore } from './store';

export function createResultStore(config: RuntimeConfig['queue'], deps: { logger: Logger; keepSamples?: () => ReadonlySet<string> }): ResultStore {
  if (config.redis) return new RedisResultStore({ url: config.redis, prefix: config.prefix, logger: deps.logger, keepSamples: deps.keepSamples });
  return new MemoryResultStore();
}
