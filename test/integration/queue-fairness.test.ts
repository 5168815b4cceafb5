/**
 * Fair shares between clients (src/queue/fair.ts), run against both queue implementations: the
 * in-process queue and BullMQ on the real Redis at 127.0.0.1:6379 (a random key prefix per test,
 * removed afterwards). A client with many slow runs holds at most its share of a worker's slots
 * while another client has work, so the other client's runs start when due; alone, a client
 * uses every slot.
 */
import { silentLogger } from '../../src/log';
import { BullmqQueue } from '../../src/queue/bullmq';
import { InProcessQueue } from '../../src/queue/in-process';
import type { JobHandler, JobQueue, ProbeJob, QueueTuning, Schedule } from '../../src/queue/types';
import { deleteKeys, randomPrefix, REDIS_URL, waitFor } from '../helpers/redis';
import { describeWith, type Need } from '../helpers/requires';

const TUNING: QueueTuning = { maxAttempts: 1, backoffMs: 100, lockMarginMs: 300 };

interface Run {
  job: ProbeJob;
  start: number;
  end?: number;
}

const opened: Array<{ queue: JobQueue; prefix?: string }> = [];

const factories: Array<[string, Need[], () => JobQueue]> = [
  [
    'in-process',
    [],
    () => {
      const queue = new InProcessQueue({ logger: silentLogger, tuning: TUNING });
      opened.push({ queue });
      return queue;
    },
  ],
  [
    'bullmq',
    ['redis'],
    () => {
      const prefix = randomPrefix();
      const queue = new BullmqQueue({ url: REDIS_URL, prefix, logger: silentLogger, tuning: TUNING, lockDurationMs: 5_000, stalledIntervalMs: 5_000 });
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

function schedule(device: string, group: string | undefined, everyMs: number, offsetMs: number, timeoutMs: number): Schedule {
  return { id: `${device}:snmp`, device, probe: 'snmp', everyMs, offsetMs, timeoutMs, ...(group === undefined ? {} : { group }) };
}

/** Runs recorded; a device named slow-* takes `slowMs` (or until aborted), others return at once. */
function recorder(slowMs: number) {
  const runs: Run[] = [];
  const handler: JobHandler = async (job, signal) => {
    const run: Run = { job, start: Date.now() };
    runs.push(run);
    if (job.device.startsWith('slow')) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, slowMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    run.end = Date.now();
    return { retry: false };
  };
  return { runs, handler };
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

for (const [name, needs, make] of factories) describeWith(needs, `${name} queue: fair shares between clients`, () => {
  test("a client at its share leaves the other slots to another client's runs, which start before its backlog", async () => {
    const queue = make();
    const { runs, handler } = recorder(2_000);
    const every = 6_000;
    const base = (Date.now() + 400) % every;
    // The healthy client's first device is due first, then ten slow runs, then its second device.
    const schedules = [
      schedule('fast-1', 'healthy', every, base, 1_000),
      ...Array.from({ length: 10 }, (_, i) => schedule(`slow-${i}`, 'dead', every, (base + 300) % every, 4_000)),
      schedule('fast-2', 'healthy', every, (base + 600) % every, 1_000),
    ];
    await queue.startWorker(handler, { concurrency: 4, groupShare: 0.5 });
    await queue.syncSchedules(schedules);
    await waitFor(() => runs.some((r) => r.job.device === 'fast-2') && runs.filter((r) => r.job.device.startsWith('slow') && r.end).length >= 4, 10_000, 'fast-2 and four slow runs');
    const slow = runs.filter((r) => r.job.device.startsWith('slow'));
    const fast2 = runs.find((r) => r.job.device === 'fast-2') as Run;
    // The slow client never held more than its share (2 of 4 slots) …
    expect(maxOverlap(slow)).toBe(2);
    // … and the healthy client's later run went ahead of slow runs due before it …
    expect(slow.some((r) => r.job.dueAtMs < fast2.job.dueAtMs && r.start > fast2.start)).toBe(true);
    // … without waiting for a slow run to end (each takes 2 s).
    expect(fast2.start - fast2.job.dueAtMs).toBeLessThan(1_000);
  });

  test('alone, a client uses every slot; runs without a client are never held back', async () => {
    const queue = make();
    const { runs, handler } = recorder(1_000);
    const every = 6_000;
    const base = (Date.now() + 400) % every;
    const schedules = Array.from({ length: 6 }, (_, i) => schedule(`slow-${i}`, i < 3 ? 'only' : undefined, every, base, 3_000));
    await queue.startWorker(handler, { concurrency: 4, groupShare: 0.5 });
    await queue.syncSchedules(schedules);
    await waitFor(() => runs.filter((r) => r.end).length >= 6, 10_000, 'six runs');
    expect(maxOverlap(runs)).toBe(4);
    expect(maxOverlap(runs.filter((r) => r.job.device < 'slow-3'))).toBe(3);
  });
});
