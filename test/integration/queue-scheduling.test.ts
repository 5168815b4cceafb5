/**
 * The scheduling semantics of the JobQueue contract (src/queue/types.ts), written once and run
 * against both implementations: the in-process queue and BullMQ on the real Redis at
 * 127.0.0.1:6379 (a random key prefix per test, removed afterwards).
 */
import { silentLogger } from '../../src/log';
import { BullmqQueue } from '../../src/queue/bullmq';
import { InProcessQueue } from '../../src/queue/in-process';
import { abortCause, type AbortCause } from '../../src/queue/policy';
import type { JobHandler, JobOutcome, JobQueue, ProbeJob, QueueTuning, Schedule } from '../../src/queue/types';
import { deleteKeys, randomPrefix, REDIS_URL, sleep, waitFor } from '../helpers/redis';
import { describeWith, type Need } from '../helpers/requires';

const TUNING: QueueTuning = { maxAttempts: 3, backoffMs: 100, lockMarginMs: 300 };

interface Run {
  job: ProbeJob;
  start: number;
  end?: number;
  cause?: AbortCause;
}

type Factory = (tuning?: Partial<QueueTuning>) => Promise<JobQueue>;

const opened: Array<{ queue: JobQueue; prefix?: string }> = [];

const factories: Array<[string, Need[], Factory]> = [
  [
    'in-process',
    [],
    async (tuning) => {
      const queue = new InProcessQueue({ logger: silentLogger, tuning: { ...TUNING, ...tuning } });
      opened.push({ queue });
      return queue;
    },
  ],
  [
    'bullmq',
    ['redis'],
    async (tuning) => {
      const prefix = randomPrefix();
      const queue = new BullmqQueue({
        url: REDIS_URL,
        prefix,
        logger: silentLogger,
        tuning: { ...TUNING, ...tuning },
        lockDurationMs: 2_000,
        stalledIntervalMs: 1_000,
      });
      opened.push({ queue, prefix });
      return queue;
    },
  ],
];

afterEach(async () => {
  for (const { queue, prefix } of opened.splice(0)) {
    await queue.close(200);
    if (prefix) await deleteKeys(prefix);
  }
});

function schedule(id: string, everyMs: number, offsetMs: number, timeoutMs: number): Schedule {
  return { id, device: id.split(':')[0], probe: 'snmp', everyMs, offsetMs, timeoutMs };
}

/** An offset that puts the first slot ~`leadMs` from now. */
function soon(everyMs: number, leadMs = 250): number {
  return (Date.now() + leadMs) % everyMs;
}

/** A handler that records every call; `body` decides what each call does. */
function recorder(body: (job: ProbeJob, signal: AbortSignal) => Promise<JobOutcome | void> = async () => undefined) {
  const runs: Run[] = [];
  const handler: JobHandler = async (job, signal) => {
    const run: Run = { job, start: Date.now() };
    runs.push(run);
    try {
      return (await body(job, signal)) ?? { retry: false };
    } finally {
      run.end = Date.now();
      run.cause = abortCause(signal);
    }
  };
  return { runs, handler };
}

/** A handler that ignores its signal; unref'd so an abandoned one cannot hold the test process. */
function deafSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function waitAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

function maxOverlap(runs: Run[]): number {
  const edges = runs.flatMap((r) => [
    [r.start, 1],
    [r.end ?? Infinity, -1],
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (cur += d));
  return max;
}

for (const [name, needs, make] of factories) describeWith(needs, `${name} queue`, () => {
  test('runs each schedule on its own slots, with little lag', async () => {
    const queue = await make();
    const { runs, handler } = recorder();
    const every = 400;
    const base = soon(every);
    const schedules = [0, 100, 250].map((d, i) => schedule(`dev${i}:snmp`, every, (base + d) % every, 300));
    await queue.startWorker(handler, { concurrency: 4 });
    await queue.syncSchedules(schedules);
    await waitFor(() => schedules.every((s) => runs.filter((r) => r.job.scheduleId === s.id).length >= 3), 5_000, 'three runs each');
    for (const s of schedules) {
      const mine = runs.filter((r) => r.job.scheduleId === s.id);
      for (const r of mine) {
        expect(r.job.dueAtMs % every).toBe(s.offsetMs);
        expect(r.job.attempt).toBe(1);
        expect(r.start - r.job.dueAtMs).toBeGreaterThanOrEqual(-5);
        expect(r.start - r.job.dueAtMs).toBeLessThan(every);
      }
      // Consecutive runs exactly one interval apart: no tick lost, none doubled.
      const dues = mine.slice(0, 3).map((r) => r.job.dueAtMs);
      expect(dues[1] - dues[0]).toBe(every);
      expect(dues[2] - dues[1]).toBe(every);
    }
    const lags = runs.map((r) => r.start - r.job.dueAtMs).sort((a, b) => a - b);
    expect(lags[Math.floor(lags.length / 2)]).toBeLessThan(150);
  });

  test('never runs a schedule twice at once: ticks during a long run are skipped', async () => {
    const queue = await make();
    const { runs, handler } = recorder(() => sleep(450));
    const every = 200;
    await queue.startWorker(handler, { concurrency: 4 });
    await queue.syncSchedules([schedule('slow:snmp', every, soon(every, 100), 2_000)]);
    await waitFor(() => runs.filter((r) => r.end).length >= 3, 6_000, 'three finished runs');
    expect(maxOverlap(runs)).toBe(1);
    for (let i = 1; i < runs.length; i++) expect(runs[i].start).toBeGreaterThanOrEqual(runs[i - 1].end ?? Infinity);
    // Each run starts on a slot, not on a queued-up backlog of missed ones.
    for (const r of runs) expect(r.job.dueAtMs % every).toBe(runs[0].job.dueAtMs % every);
  });

  test('a late run only gets the time left before its next slot, and one too late is skipped', async () => {
    const queue = await make();
    const every = 2_000;
    const timeout = 1_000; // timeout + margin (300) fit in the interval: no lock, the budget rules
    let blocked = false;
    const { runs, handler } = recorder(async (job, signal) => {
      // The blocker holds the only slot for its whole timeout, once; the others wait for their abort.
      if (job.device === 'blocker' && blocked) return;
      if (job.device === 'blocker') blocked = true;
      await waitAbort(signal);
    });
    const base = soon(every, 300);
    await queue.startWorker(handler, { concurrency: 1 });
    await queue.syncSchedules([
      schedule('blocker:snmp', every, base, timeout),
      schedule('late:snmp', every, (base + 50) % every, timeout),
      schedule('later:snmp', every, (base + 100) % every, timeout),
    ]);
    await waitFor(() => runs.some((r) => r.job.device === 'later' && r.end), 8_000, 'a run of "later"');
    const late = runs.find((r) => r.job.device === 'late');
    // Started ~950 ms late: 2,000 − 300 − 950 = 750 ms left, under its 1,000 ms timeout.
    expect(late?.cause).toBe('timeout');
    const lateRan = (late?.end ?? 0) - (late?.start ?? 0);
    expect(lateRan).toBeGreaterThan(500);
    expect(lateRan).toBeLessThan(950);
    expect(late?.end ?? Infinity).toBeLessThanOrEqual((late?.job.dueAtMs ?? 0) + every - TUNING.lockMarginMs + 50);
    // "later" would have started ~1,650 ms late with 50 ms left: skipped; its next slot runs.
    const later = runs.filter((r) => r.job.device === 'later');
    const blocker = runs.filter((r) => r.job.device === 'blocker');
    expect(later[0].job.dueAtMs - blocker[0].job.dueAtMs).toBe(every + 100);
    expect(maxOverlap(runs)).toBe(1);
  });

  test('runs at most `concurrency` handlers at once', async () => {
    const queue = await make();
    const { runs, handler } = recorder(() => sleep(200));
    const every = 2_000;
    const offset = soon(every, 300);
    await queue.startWorker(handler, { concurrency: 3 });
    await queue.syncSchedules(Array.from({ length: 8 }, (_, i) => schedule(`c${i}:snmp`, every, offset, 1_000)));
    await waitFor(() => runs.filter((r) => r.end).length >= 8, 5_000, 'eight finished runs');
    expect(maxOverlap(runs)).toBe(3);
    expect(new Set(runs.map((r) => r.job.scheduleId)).size).toBe(8);
  });

  test('retries a transient failure with backoff, at most maxAttempts times', async () => {
    const queue = await make();
    const { runs, handler } = recorder(async () => ({ retry: true, reason: 'timeout' }));
    const every = 4_000;
    await queue.startWorker(handler, { concurrency: 2 });
    await queue.syncSchedules([schedule('flaky:snmp', every, soon(every, 200), 200)]);
    await waitFor(() => runs.length >= 3, 5_000, 'three attempts');
    await sleep(700); // a 4th attempt would come 400 ms after the 3rd
    expect(runs).toHaveLength(3);
    expect(runs.map((r) => r.job.attempt)).toEqual([1, 2, 3]);
    expect(runs.map((r) => r.job.canRetry)).toEqual([true, true, false]);
    expect(new Set(runs.map((r) => r.job.dueAtMs)).size).toBe(1);
    expect(runs[1].start - (runs[0].end ?? 0)).toBeGreaterThanOrEqual(90);
    expect(runs[2].start - (runs[1].end ?? 0)).toBeGreaterThanOrEqual(190);
  });

  test('does not retry when the retry would not finish before the next run', async () => {
    const queue = await make();
    const { runs, handler } = recorder(async () => ({ retry: true, reason: 'timeout' }));
    const every = 600; // 300 (this run) + 100 (backoff) + 300 (retry) > 600
    await queue.startWorker(handler, { concurrency: 2 });
    await queue.syncSchedules([schedule('tight:snmp', every, soon(every, 150), 300)]);
    await waitFor(() => runs.length >= 2, 3_000, 'two runs');
    expect(runs.slice(0, 2).map((r) => [r.job.attempt, r.job.canRetry])).toEqual([
      [1, false],
      [1, false],
    ]);
    expect(runs[1].job.dueAtMs - runs[0].job.dueAtMs).toBe(every);
  });

  test('aborts a run at its timeout and abandons a handler that ignores the signal', async () => {
    const queue = await make();
    const { runs, handler } = recorder(async (job, signal) => {
      if (job.device === 'honest') await waitAbort(signal);
      else await deafSleep(2_500);
    });
    const every = 1_000;
    const offset = soon(every, 200);
    await queue.startWorker(handler, { concurrency: 4 });
    await queue.syncSchedules([schedule('honest:snmp', every, offset, 200), schedule('stubborn:snmp', every, offset, 200)]);
    await waitFor(() => runs.filter((r) => r.job.device === 'stubborn').length >= 2, 4_000, 'stubborn polled again');
    const honest = runs.find((r) => r.job.device === 'honest' && r.end);
    expect(honest?.cause).toBe('timeout');
    expect((honest?.end ?? 0) - (honest?.start ?? 0)).toBeGreaterThanOrEqual(190);
    expect((honest?.end ?? 0) - (honest?.start ?? 0)).toBeLessThan(600);
    // Abandoned after timeout + margin (500 ms): the next slot one interval later runs normally.
    const stubborn = runs.filter((r) => r.job.device === 'stubborn');
    expect(stubborn[1].job.dueAtMs - stubborn[0].job.dueAtMs).toBe(every);
    const counts = await queue.counts();
    expect(counts.failed).toBeGreaterThanOrEqual(1);
  });

  test('syncSchedules adds, removes and changes schedules, and removed ones stop', async () => {
    const queue = await make();
    const { runs, handler } = recorder();
    const every = 300;
    await queue.startWorker(handler, { concurrency: 4 });
    const a = schedule('a:snmp', every, soon(every, 100), 200);
    const b = schedule('b:snmp', every, soon(every, 150), 200);
    expect(await queue.syncSchedules([a, b])).toEqual({ added: ['a:snmp', 'b:snmp'], removed: [], changed: [] });
    expect(await queue.syncSchedules([a, b])).toEqual({ added: [], removed: [], changed: [] });
    await waitFor(() => runs.some((r) => r.job.device === 'a') && runs.some((r) => r.job.device === 'b'), 3_000, 'a and b ran');
    const b2 = { ...b, everyMs: 400, offsetMs: 7 };
    const c = schedule('c:snmp', every, soon(every, 100), 200);
    const report = await queue.syncSchedules([b2, c]);
    const synced = Date.now();
    expect(report).toEqual({ added: ['c:snmp'], removed: ['a:snmp'], changed: ['b:snmp'] });
    const listed = (await queue.listSchedules()).sort((x, y) => x.id.localeCompare(y.id));
    expect(listed).toEqual([b2, c]);
    await waitFor(() => runs.some((r) => r.job.device === 'c') && runs.filter((r) => r.job.device === 'b' && r.start > synced).length >= 2, 3_000, 'c and new b ran');
    expect(runs.filter((r) => r.job.device === 'a' && r.start > synced + 50)).toHaveLength(0);
    for (const r of runs.filter((x) => x.job.device === 'b' && x.start > synced + 50)) expect(r.job.dueAtMs % 400).toBe(7);
    expect(await queue.syncSchedules([])).toEqual({ added: [], removed: ['b:snmp', 'c:snmp'], changed: [] });
    expect(await queue.listSchedules()).toEqual([]);
  });

  /** A queue whose one schedule (every 5 s, due in 100 ms) has started its first run of `body`. */
  async function firstRunStarted(id: string, timeoutMs: number, body: Parameters<typeof recorder>[0]) {
    const queue = await make();
    const { runs, handler } = recorder(body);
    const every = 5_000;
    await queue.startWorker(handler, { concurrency: 2 });
    await queue.syncSchedules([schedule(id, every, soon(every, 100), timeoutMs)]);
    await waitFor(() => runs.length >= 1, 3_000, 'a run');
    return { queue, runs };
  }

  test('close lets a running job finish within the grace period', async () => {
    const { queue, runs } = await firstRunStarted('g:snmp', 2_000, () => sleep(300));
    const t0 = Date.now();
    await queue.close(3_000);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(runs[0].end).toBeDefined();
    expect(runs[0].cause).toBeUndefined();
  });

  test('close aborts what is still running after the grace period', async () => {
    const { queue, runs } = await firstRunStarted('h:snmp', 4_000, (_job, signal) => waitAbort(signal));
    const t0 = Date.now();
    await queue.close(200);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(runs[0].cause).toBe('shutdown');
  });

  test('close gives up on a handler that ignores the shutdown abort', async () => {
    const { queue } = await firstRunStarted('deaf:snmp', 4_000, () => deafSleep(6_000));
    const t0 = Date.now();
    await queue.close(200);
    // grace 200 + shutdown margin (300 here) + the worker's own wind-down
    expect(Date.now() - t0).toBeLessThan(2_500);
  });
});
