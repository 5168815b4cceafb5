/**
 * Issue 14, defect 1: an interval past 2^31 ms (~24.8 days) made setTimeout overflow to 1 ms, so
 * the in-process scheduler polled in a tight loop, and a 365-day probe deadline threw a
 * RangeError out of the runner. The config now bounds every duration; these tests guard the
 * timers themselves, whatever delay reaches them.
 */
import { silentLogger } from '../../../src/log';
import { runProbe } from '../../../src/probes/runner';
import type { Probe } from '../../../src/probes/types';
import { InProcessQueue } from '../../../src/queue/in-process';
import type { JobHandler } from '../../../src/queue/types';
import { deviceTarget } from '../../helpers/targets';

const DAY_MS = 86_400_000;

test('a schedule of 30 days is not run in a tight loop (guards: setTimeout overflow in arm())', async () => {
  const queue = new InProcessQueue({ logger: silentLogger });
  let runs = 0;
  const handler: JobHandler = async () => {
    runs++;
    return { retry: false };
  };
  await queue.startWorker(handler, { concurrency: 4 });
  // Due about 30 days from now: more than a timer can wait in one go.
  const everyMs = 60 * DAY_MS;
  const offsetMs = (Date.now() + 30 * DAY_MS) % everyMs;
  await queue.syncSchedules([{ id: 'far:snmp', device: 'far', probe: 'snmp', everyMs, offsetMs, timeoutMs: 10_000 }]);
  await new Promise((r) => setTimeout(r, 300));
  await queue.close(0);
  expect(runs).toBe(0);
});

test('a 365-day deadline does not throw out of the runner (guards: RangeError from AbortSignal.timeout)', async () => {
  const probe: Probe = { kind: 'snmp', run: async () => ({ success: true, samples: [] }) };
  const result = await runProbe(probe, deviceTarget('d'), { logger: silentLogger, deadlineMs: 365 * DAY_MS });
  expect(result.success).toBe(true);
});
