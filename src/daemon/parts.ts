/**
 * What the daemon is composed of, behind one seam: the default wiring uses the real queue,
 * result store, job handler, probe registry and lab; tests swap single parts (a registry with a
 * stand-in probe kind, say).
 */
import type { Alerting } from '../alerts/service';
import type { AlertStateStore } from '../alerts/state-store';
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { Logger } from '../log';
import type { SelfMetrics } from '../metrics/self';
import type { ProbeRegistry } from '../probes/registry';
import type { JobQueue } from '../queue/types';
import type { DeviceSeriesSource } from '../results/device-series';
import type { ResultStore } from '../results/store';
import type { JobHandlerDeps } from '../scheduler/job-handler';
import type { JobHandler, SkipListener } from '../queue/types';

export type HandlerDeps = Required<Omit<JobHandlerDeps, 'runProbe' | 'configs'>> & Pick<JobHandlerDeps, 'configs'>;

/** What the daemon wants to hear from its queue. */
export interface QueueHooks {
  onSkip?: SkipListener;
}

export interface Closable {
  close(): Promise<void>;
}

export interface DaemonParts {
  /** The probe kinds: what is scheduled, how it runs, what counts for availability. */
  probes: ProbeRegistry;
  createQueue(config: RuntimeConfig, logger: Logger, hooks?: QueueHooks): Promise<JobQueue> | JobQueue;
  /** `reads`: the metrics whose samples this process's all() must give (a store may leave out the rest). */
  createStore(config: RuntimeConfig, logger: Logger, reads?: () => ReadonlySet<string>): Promise<ResultStore> | ResultStore;
  createHandler(deps: HandlerDeps): JobHandler;
  /** The alert evaluator and Alertmanager client (scheduler role); reads every worker's results from `store`. */
  createAlerting(
    config: RuntimeConfig,
    deps: { logger: Logger; selfMetrics: SelfMetrics; store: ResultStore; probes: ProbeRegistry; stateStore?: AlertStateStore; extraSeries?: DeviceSeriesSource },
  ): Alerting;
  /** Starts the bundled lab when the config enables it. */
  startLab(config: RuntimeConfig, logger: Logger): Promise<Closable | undefined>;
}
