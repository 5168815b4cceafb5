import { abortCause, backoffMs, canRetry, needsRunLock, nextDueMs, QueueAbort, runBudgetMs } from '../../../src/queue/policy';
import { decodeResult, encodeResult } from '../../../src/results/redis-store';
import { redactRedisUrl } from '../../../src/queue/redis';
import type { StoredResult } from '../../../src/results/store';

const tuning = { maxAttempts: 3, backoffMs: 100, lockMarginMs: 50 };

describe('nextDueMs', () => {
  test.each([
    { now: 0, every: 1000, offset: 0, want: 1000 },
    { now: 999, every: 1000, offset: 0, want: 1000 },
    { now: 1000, every: 1000, offset: 0, want: 2000 },
    { now: 1000, every: 1000, offset: 250, want: 1250 },
    { now: 1250, every: 1000, offset: 250, want: 2250 },
    { now: 1300, every: 1000, offset: 250, want: 2250 },
    { now: 60_000 * 5 + 1, every: 60_000, offset: 59_999, want: 60_000 * 5 + 59_999 },
  ])('now=$now every=$every offset=$offset → $want', ({ now, every, offset, want }) => {
    expect(nextDueMs(now, every, offset)).toBe(want);
  });
});

describe('retry policy', () => {
  test('backoff doubles', () => {
    expect([1, 2, 3].map((a) => backoffMs(tuning, a))).toEqual([100, 200, 400]);
  });
  const schedule = { everyMs: 1000, timeoutMs: 200 };
  test.each([
    { what: 'first attempt, early', attempt: 1, startedAt: 0, want: true }, // 0+200+100+200 = 500 ≤ 1000
    { what: 'first attempt, late in the interval', attempt: 1, startedAt: 600, want: false }, // 1100 > 1000
    { what: 'second attempt still fits', attempt: 2, startedAt: 300, want: true }, // 300+200+200+200 = 900
    { what: 'second attempt too late', attempt: 2, startedAt: 450, want: false },
    { what: 'attempts exhausted', attempt: 3, startedAt: 0, want: false },
  ])('$what', ({ attempt, startedAt, want }) => {
    expect(canRetry(tuning, { attempt, dueAtMs: 0 }, schedule, startedAt)).toBe(want);
  });
  test('maxAttempts 1 never retries', () => {
    expect(canRetry({ ...tuning, maxAttempts: 1 }, { attempt: 1, dueAtMs: 0 }, schedule, 0)).toBe(false);
  });
});

describe('run budget', () => {
  const tight = { maxAttempts: 3, backoffMs: 100, lockMarginMs: 2_000 };
  const every60 = { everyMs: 60_000, timeoutMs: 10_000 };
  test('a schedule whose runs fit in its interval needs no lock; one whose runs may not, does', () => {
    expect(needsRunLock(tight, every60)).toBe(false);
    expect(needsRunLock(tight, { everyMs: 12_000, timeoutMs: 10_000 })).toBe(false);
    expect(needsRunLock(tight, { everyMs: 11_999, timeoutMs: 10_000 })).toBe(true);
  });
  test.each([
    { what: 'on time: the whole timeout', lag: 30, want: 10_000 },
    { what: 'late but the timeout still fits', lag: 48_000, want: 10_000 },
    { what: 'later: only what is left before the next slot, less the margin', lag: 51_000, want: 7_000 },
    { what: 'just enough left (half the timeout)', lag: 53_000, want: 5_000 },
    { what: 'too late to start', lag: 53_001, want: undefined },
    { what: 'a whole interval late (a job handed back by a dead worker)', lag: 75_000, want: undefined },
  ])('$what', ({ lag, want }) => {
    expect(runBudgetMs(tight, { dueAtMs: 1_000 }, every60, 1_000 + lag)).toBe(want);
  });
  test('short timeouts scale the same way', () => {
    const short = { everyMs: 3_000, timeoutMs: 500 };
    expect(runBudgetMs(tight, { dueAtMs: 0 }, short, 400)).toBe(500);
    expect(runBudgetMs(tight, { dueAtMs: 0 }, short, 600)).toBe(400);
    expect(runBudgetMs(tight, { dueAtMs: 0 }, short, 750)).toBe(250);
    expect(runBudgetMs(tight, { dueAtMs: 0 }, short, 751)).toBeUndefined();
  });
  test('with a lock, a late run keeps its whole timeout (the lock, not the clock, keeps runs apart)', () => {
    expect(runBudgetMs(tight, { dueAtMs: 0 }, { everyMs: 5_000, timeoutMs: 4_000 }, 4_900)).toBe(4_000);
  });
});

test('abortCause tells timeout from shutdown from others', () => {
  const t = new AbortController();
  t.abort(new QueueAbort('timeout'));
  const s = new AbortController();
  s.abort(new QueueAbort('shutdown'));
  const o = new AbortController();
  o.abort();
  expect([abortCause(t.signal), abortCause(s.signal), abortCause(o.signal), abortCause(new AbortController().signal)]).toEqual(['timeout', 'shutdown', undefined, undefined]);
});

test('stored results survive JSON, NaN and infinities included', () => {
  const entry: StoredResult = {
    device: 'sw1', client: 'acme', site: '', kind: 'switch', probe: 'snmp', finishedAtMs: 1_700_000_000_123, intervalMs: 60_000, worker: 'h:1',
    result: {
      probe: 'snmp', success: false, durationMs: 250,
      samples: [
        { name: 'quarkpulse_printer_supply_level_ratio', labels: { supply: 'NaN', color: '$num' }, value: Number.NaN },
        { name: 'quarkpulse_interface_speed_bits_per_second', labels: {}, value: Number.POSITIVE_INFINITY },
        { name: 'quarkpulse_device_uptime_seconds', labels: {}, value: -Infinity },
        { name: 'quarkpulse_interface_receive_bytes_total', labels: {}, value: 2 ** 53 - 1 },
      ],
      error: { kind: 'timeout', message: 'x' },
      modules: { system: { success: true } },
    },
  };
  const back = decodeResult(encodeResult(entry));
  expect(back).toEqual(entry);
  expect(Number.isNaN(back?.result.samples[0].value)).toBe(true);
  expect(decodeResult('not json')).toBeUndefined();
  expect(decodeResult('{"device":1}')).toBeUndefined();
});

test('bigint values become numbers', () => {
  const entry = { device: 'd', probe: 'snmp', finishedAtMs: 1, intervalMs: 1000, result: { samples: [{ value: 12345678901234n }] } };
  const text = encodeResult(entry as unknown as StoredResult);
  expect(decodeResult(text)?.result.samples[0].value).toBe(12345678901234);
});

test('redis URLs are logged without credentials', () => {
  expect(redactRedisUrl('redis://user:s3cret@10.0.0.1:6380/2')).toBe('redis://10.0.0.1:6380/2');
  expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  expect(redactRedisUrl('::nonsense')).not.toContain('nonsense');
});

test('a result with only finite numbers is plain JSON, and labels that look like the escape survive', () => {
  const entry: StoredResult = {
    device: 'd', client: 'c', site: '', kind: 'printer', probe: 'snmp', finishedAtMs: 1, intervalMs: 60_000, worker: 'w',
    result: { probe: 'snmp', success: true, durationMs: 100, samples: [{ name: 'quarkpulse_device_up', labels: { note: '{"$num":"1"}' }, value: 1 }] },
  };
  const text = encodeResult(entry);
  expect(text).toBe(JSON.stringify(entry));
  expect(decodeResult(text)).toEqual(entry);
});
