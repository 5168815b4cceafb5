/** GroupSlots (src/queue/fair.ts): a client's share of a worker's slots, pure bookkeeping. */
import { GroupSlots, MIN_DEFER_MS, OTHERS_RECENT_MS, groupCap } from '../../../src/queue/fair';

describe('groupCap', () => {
  it('is the share of the slots, at least one', () => {
    expect(groupCap(64, 0.5)).toBe(32);
    expect(groupCap(3, 0.5)).toBe(1);
    expect(groupCap(1, 0.1)).toBe(1);
    expect(groupCap(10, 1)).toBe(10);
  });
});

describe('GroupSlots', () => {
  it('alone, a client may take every slot', () => {
    const slots = new GroupSlots(4, 0.5);
    for (let i = 0; i < 4; i++) {
      expect(slots.mayStart('a', 1_000)).toBe(true);
      slots.started('a');
    }
  });

  it('while another client has work, a client holds at most its share', () => {
    const slots = new GroupSlots(4, 0.5);
    slots.seen('b', 1_000);
    expect(slots.mayStart('a', 1_000)).toBe(true);
    slots.started('a');
    expect(slots.mayStart('a', 1_000)).toBe(true);
    slots.started('a');
    expect(slots.mayStart('a', 1_000)).toBe(false);
    // The other client is not held back by the first one's share.
    expect(slots.mayStart('b', 1_000)).toBe(true);
    // A slot of its own frees: it may start again.
    slots.finished('a', 500);
    expect(slots.mayStart('a', 1_100)).toBe(true);
  });

  it('a client running elsewhere in the worker counts as having work; one not seen for a while does not', () => {
    const slots = new GroupSlots(4, 0.5);
    slots.seen('b', 0);
    slots.started('b');
    slots.started('a');
    slots.started('a');
    expect(slots.mayStart('a', OTHERS_RECENT_MS * 5)).toBe(false);
    slots.finished('b', 100);
    expect(slots.mayStart('a', OTHERS_RECENT_MS * 5)).toBe(true);
  });

  it('jobs without a client are never held back', () => {
    const slots = new GroupSlots(2, 0.5);
    slots.seen('b', 0);
    slots.started(undefined);
    slots.started(undefined);
    expect(slots.mayStart(undefined, 0)).toBe(true);
    expect(slots.atCap(undefined)).toBe(false);
  });

  it('puts a capped client’s backlog back at the pace its slots take it, within half an interval', () => {
    const slots = new GroupSlots(4, 0.5);
    // Runs of 2 s on 2 slots: one slot frees every second.
    for (let i = 0; i < 20; i++) slots.finished('a', 2_000);
    const delays = Array.from({ length: 5 }, () => slots.deferFor('a', 10_000, 60_000));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]);
    expect(delays[0]).toBeGreaterThanOrEqual(MIN_DEFER_MS);
    for (let i = 0; i < 100; i++) slots.deferFor('a', 10_000, 60_000);
    expect(slots.deferFor('a', 10_000, 60_000)).toBeLessThanOrEqual(30_000);
  });
});
