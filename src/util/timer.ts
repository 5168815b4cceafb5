/**
 * Timers that cannot overflow. Node.js timers take at most 2^31 − 1 ms (~24.8 days); a longer
 * delay is replaced by 1 ms with only a warning — which once turned a 30-day interval into
 * thousands of polls a second. The config bounds every duration far below this; these helpers
 * make sure no computed delay can ever get there either.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** A delay any timer can take: never negative, never past MAX_TIMER_MS. */
export function timerDelayMs(ms: number): number {
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_TIMER_MS) : MAX_TIMER_MS;
}

export interface LongTimer {
  clear(): void;
}

/** Calls `fn` at `atMs` (epoch ms), however far away: waits in steps of at most MAX_TIMER_MS. */
export function timerAt(atMs: number, fn: () => void, now: () => number = Date.now): LongTimer {
  let handle: NodeJS.Timeout | undefined;
  let cleared = false;
  const arm = () => {
    const left = atMs - now();
    if (left > MAX_TIMER_MS) {
      handle = setTimeout(arm, MAX_TIMER_MS);
      return;
    }
    handle = setTimeout(() => {
      if (!cleared) fn();
    }, timerDelayMs(left));
  };
  arm();
  return {
    clear: () => {
      cleared = true;
      clearTimeout(handle);
    },
  };
}
