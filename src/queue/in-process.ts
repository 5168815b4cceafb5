/**
 * The queue without Redis: one timer per schedule, a FIFO of due jobs and at most `concurrency`
 * handlers at once. Same semantics as the BullMQ queue (see types.ts), so `quarkpulse run`
 * behaves the same with and without REDIS_URL; only nothing survives a restart.
 */
import type { Logger } from '../log';
import { settlesWithin } from '../util/timeout';
import { timerAt, timerDelayMs, type LongTimer } from '../util/timer';
import { backoffMs, nextDueMs, planRun, QueueAbort } from './policy';
import { GroupSlots } from './fair';
import { errorMessage, runWithDeadline } from './run-job';
import {
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_TUNING,
  type JobHandler,
  type JobQueue,
  type JobState,
  type ProbeJob,
  type QueueTuning,
  type Schedule,
  type SkipListener,
  type SyncReport,
  type WorkerOptions,
} from './types';

/** How soon a worker whose waiting jobs were all held back by their clients' shares looks again. */
const REPUMP_MS = 1_000;

export interface InProcessQueueOptions {
  logger: Logger;
  tuning?: Partial<QueueTuning>;
  onSkip?: SkipListener;
}

interface ScheduleState {
  schedule: Schedule;
  timer?: LongTimer;
  /** A run is waiting, active or backing off before a retry: the next tick is skipped. */
  busy: boolean;
  removed: boolean;
}

interface Entry {
  job: ProbeJob;
  state: ScheduleState;
}

export class InProcessQueue implements JobQueue {
  readonly description = 'in-process';
  private readonly tuning: QueueTuning;
  private readonly logger: Logger;
  private readonly states = new Map<string, ScheduleState>();
  private readonly waiting: Entry[] = [];
  private readonly active = new Map<AbortController, Promise<void>>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private handler?: JobHandler;
  private concurrency = 1;
  private slots?: GroupSlots;
  private repumpTimer?: NodeJS.Timeout;
  private closing = false;
  private completed = 0;
  private failed = 0;
  /** Ticks skipped because the previous run of the schedule was still busy. */
  skippedTicks = 0;
  /** Runs skipped because they started too late to finish before their schedule's next run. */
  skippedLate = 0;

  private readonly onSkip?: SkipListener;

  constructor(options: InProcessQueueOptions) {
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.onSkip = options.onSkip;
    this.logger = options.logger.child({ queue: 'in-process' });
  }

  async syncSchedules(schedules: Schedule[]): Promise<SyncReport> {
    const report: SyncReport = { added: [], removed: [], changed: [] };
    if (this.closing) return report;
    const wanted = new Map(schedules.map((s) => [s.id, s]));
    for (const [id, state] of this.states) {
      if (wanted.has(id)) continue;
      state.timer?.clear();
      state.removed = true;
      this.states.delete(id);
      report.removed.push(id);
    }
    // Pending runs of removed schedules go too; active ones finish (the handler skips gone devices).
    for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i].state.removed) this.waiting.splice(i, 1);
    for (const schedule of wanted.values()) {
      const state = this.states.get(schedule.id);
      if (!state) {
        const fresh: ScheduleState = { schedule, busy: false, removed: false };
        this.states.set(schedule.id, fresh);
        this.arm(fresh, Date.now());
        report.added.push(schedule.id);
      } else if (!sameSchedule(state.schedule, schedule)) {
        state.timer?.clear();
        state.schedule = schedule;
        this.arm(state, Date.now());
        report.changed.push(schedule.id);
      }
    }
    for (const list of Object.values(report)) list.sort();
    return report;
  }

  async listSchedules(): Promise<Schedule[]> {
    return [...this.states.values()].map((s) => s.schedule);
  }

  async startWorker(handler: JobHandler, options: WorkerOptions): Promise<void> {
    if (this.handler) throw new Error('worker already started');
    this.handler = handler;
    this.concurrency = Math.max(1, options.concurrency);
    if (options.groupShare !== undefined && options.groupShare < 1) this.slots = new GroupSlots(this.concurrency, options.groupShare);
    this.pump();
  }

  async counts(): Promise<Record<JobState, number>> {
    return {
      waiting: this.waiting.length,
      active: this.active.size,
      // Like BullMQ: every schedule has its next run pending, plus the retries backing off.
      delayed: this.states.size + this.retryTimers.size,
      completed: this.completed,
      failed: this.failed,
    };
  }

  async workerCount(): Promise<number> {
    return this.handler && !this.closing ? 1 : 0;
  }

  isLeader(): boolean {
    return true;
  }

  async ping(): Promise<boolean> {
    return !this.closing;
  }

  async close(graceMs = DEFAULT_CLOSE_GRACE_MS): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const state of this.states.values()) state.timer?.clear();
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    if (this.repumpTimer) clearTimeout(this.repumpTimer);
    this.waiting.length = 0;
    const running = () => Promise.all(this.active.values());
    await settlesWithin(running(), graceMs);
    if (this.active.size > 0) {
      this.logger.warn({ running: this.active.size }, 'grace period over; aborting running jobs');
      for (const controller of this.active.keys()) controller.abort(new QueueAbort('shutdown'));
      // runWithDeadline abandons handlers that ignore the abort after lockMarginMs.
      await running();
    }
  }

  private arm(state: ScheduleState, fromMs: number): void {
    const { everyMs, offsetMs } = state.schedule;
    const due = nextDueMs(fromMs, everyMs, offsetMs);
    // timerAt, not setTimeout: a delay past ~24.8 days would overflow and fire after 1 ms, over and over.
    state.timer = timerAt(due, () => this.tick(state, due));
  }

  private tick(state: ScheduleState, dueAtMs: number): void {
    if (this.closing || state.removed) return;
    // Timers may fire a millisecond early: arm from the due time, never from "now" alone.
    this.arm(state, Math.max(Date.now(), dueAtMs));
    if (state.busy) {
      this.skippedTicks++;
      this.onSkip?.('busy', state.schedule.probe);
      this.logger.debug({ schedule: state.schedule.id }, 'previous run still busy; tick skipped');
      return;
    }
    state.busy = true;
    this.slots?.seen(state.schedule.group, Date.now());
    const { id, device, probe } = state.schedule;
    this.waiting.push({ state, job: { scheduleId: id, device, probe, dueAtMs, attempt: 1, canRetry: false } });
    this.pump();
  }

  private pump(): void {
    while (this.handler && !this.closing && this.active.size < this.concurrency && this.waiting.length > 0) {
      const next = this.nextIndex();
      if (next < 0) {
        // Every waiting job's client holds its share while another has work: the free slots stay
        // for the others. Look again when time may have lifted that (no other client for a while).
        this.repumpTimer ??= setTimeout(() => {
          this.repumpTimer = undefined;
          this.pump();
        }, REPUMP_MS).unref();
        return;
      }
      const [entry] = this.waiting.splice(next, 1);
      if (entry) this.start(this.handler, entry);
    }
  }

  /** The oldest waiting job its client's share lets start (queue/fair.ts); -1: none. */
  private nextIndex(): number {
    const slots = this.slots;
    if (!slots) return 0;
    const now = Date.now();
    // Each client decided once per pick: thousands of one capped client's jobs may wait.
    const decided = new Map<string | undefined, boolean>();
    for (let i = 0; i < this.waiting.length; i++) {
      const group = this.waiting[i].state.schedule.group;
      let may = decided.get(group);
      if (may === undefined) decided.set(group, (may = slots.mayStart(group, now)));
      if (may) return i;
    }
    return -1;
  }

  private start(handler: JobHandler, entry: Entry): void {
    const controller = new AbortController();
    const { group } = entry.state.schedule;
    const startedAtMs = Date.now();
    this.slots?.started(group);
    const done = this.run(handler, entry, controller)
      .catch((err: unknown) => this.logger.error({ err: errorMessage(err) }, 'job bookkeeping failed'))
      .finally(() => {
        this.slots?.finished(group, Date.now() - startedAtMs);
        this.active.delete(controller);
        this.pump();
      });
    this.active.set(controller, done);
  }

  private async run(handler: JobHandler, entry: Entry, controller: AbortController): Promise<void> {
    const { state } = entry;
    const { schedule } = state;
    const startedAtMs = Date.now();
    // Built only for the rare lines below, not on every run.
    const log = () => this.logger.child({ schedule: schedule.id, attempt: entry.job.attempt });
    // Same plan as the BullMQ queue, so a late run behaves the same with and without Redis
    // (no lock here: `busy` already keeps a schedule's runs apart).
    const plan = planRun(this.tuning, entry.job, schedule, startedAtMs);
    if (!plan) {
      state.busy = false;
      this.skippedLate++;
      this.onSkip?.('late', schedule.probe);
      log().debug({ lagMs: startedAtMs - entry.job.dueAtMs }, 'too late to start before the next run is due; job skipped');
      return;
    }
    const { budgetMs } = plan;
    const job: ProbeJob = { ...entry.job, canRetry: plan.canRetry };
    const end = await runWithDeadline(handler, job, controller, budgetMs, this.tuning.lockMarginMs);
    if (end.kind === 'done' && end.outcome.retry && job.canRetry && !this.closing && !state.removed) {
      const delay = backoffMs(this.tuning, job.attempt);
      log().debug({ reason: end.outcome.reason, delay }, 'retrying after backoff');
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        if (this.closing || state.removed) return;
        this.waiting.push({ state, job: { ...job, attempt: job.attempt + 1, canRetry: false } });
        this.pump();
      }, timerDelayMs(delay));
      this.retryTimers.add(timer);
      return;
    }
    state.busy = false;
    if (end.kind === 'done') {
      this.completed++;
    } else {
      this.failed++;
      if (end.kind === 'threw') log().error({ err: errorMessage(end.error) }, 'job handler threw');
      else log().warn({ timeoutMs: budgetMs }, 'job handler ignored its abort; abandoned');
    }
  }
}

export function sameSchedule(a: Schedule, b: Schedule): boolean {
  return (
    a.id === b.id &&
    a.device === b.device &&
    a.probe === b.probe &&
    a.everyMs === b.everyMs &&
    a.offsetMs === b.offsetMs &&
    a.timeoutMs === b.timeoutMs &&
    a.group === b.group
  );
}
