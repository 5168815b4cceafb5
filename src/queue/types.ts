/**
 * The queue contract shared by the in-process queue (queue/in-process.ts) and BullMQ
 * (queue/bullmq.ts, the only file that imports bullmq). The scheduler owns *what* is scheduled;
 * the queue owns *when* jobs become due and which worker runs them.
 *
 * Semantics both implementations guarantee (test/integration/queue-scheduling.test.ts):
 * - a schedule first fires at the next slot `k × everyMs + offsetMs`, then every `everyMs`;
 * - no overlap: while a run of a schedule is active (or waiting for a worker), its next tick is
 *   skipped, never queued a second time;
 * - at most `concurrency` handlers run at once per worker process, and a schedule's group (its
 *   client) at most `groupShare` of them while another group has work (fair.ts);
 * - a run is aborted (signal reason `timeout`) after `timeoutMs`, and abandoned if the handler
 *   ignores the signal for `lockMarginMs` more; where timeout + margin fit in the interval, a run
 *   that starts late gets only the time left before the next slot less the margin, and is skipped
 *   when that is under half its timeout (policy.ts runBudgetMs);
 * - `{ retry: true }` is honoured only when `job.canRetry`: attempts left and the retry fits in
 *   the interval (backoff + another full `timeoutMs` before the next tick);
 * - close(grace): no new jobs; running ones get `graceMs` to finish, then are aborted (signal
 *   reason `shutdown`) and handed back to the queue (BullMQ) or dropped (in-process).
 */

/**
 * One repeating probe of one device. `id` is stable: `${device}:${probe}`. The queue treats the
 * probe kind as an opaque name; the scheduler and the job handler give it meaning.
 */
export interface Schedule {
  id: string;
  device: string;
  probe: string;
  /** Period between runs. */
  everyMs: number;
  /** Phase within the period, so devices spread over the interval instead of all firing at :00. */
  offsetMs: number;
  /** A run that takes longer than this is abandoned (and counted as failed). */
  timeoutMs: number;
  /**
   * Whose it is (the client): a worker shares its slots fairly between groups (fair.ts). Absent:
   * never capped.
   */
  group?: string;
}

/** What a worker receives. */
export interface ProbeJob {
  scheduleId: string;
  device: string;
  probe: string;
  /** When the run was due (ms since epoch): schedule lag = start − due. */
  dueAtMs: number;
  /** 1 for the first try, 2+ for retries of transient failures. */
  attempt: number;
  /**
   * True when the queue will honour `{ retry: true }` for this attempt. When false this attempt
   * is final: the handler must record its result whatever it is.
   */
  canRetry: boolean;
}

export interface WorkerOptions {
  concurrency: number;
  /** Share of the slots one group may hold while another has work (0 < share ≤ 1; absent or 1: no cap). */
  groupShare?: number;
}

export interface SyncReport {
  added: string[];
  removed: string[];
  changed: string[];
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

/** Handler outcome: `retry` asks for another try with backoff (transient failures only). */
export type JobOutcome = { retry: false } | { retry: true; reason: string };

/**
 * Runs one job. `signal` is aborted with a `QueueAbort` reason (see abortCause) on timeout or
 * shutdown. Should not throw; a throw is logged and the job counted as failed, not retried.
 */
export type JobHandler = (job: ProbeJob, signal: AbortSignal) => Promise<JobOutcome>;

export interface JobQueue {
  /** Which implementation, for the start-up log: "in-process" or "bullmq redis://host:port". */
  readonly description: string;
  /** Make the stored schedules exactly `schedules` (add, remove, update changed ones). */
  syncSchedules(schedules: Schedule[]): Promise<SyncReport>;
  listSchedules(): Promise<Schedule[]>;
  /** Start consuming jobs; at most `concurrency` handlers run at once in this process. */
  startWorker(handler: JobHandler, options: WorkerOptions): Promise<void>;
  /** Job counts by state, for self-metrics. */
  counts(): Promise<Record<JobState, number>>;
  /** Workers currently connected (this process only for the in-process queue). */
  workerCount(): Promise<number>;
  /** Readiness: the backend is reachable. */
  ping(): Promise<boolean>;
  /**
   * True while this process is the one that writes the schedules. Several schedulers over one
   * Redis elect one (bullmq.ts); the in-process queue has only itself.
   */
  isLeader(): boolean;
  /** Stop taking jobs, let running ones finish (or hand them back after `graceMs`), close connections. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Why a due run was not made: `late` — it could no longer get half its deadline before the next
 * slot (a backlog, or a dead worker's job recovered too late); `busy` — the previous run of the
 * schedule was still going.
 */
export type SkipReason = 'late' | 'busy';

/** Told of every run a queue skips, so it shows as a metric (quarkpulse_queue_skipped_runs_total). */
export type SkipListener = (reason: SkipReason, probe: string) => void;

/** Retry and lock tuning shared by both implementations. */
export interface QueueTuning {
  /** Attempts per run, first one included (1 = never retry). */
  maxAttempts: number;
  /** Backoff before retry n (n = 1, 2, …) is `backoffMs × 2^(n−1)`. */
  backoffMs: number;
  /** After `timeoutMs` a handler that ignores its signal gets this much longer before it is abandoned. */
  lockMarginMs: number;
}

export const DEFAULT_TUNING: QueueTuning = { maxAttempts: 3, backoffMs: 1_000, lockMarginMs: 2_000 };

/** Default grace for close(): running probes get this long to finish before being handed back. */
export const DEFAULT_CLOSE_GRACE_MS = 5_000;
