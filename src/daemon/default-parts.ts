/** The real parts: queue and store chosen by the config (BullMQ + Redis, or in-process + memory). */
import { createAlerting } from '../alerts/service';
import { createProbes } from '../probes';
import { createQueue, createResultStore, createSnmpSizeMemory } from '../queue/create';
import { planSchedules } from '../scheduler/plan';
import { createJobHandler } from '../scheduler/worker';
import { startLabIfConfigured } from '../simulate/lab';
import type { DaemonParts } from './parts';

export const defaultParts: DaemonParts = {
  createQueue: (config, logger) => createQueue(config.queue, { logger }),
  createStore: (config, logger) => createResultStore(config.queue, { logger }),
  plan: (config) => planSchedules(config.devices),
  createHandler: (deps) => createJobHandler(deps),
  createProbes: (deps) => createProbes({ ...deps, snmpSizes: deps.config && createSnmpSizeMemory(deps.config.queue, deps) }),
  createAlerting: (config, deps) => createAlerting(config, deps),
  startLab: (config, logger) => startLabIfConfigured(config, logger),
};
