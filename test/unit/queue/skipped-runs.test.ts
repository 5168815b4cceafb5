/**
 * Issue 14, defect 5: a run skipped as too late (a backlog, or a dead worker's job recovered after
 * its slot) was only a debug line. Every skip now reaches the queue's onSkip listener, which the
 * daemon counts in quarkpulse_queue_skipped_runs_total{probe,reason}. And the BullMQ lock and
 * stalled check are sized from the schedules so that recovery fits the slot.
 */
import { Registry } from 'prom-client';
import { silentLogger } from '../../../src/log';
import { SelfMetrics } from '../../../src/metrics/self';
import { InProcessQueue } from '../../../src/queue/in-process';
import { DEFAULT_RECOVERY, MIN_BUDGET_SHARE, recoveryTiming } from '../../../src/queue/policy';
import { DEFAULT_TUNING, type JobHandler, type SkipReason } from '../../../src/queue/types';

test('a run that can no longer finish before its next slot is skipped and reported as "late"', async () => {
  const registry = new Registry();
  const self = new SelfMetrics(registry);
  const skips: Array<[SkipReason, string]> = [];
  const queue = new InProcessQueue({
    logger: silentLogger,
    tuning: { lockMarginMs: 100 },
    onSkip: (reason, probe) => {
      skips.push([reason, probe]);
      self.skippedRuns.inc({ probe, reason });
    },
  });
  // One worker slot, and a probe that holds it for 850 ms of each 1 s: the other schedule, due at
  // the same moment, gets less than half its deadline and is skipped.
  const handler: JobHandler = async (job) => {
    if (job.probe === 'snmp') await new Promise((r) => setTimeout(r, 850));
    return { retry: false };
  };
  await queue.startWorker(handler, { concurrency: 1 });
  await queue.syncSchedules([
    { id: 'a:snmp', device: 'a', probe: 'snmp', everyMs: 1_000, offsetMs: 0, timeoutMs: 800 },
    { id: 'a:icmp', device: 'a', probe: 'icmp', everyMs: 1_000, offsetMs: 0, timeoutMs: 800 },
  ]);
  await new Promise((r) => setTimeout(r, 2_300));
  await queue.close(0);
  expect(skips.length).toBeGreaterThan(0);
  expect(new Set(skips.map(([reason]) => reason))).toEqual(new Set(['late']));
  const metric = (await registry.getSingleMetric('quarkpulse_queue_skipped_runs_total')?.get())?.values ?? [];
  expect(metric.reduce((n, v) => n + v.value, 0)).toBe(skips.length);
});

describe('recoveryTiming: how soon a dead worker\'s job runs again', () => {
  test('the defaults (ICMP every 30 s, deadline 24 s) recover in ~8 s, not BullMQ\'s 30 s + 15 s', () => {
    const t = recoveryTiming(DEFAULT_TUNING, [
      { everyMs: 60_000, timeoutMs: 30_000 },
      { everyMs: 30_000, timeoutMs: 24_000 },
    ]);
    expect(t).toEqual({ lockDurationMs: 4_800, stalledIntervalMs: 3_200 });
    // Recovery + half a deadline still fits before the next slot.
    const r = t.lockDurationMs + t.stalledIntervalMs;
    expect(r + 24_000 * MIN_BUDGET_SHARE + DEFAULT_TUNING.lockMarginMs).toBeLessThanOrEqual(30_000);
  });

  test('bounded: never under 1 s / 0.5 s, never over BullMQ\'s defaults; no schedules → the defaults', () => {
    expect(recoveryTiming(DEFAULT_TUNING, [{ everyMs: 2_000, timeoutMs: 1_600 }])).toEqual({ lockDurationMs: 1_000, stalledIntervalMs: 500 });
    expect(recoveryTiming(DEFAULT_TUNING, [{ everyMs: 86_400_000, timeoutMs: 60_000 }])).toEqual(DEFAULT_RECOVERY);
    expect(recoveryTiming(DEFAULT_TUNING, [])).toEqual(DEFAULT_RECOVERY);
  });
});
