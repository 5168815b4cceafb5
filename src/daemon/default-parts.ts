/** The real parts: queue and store chosen by the config (BullMQ + Redis, or in-process + memory). */
import { createAlerting } from '../alerts/service';
import { builtinProbeRegistry } from '../probes/registry';
import { createQueue } from '../queue/create';
import { recoveryTiming } from '../queue/policy';
import { DEFAULT_TUNING } from '../queue/types';
import { planSchedules } from '../scheduler/schedules';
import { createResultStore } from '../results/create';
import { createJobHandler } from '../scheduler/job-handler';
import { startLabIfConfigured } from '../simulate/lab';
import type { DaemonParts } from './parts';

export const defaultParts: DaemonParts = {
  probes: builtinProbeRegistry,
  // Lock and stalled check fit the tightest schedule, so a dead worker's job runs again in its slot.
  createQueue: (config, logger, hooks) =>
    createQueue(config.queue, { logger, onSkip: hooks?.onSkip, bullmq: recoveryTiming(DEFAULT_TUNING, planSchedules(config.devices, builtinProbeRegistry)) }),
  createStore: (config, logger, reads) => createResultStore(config.queue, { logger, keepSamples: reads }),
  createHandler: (deps) => createJobHandler(deps),
  createAlerting: (config, deps) => createAlerting(config, deps),
  startLab: (config, logger) => startLabIfConfigured(config, logger),
};
