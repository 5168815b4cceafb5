import type { ProbeKind } from '../probes/types';

/**
 * The queue contract shared by the in-process queue (queue/in-process.ts) and BullMQ
 * (queue/bullmq.ts, the only file that imports bullmq). The scheduler owns *what* is scheduled;
 * the queue owns *when* jobs become due and which worker runs them.
 */

/** One repeating probe of one device. `id` is stable: `${device}:${probe}`. */
export interface Schedule {
  id: string;
  device: string;
  probe: ProbeKind;
  /** Period between runs. */
  everyMs: number;
  /** Phase within the period, so devices spread over the interval instead of all firing at :00. */
  offsetMs: number;
  /** A run that takes longer than this is abandoned (and counted as failed). */
  timeoutMs: number;
}

/** What a worker receives. */
export interface ProbeJob {
  scheduleId: string;
  device: string;
  probe: ProbeKind;
  /** When the run was due (ms since epoch): schedule lag = start − due. */
  dueAtMs: number;
  /** 1 for the first try, 2+ for retries of transient failures. */
  attempt: number;
}

export interface SyncReport {
  added: string[];
  removed: string[];
  changed: string[];
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

/** Handler outcome: `retry` asks for another try with backoff (transient failures only). */
export type JobOutcome = { retry: false } | { retry: true; reason: string };

export type JobHandler = (job: ProbeJob, signal: AbortSignal) => Promise<JobOutcome>;

export interface JobQueue {
  /** Which implementation, for the start-up log: "in-process" or "bullmq redis://host:port". */
  readonly description: string;
  /** Make the stored schedules exactly `schedules` (add, remove, update changed ones). */
  syncSchedules(schedules: Schedule[]): Promise<SyncReport>;
  listSchedules(): Promise<Schedule[]>;
  /** Start consuming jobs; at most `concurrency` handlers run at once in this process. */
  startWorker(handler: JobHandler, options: { concurrency: number }): Promise<void>;
  /** Job counts by state, for self-metrics. */
  counts(): Promise<Record<JobState, number>>;
  /** Workers currently connected (this process only for the in-process queue). */
  workerCount(): Promise<number>;
  /** Readiness: the backend is reachable. */
  ping(): Promise<boolean>;
  /** Stop taking jobs, let running ones finish (or hand them back after `graceMs`), close connections. */
  close(graceMs?: number): Promise<void>;
}
