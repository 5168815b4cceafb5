/**
 * The queue over Redis with BullMQ — the only file that imports bullmq.
 *
 * One BullMQ Job Scheduler per schedule (`upsertJobScheduler(id, { every, offset, startDate })`):
 * BullMQ keeps exactly one pending job per scheduler and creates the next one when a worker
 * starts the current one, so a backlog never piles up. Because the next job exists while the
 * current one runs, a late run could still overlap the next. Where a run fits in its interval
 * (timeout + margin ≤ interval: every schedule the daemon plans) a late run is given only the
 * time left before the next slot, or skipped (policy.ts runBudgetMs) — no Redis lock needed.
 * Otherwise a per-schedule lock in Redis (SET NX PX timeout+margin, value = job id) makes the
 * later run skip instead. A worker killed mid-job leaves its job to BullMQ's stalled check, which
 * re-queues it (it is then too late and skipped); the schedule's next job runs on time on
 * another worker.
 *
 * Several scheduler processes may share one Redis (for availability): they elect one leader
 * (lease.ts) and only the leader writes the schedules — syncs, resyncs after a Redis restart and
 * the periodic check. A follower keeps the config it was given and applies it when it takes
 * over, within the lease's TTL of the leader's death. Two schedulers with different configs (a
 * reload reached one first) therefore never take turns rewriting each other's schedules.
 *
 * Redis may be one server, a Sentinel-watched master or a Cluster (config/redis-target.ts). In a
 * Cluster the prefix is a hash tag (`{quarkpulse}`), so BullMQ's keys and ours share one slot.
 */
import { hostname } from 'node:os';
import { DelayedError, Queue, UnrecoverableError, WaitingError, Worker, type ConnectionOptions, type Job, type JobSchedulerJson, type RedisOptions as BullRedisOptions } from 'bullmq';
import { describeRedisTarget, isCluster, isSentinel, type RedisTarget } from '../config/redis-target';
import type { Logger } from '../log';
import { settlesWithin, withTimeout } from '../util/timeout';
import { GroupSlots } from './fair';
import { sameSchedule } from './in-process';
import { abortCause, DEFAULT_RECOVERY, planRun, QueueAbort } from './policy';
import { LeaderElection } from './lease';
import { closeRedis, createRedis, inOutage, LuaScript, reconnectDelayMs, sentinelOptions, type RedisClient } from './redis';
import { errorMessage, runWithDeadline, SHUTDOWN_MARGIN_MS } from './run-job';
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

export const QUEUE_NAME = 'probes';

export interface BullmqQueueOptions {
  /** redis://[user:pass@]host:port[/db], or a Sentinel or Cluster target. */
  url: RedisTarget;
  /** Key prefix; every key lives under `${prefix}:`. */
  prefix: string;
  logger: Logger;
  tuning?: Partial<QueueTuning>;
  /**
   * BullMQ job lock: renewed every lockDuration/2 while a job runs; a killed worker's job is
   * re-queued by another worker's stalled check within lockDuration + stalledInterval.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How often the scheduler side checks that Redis still holds every schedule (lost on a Redis restart without persistence). */
  resyncCheckMs?: number;
  /** Defaults to hostname:pid. */
  workerId?: string;
  /** The schedule writer's lease: a dead leader is replaced by another scheduler after this long (default 15 s). */
  leaderTtlMs?: number;
  onSkip?: SkipListener;
}

/** What each scheduler's job template carries, so a worker needs no config to time a job. */
interface JobData {
  scheduleId: string;
  device: string;
  probe: string;
  everyMs: number;
  offsetMs: number;
  timeoutMs: number;
  /** The schedule's group (client), for fair shares of a worker's slots; absent in jobs of older versions. */
  group?: string;
}

function parseJobData(v: unknown): JobData | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const num = (k: string) => (typeof r[k] === 'number' && Number.isFinite(r[k]) ? (r[k] as number) : undefined);
  const everyMs = num('everyMs');
  const offsetMs = num('offsetMs');
  const timeoutMs = num('timeoutMs');
  if (typeof r.scheduleId !== 'string' || typeof r.device !== 'string' || typeof r.probe !== 'string' || r.probe.length === 0) return undefined;
  if (everyMs === undefined || offsetMs === undefined || timeoutMs === undefined) return undefined;
  const data: JobData = { scheduleId: r.scheduleId, device: r.device, probe: r.probe, everyMs, offsetMs, timeoutMs };
  if (typeof r.group === 'string') data.group = r.group;
  return data;
}

function toSchedule(d: JobData): Schedule {
  const s: Schedule = { id: d.scheduleId, device: d.device, probe: d.probe, everyMs: d.everyMs, offsetMs: d.offsetMs, timeoutMs: d.timeoutMs };
  if (d.group !== undefined) s.group = d.group;
  return s;
}

/** Scheduler job ids are `repeat:<scheduler id>:<due ms>`. */
export function dueFromJobId(id: string | undefined): number | undefined {
  const m = id ? /:(\d+)$/.exec(id) : null;
  return m ? Number(m[1]) : undefined;
}

// Take the lock if free or already ours (the same job re-run after a stall); release only our own.
const ACQUIRE = new LuaScript(`local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`);
const RELEASE = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

export class BullmqQueue implements JobQueue {
  readonly description: string;
  readonly workerId: string;
  private readonly tuning: QueueTuning;
  private readonly logger: Logger;
  private readonly redis: RedisClient;
  /** In a Cluster, the one Cluster client BullMQ's Queue and Worker share (it has no options form). */
  private readonly bullCluster?: RedisClient;
  /** Created by the first syncSchedules: only scheduler processes stand for election. */
  private election?: LeaderElection;
  private readonly queue: Queue<JobData, void, string>;
  private worker?: Worker<JobData, void, string>;
  private slots?: GroupSlots;
  /** Jobs this worker runs: their controller and the promise that settles when the handler is done. */
  private readonly running = new Map<AbortController, Promise<unknown>>();
  private desired?: Schedule[];
  private syncing: Promise<unknown> = Promise.resolve();
  private resyncTimer?: NodeJS.Timeout;
  private closing = false;
  private readonly errorsSeen = new Map<string, number>();
  /** Jobs skipped because the previous run of their schedule still held the lock. */
  skippedOverlaps = 0;
  /** Jobs skipped because they started too late to finish before their schedule's next run. */
  skippedLate = 0;
  /** Jobs put back for later because their group held its share of this worker's slots. */
  deferred = 0;

  constructor(private readonly options: BullmqQueueOptions) {
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}`;
    this.description = `bullmq ${describeRedisTarget(options.url)}`;
    this.logger = options.logger.child({ queue: 'bullmq', worker: this.workerId });
    this.redis = createRedis(options.url, {
      logger: this.logger,
      role: 'queue',
      // Locks and pings must fail fast while Redis is away, not hang the job.
      maxRetriesPerRequest: 1,
      onReconnect: () => this.resync('redis reconnected'),
    });
    if (isCluster(options.url)) {
      // BullMQ requires maxRetriesPerRequest: null; commands then wait out a Redis restart.
      this.bullCluster = createRedis(options.url, { logger: this.logger, role: 'bullmq', maxRetriesPerRequest: null });
    }
    // Nobody reads BullMQ's event stream here; 1,000 entries instead of 10,000 saves ~1 MB of Redis.
    this.queue = new Queue<JobData, void, string>(QUEUE_NAME, { connection: this.connection(), prefix: options.prefix, streams: { events: { maxLen: 1_000 } } });
    this.queue.on('error', (err) => this.logError('queue', err));
  }

  private connection(): ConnectionOptions {
    const target = this.options.url;
    // BullMQ requires maxRetriesPerRequest: null; commands then wait out a Redis restart.
    if (typeof target === 'string') return { url: target, maxRetriesPerRequest: null, retryStrategy: reconnectDelayMs };
    if (isSentinel(target)) return { ...sentinelOptions(target, { role: 'bullmq', maxRetriesPerRequest: null }), retryStrategy: reconnectDelayMs } satisfies BullRedisOptions;
    if (!this.bullCluster) throw new Error('cluster client missing');
    return this.bullCluster;
  }

  /** True while this process writes the schedules (always true before it schedules at all: nothing to contend for). */
  isLeader(): boolean {
    return this.election?.isLeader() ?? true;
  }

  /** The first sync stands this process for election; its first attempt is awaited. */
  private async elect(): Promise<LeaderElection> {
    if (this.election) return this.election;
    // The first attempt's own win needs no resync: the sync that stood for election writes next.
    let started = false;
    const election = new LeaderElection({
      redis: this.redis,
      key: `${this.options.prefix}:${QUEUE_NAME}:scheduler-leader`,
      ttlMs: this.options.leaderTtlMs ?? 15_000,
      logger: this.logger,
      what: 'schedules',
      onChange: (leading) => {
        if (!leading) this.disarmResyncCheck();
        // A new leader writes the config it holds: the old one may have had another.
        else if (started) this.resync('became leader');
      },
    });
    this.election = election;
    await election.start();
    started = true;
    return election;
  }

  private lockKey(scheduleId: string): string {
    return `${this.options.prefix}:${QUEUE_NAME}:qp-lock:${scheduleId}`;
  }

  /** Only the leader writes; a follower keeps `schedules` for when it takes over and reports no change. */
  async syncSchedules(schedules: Schedule[]): Promise<SyncReport> {
    this.desired = schedules;
    const election = await this.elect();
    if (!election.isLeader()) return { added: [], removed: [], changed: [] };
    this.armResyncCheck();
    // Serialised: a reconnect resync and a config reload must not interleave.
    const run = this.syncing.then(() => this.applySchedules(schedules));
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private async applySchedules(schedules: Schedule[]): Promise<SyncReport> {
    const report: SyncReport = { added: [], removed: [], changed: [] };
    // Leadership may have gone while this sync waited for the one before it.
    if (!this.isLeader()) return report;
    const existing = await this.readSchedulers();
    const wanted = new Map(schedules.map((s) => [s.id, s]));
    for (const id of existing.keys()) if (!wanted.has(id)) report.removed.push(id);
    for (const s of wanted.values()) {
      const current = existing.get(s.id);
      if (!current) report.added.push(s.id);
      // Re-created rather than upserted: an upsert keeps the old phase until the next catch-up.
      else if (!sameSchedule(current, s)) report.changed.push(s.id);
    }
    for (const list of Object.values(report)) list.sort();
    const gone = new Set([...report.removed, ...report.changed]);
    for (const id of gone) await this.queue.removeJobScheduler(id);
    if (gone.size > 0) await this.removePendingJobs(gone);
    for (const id of [...report.changed, ...report.added]) {
      const s = wanted.get(id);
      if (s) await this.upsert(s);
    }
    if (report.added.length + report.removed.length + report.changed.length > 0) {
      this.logger.info({ added: report.added.length, removed: report.removed.length, changed: report.changed.length, total: schedules.length }, 'schedules synced');
    }
    return report;
  }

  private async upsert(s: Schedule): Promise<void> {
    const data: JobData = { scheduleId: s.id, device: s.device, probe: s.probe, everyMs: s.everyMs, offsetMs: s.offsetMs, timeoutMs: s.timeoutMs };
    if (s.group !== undefined) data.group = s.group;
    // startDate puts the first run on our slot (offset 0 included, which BullMQ would run at once);
    // offset keeps later catch-ups on the same phase.
    const now = Date.now();
    let startDate = Math.floor(now / s.everyMs) * s.everyMs + s.offsetMs;
    if (startDate <= now) startDate += s.everyMs;
    await this.queue.upsertJobScheduler(
      s.id,
      { every: s.everyMs, startDate, ...(s.offsetMs > 0 ? { offset: s.offsetMs } : {}) },
      {
        name: s.probe,
        data,
        opts: {
          attempts: this.tuning.maxAttempts,
          backoff: { type: 'exponential', delay: this.tuning.backoffMs },
          removeOnComplete: { count: 200 },
          removeOnFail: { count: 1_000, age: 24 * 3600 },
        },
      },
    );
  }

  /** Waiting or retry-delayed jobs of removed (or about to be re-created) schedules; active ones finish. */
  private async removePendingJobs(ids: Set<string>): Promise<void> {
    const jobs = await this.queue.getJobs(['wait', 'delayed', 'prioritized'], 0, -1);
    for (const job of jobs) {
      const data = parseJobData(job.data);
      if (!data || !ids.has(data.scheduleId)) continue;
      await job.remove().catch((err: unknown) => this.logger.debug({ job: job.id, err: errorMessage(err) }, 'pending job already gone'));
    }
  }

  private async readSchedulers(): Promise<Map<string, Schedule>> {
    const out = new Map<string, Schedule>();
    const all: JobSchedulerJson<JobData>[] = await this.queue.getJobSchedulers(0, -1, true);
    for (const s of all) {
      const data = parseJobData(s.template?.data);
      // Not ours or unreadable: still listed under its key so sync removes it.
      out.set(s.key, data ? toSchedule(data) : { id: s.key, device: '', probe: '', everyMs: 0, offsetMs: 0, timeoutMs: 0 });
    }
    return out;
  }

  async listSchedules(): Promise<Schedule[]> {
    return [...(await this.readSchedulers()).values()];
  }

  /** Re-applies the last synced schedules (Redis may have restarted empty); retried until it works. */
  private resync(why: string): void {
    const desired = this.desired;
    if (!desired || this.closing || !this.isLeader()) return;
    this.syncSchedules(desired)
      .then((r) => {
        if (r.added.length + r.removed.length + r.changed.length > 0) this.logger.warn({ why, restored: r.added.length }, 'schedules restored in redis');
      })
      .catch((err: unknown) => {
        this.logError('resync', err);
        setTimeout(() => this.resync(why), 2_000).unref();
      });
  }

  private armResyncCheck(): void {
    if (this.resyncTimer || this.closing) return;
    const every = this.options.resyncCheckMs ?? 30_000;
    this.resyncTimer = setInterval(() => {
      const desired = this.desired;
      if (!desired || !this.isLeader()) return;
      this.queue
        .getJobSchedulersCount()
        .then((n) => {
          if (n !== desired.length) this.resync(`redis holds ${n} schedules, want ${desired.length}`);
        })
        .catch((err: unknown) => this.logError('resync-check', err));
    }, every);
    this.resyncTimer.unref();
  }

  private disarmResyncCheck(): void {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resyncTimer = undefined;
  }

  async startWorker(handler: JobHandler, options: WorkerOptions): Promise<void> {
    if (this.worker) throw new Error('worker already started');
    if (options.groupShare !== undefined && options.groupShare < 1) this.slots = new GroupSlots(Math.max(1, options.concurrency), options.groupShare);
    const worker = new Worker<JobData, void, string>(QUEUE_NAME, (job, token) => this.process(handler, job, token), {
      connection: this.connection(),
      prefix: this.options.prefix,
      concurrency: Math.max(1, options.concurrency),
      name: this.workerId,
      lockDuration: this.options.lockDurationMs ?? DEFAULT_RECOVERY.lockDurationMs,
      stalledInterval: this.options.stalledIntervalMs ?? DEFAULT_RECOVERY.stalledIntervalMs,
      maxStalledCount: 1,
    });
    worker.on('error', (err) => this.logError('worker', err));
    worker.on('failed', (job, err) => this.logger.debug({ job: job?.id, err: err.message }, 'job failed'));
    this.worker = worker;
    await worker.waitUntilReady();
  }

  private async process(handler: JobHandler, job: Job<JobData, void, string>, token: string | undefined): Promise<void> {
    const data = parseJobData(job.data);
    if (!data || !job.id) throw new UnrecoverableError('job data is not a probe schedule');
    const startedAtMs = Date.now();
    const dueAtMs = dueFromJobId(job.id) ?? job.timestamp + (job.opts.delay ?? 0);
    const base = { scheduleId: data.scheduleId, device: data.device, probe: data.probe, dueAtMs, attempt: job.attemptsMade + 1 };
    const plan = planRun(this.tuning, base, data, startedAtMs);
    if (!plan) {
      this.skippedLate++;
      this.options.onSkip?.('late', data.probe);
      this.logger.debug({ schedule: data.scheduleId, job: job.id, lagMs: startedAtMs - dueAtMs }, 'too late to start before the next run is due; job skipped');
      return;
    }
    if (this.slots && data.group !== undefined && !this.slots.mayStart(data.group, startedAtMs)) {
      // Its client holds its share of this worker's slots while another client has work: the
      // slot goes to the next due job; this one comes back when the client should have one free.
      const delayMs = this.slots.deferFor(data.group, startedAtMs, data.everyMs);
      if (!planRun(this.tuning, base, data, startedAtMs + delayMs)) {
        // It would come back too late to run: skipped now rather than fetched again for nothing.
        this.skippedLate++;
        this.options.onSkip?.('late', data.probe);
        this.logger.debug({ schedule: data.scheduleId, group: data.group }, "client at its share of the worker's slots until too late; job skipped");
        return;
      }
      this.deferred++;
      this.logger.debug({ schedule: data.scheduleId, group: data.group, delayMs }, "client at its share of the worker's slots; job put back");
      await job.moveToDelayed(startedAtMs + delayMs, token);
      throw new DelayedError();
    }
    const { budgetMs } = plan;
    // Only schedules whose runs may outlast their interval pay for a lock: the others are kept
    // apart by their budget (policy.ts), which saves two Redis round trips on every job.
    const lockKey = plan.locked ? this.lockKey(data.scheduleId) : undefined;
    if (lockKey && (await ACQUIRE.run(this.redis, [lockKey], [job.id, String(data.timeoutMs + this.tuning.lockMarginMs)])) !== 1) {
      this.skippedOverlaps++;
      this.options.onSkip?.('busy', data.probe);
      this.logger.debug({ schedule: data.scheduleId, job: job.id }, 'previous run still busy; job skipped');
      return;
    }
    const probeJob: ProbeJob = { ...base, canRetry: plan.canRetry };
    const controller = new AbortController();
    const run = runWithDeadline(handler, probeJob, controller, budgetMs, this.tuning.lockMarginMs);
    this.running.set(controller, run);
    this.slots?.started(data.group);
    let end;
    try {
      end = await run;
    } finally {
      this.running.delete(controller);
      this.slots?.finished(data.group, Date.now() - startedAtMs);
    }
    const release = async () => {
      if (lockKey) await RELEASE.run(this.redis, [lockKey], [job.id ?? '']).catch((err: unknown) => this.logError('lock', err));
    };
    if (abortCause(controller.signal) === 'shutdown') {
      // Hand the job back: another worker runs it; the abandoned result is not recorded.
      await release();
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (end.kind === 'abandoned') {
      // A lock stays until its TTL: the handler may still be running.
      throw new UnrecoverableError(`handler ignored its abort for ${this.tuning.lockMarginMs} ms after ${budgetMs} ms; abandoned`);
    }
    await release();
    if (end.kind === 'threw') {
      this.logger.error({ schedule: data.scheduleId, err: errorMessage(end.error) }, 'job handler threw');
      throw new UnrecoverableError(errorMessage(end.error));
    }
    // BullMQ's attempts/backoff do the retry; canRetry already checked it fits the interval.
    if (end.outcome.retry && probeJob.canRetry) throw new Error(end.outcome.reason);
  }

  /** Rejects at once while Redis is away (BullMQ's own calls would wait for the reconnect), else after 2 s. */
  async counts(): Promise<Record<JobState, number>> {
    this.ensureReachable();
    const c = await withTimeout(this.queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'completed', 'failed'), 2_000, 'redis: job counts');
    const n = (k: string) => c[k] ?? 0;
    return { waiting: n('wait') + n('prioritized'), active: n('active'), delayed: n('delayed'), completed: n('completed'), failed: n('failed') };
  }

  /** Rejects at once while Redis is away, else after 2 s. */
  async workerCount(): Promise<number> {
    this.ensureReachable();
    return withTimeout(this.queue.getWorkersCount(), 2_000, 'redis: worker count');
  }

  async ping(): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    try {
      return (await withTimeout(this.redis.ping(), 1_000, 'redis: ping')) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(graceMs = DEFAULT_CLOSE_GRACE_MS): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    if (this.worker) {
      // Stops fetching at once; resolves when the running jobs are done and BullMQ has closed.
      const closed = this.worker.close();
      closed.catch(() => undefined);
      let aborted = false;
      // The grace is for running jobs only: with none running (or Redis away) there is nothing to wait for.
      const jobsDone = Promise.all([...this.running.values()]);
      if (this.running.size > 0 && !(await settlesWithin(jobsDone, graceMs)) && this.running.size > 0) {
        this.logger.warn({ running: this.running.size }, 'grace period over; handing running jobs back');
        for (const controller of this.running.keys()) controller.abort(new QueueAbort('shutdown'));
        aborted = true;
      }
      // Aborted handlers get SHUTDOWN_MARGIN_MS to return, then hand their jobs back. With Redis
      // away BullMQ's own QUIT would wait for ever, so the connections are dropped instead.
      const up = this.redis.status === 'ready';
      if (!(await settlesWithin(closed, (aborted ? SHUTDOWN_MARGIN_MS : 0) + (up ? 1_000 : 100)))) {
        this.logger.warn('worker did not close in time (redis unreachable?); dropping its connections');
        await settlesWithin(this.worker.disconnect(), up ? 1_000 : 200);
        await settlesWithin(closed, up ? 500 : 100);
      }
    }
    const redisUp = this.redis.status === 'ready';
    await settlesWithin(this.syncing, redisUp ? 1_000 : 0);
    // Released before the connection closes: a follower takes over at its next attempt, not after the TTL.
    await this.election?.stop();
    if (!(await settlesWithin(this.queue.close(), redisUp ? 1_000 : 0))) await settlesWithin(this.queue.disconnect(), 1_000);
    if (this.bullCluster) await closeRedis(this.bullCluster);
    await closeRedis(this.redis);
  }

  private ensureReachable(): void {
    if (inOutage(this.redis)) throw new Error(`redis unreachable (${this.redis.status})`);
  }

  /** A Redis outage makes BullMQ report the same error over and over: log each message once a minute. */
  private logError(source: string, err: unknown): void {
    const message = errorMessage(err);
    const key = `${source}:${message}`;
    const now = Date.now();
    const last = this.errorsSeen.get(key);
    if (last !== undefined && now - last < 60_000) return;
    this.errorsSeen.set(key, now);
    this.logger.warn({ source, err: message }, 'queue error');
  }
}
