/**
 * What the daemon is composed of, behind one seam: the default wiring uses the real queue,
 * result store, planner, job handler, probes and lab; tests swap single parts.
 */
import type { Alerting } from '../alerts/service';
import type { AlertStateStore } from '../alerts/state-store';
import type { RuntimeConfig } from '../config/types';
import type { DeviceTarget } from '../inventory/types';
import type { Logger } from '../log';
import type { SelfMetrics } from '../metrics/self';
import type { ResultStore } from '../metrics/store';
import type { Probe } from '../probes/types';
import type { JobHandler, JobQueue, Schedule } from '../queue/types';

export interface HandlerDeps {
  /** The devices of the config in force; read per job, so a reload applies to the next run. */
  devices: () => readonly DeviceTarget[];
  probes: readonly Probe[];
  store: ResultStore;
  logger: Logger;
  selfMetrics: SelfMetrics;
  /** hostname:pid, stored with each result. */
  workerId: string;
}

export interface Closable {
  close(): Promise<void>;
}

export interface DaemonParts {
  createQueue(config: RuntimeConfig, logger: Logger): Promise<JobQueue> | JobQueue;
  createStore(config: RuntimeConfig, logger: Logger): Promise<ResultStore> | ResultStore;
  plan(config: RuntimeConfig, probes: Probe[]): Schedule[];
  createHandler(deps: HandlerDeps): JobHandler;
  createProbes(deps: { logger: Logger; selfMetrics: SelfMetrics; config?: RuntimeConfig }): Probe[];
  /** The alert evaluator and Alertmanager client (scheduler role); reads every worker's results from `store`. */
  createAlerting(config: RuntimeConfig, deps: { logger: Logger; selfMetrics: SelfMetrics; store: ResultStore; stateStore?: AlertStateStore }): Alerting;
  /** Starts the bundled lab when the config enables it. */
  startLab(config: RuntimeConfig, logger: Logger): Promise<Closable | undefined>;
}
