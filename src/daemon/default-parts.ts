/** The real parts: queue and store chosen by the config (BullMQ + Redis, or in-process + memory). */
import { createAlerting } from '../alerts/service';
import { builtinProbeRegistry } from '../probes/registry';
import { createQueue } from '../queue/create';
import { createResultStore } from '../results/create';
import { createJobHandler } from '../scheduler/job-handler';
import { startLabIfConfigured } from '../simulate/lab';
import type { DaemonParts } from './parts';

export const defaultParts: DaemonParts = {
  probes: builtinProbeRegistry,
  createQueue: (config, logger) => createQueue(config.queue, { logger }),
  createStore: (config, logger) => createResultStore(config.queue, { logger }),
  createHandler: (deps) => createJobHandler(deps),
  createAlerting: (config, deps) => createAlerting(config, deps),
  startLab: (config, logger) => startLabIfConfigured(config, logger),
};
