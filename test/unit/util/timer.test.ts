/** util/timer.ts: timers that never overflow (issue 14, defect 1). */
import { MAX_TIMER_MS, timerAt, timerDelayMs } from '../../../src/util/timer';

describe('timerAt', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('waits past MAX_TIMER_MS in steps and fires once, at the time asked', () => {
    const fired: number[] = [];
    const at = Date.now() + MAX_TIMER_MS + 5_000;
    timerAt(at, () => fired.push(Date.now()));
    jest.advanceTimersByTime(MAX_TIMER_MS);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(4_999);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toEqual([at]);
    jest.advanceTimersByTime(10 * MAX_TIMER_MS);
    expect(fired).toHaveLength(1);
  });

  test('clear() stops it, also between steps', () => {
    const fired: number[] = [];
    const t = timerAt(Date.now() + 2 * MAX_TIMER_MS, () => fired.push(1));
    jest.advanceTimersByTime(MAX_TIMER_MS + 1);
    t.clear();
    jest.advanceTimersByTime(3 * MAX_TIMER_MS);
    expect(fired).toEqual([]);
  });
});

test('timerDelayMs clamps what a timer is given', () => {
  expect(timerDelayMs(-5)).toBe(0);
  expect(timerDelayMs(1_000)).toBe(1_000);
  expect(timerDelayMs(365 * 86_400_000)).toBe(MAX_TIMER_MS);
  expect(timerDelayMs(Number.NaN)).toBe(MAX_TIMER_MS);
});
