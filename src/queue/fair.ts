/**
 * Fair shares of a worker's slots between groups (clients), for both queue implementations.
 *
 * A group may hold at most `share` of the worker's `concurrency` slots (at least one) while
 * another group has work — a job of another group runs or arrived within OTHERS_RECENT_MS: one
 * client with thousands of slow, timing-out devices then cannot take every slot, and another
 * client's healthy devices find a free slot the moment they are due instead of waiting for the
 * slow ones. Alone, a group may use every slot (the cap costs nothing when there is nobody to be
 * fair to). Jobs without a group are never capped.
 *
 * The in-process queue sees its waiting jobs and picks past a capped group's (leaving the slot
 * free for the others rather than filling it). BullMQ hands out jobs in due order, so a job of a
 * capped group is put back for later (deferFor: when the group should have a slot free, spreading
 * its backlog at the pace its slots take it) and the next due job gets the slot.
 */

/** Jobs of a group that waits or ran within this long count as "another group has work". */
export const OTHERS_RECENT_MS = 60_000;
/** A put-back job comes back after at least this long, and never later than this share of its interval. */
export const MIN_DEFER_MS = 200;
export const MAX_DEFER_SHARE = 0.5;
/** Until a group's runs have been timed, one is assumed to take this long. */
const DEFAULT_RUN_MS = 1_000;
/** Weight of the newest run in the group's mean run time. */
const EWMA_WEIGHT = 0.2;

export function groupCap(concurrency: number, share: number): number {
  return Math.max(1, Math.floor(concurrency * share));
}

interface GroupState {
  active: number;
  lastSeenMs: number;
  meanRunMs: number;
  /** When the next put-back job of the group is to come back (a virtual queue of its backlog). */
  nextBackMs: number;
}

export class GroupSlots {
  readonly cap: number;
  private readonly groups = new Map<string, GroupState>();
  private totalActive = 0;
  /** The two groups seen last (distinct, newest first): "another group had work" in O(1). */
  private recent: { group: string; atMs: number }[] = [];

  constructor(concurrency: number, share: number) {
    this.cap = groupCap(concurrency, share);
  }

  private state(group: string): GroupState {
    let s = this.groups.get(group);
    if (!s) this.groups.set(group, (s = { active: 0, lastSeenMs: 0, meanRunMs: DEFAULT_RUN_MS, nextBackMs: 0 }));
    return s;
  }

  /** The group has work here now (a job waits or arrived): it counts as "another group" for the others. */
  seen(group: string | undefined, nowMs: number): void {
    if (group === undefined) return;
    this.state(group).lastSeenMs = nowMs;
    if (this.recent[0]?.group === group) this.recent[0].atMs = nowMs;
    else this.recent = [{ group, atMs: nowMs }, ...this.recent.slice(0, 1)];
  }

  /** Whether the group holds its whole share. */
  atCap(group: string | undefined): boolean {
    return group !== undefined && (this.groups.get(group)?.active ?? 0) >= this.cap;
  }

  /** Whether some other group had work within OTHERS_RECENT_MS. */
  othersActive(group: string, nowMs: number): boolean {
    if (this.totalActive - (this.groups.get(group)?.active ?? 0) > 0) return true;
    const other = this.recent.find((r) => r.group !== group);
    return other !== undefined && nowMs - other.atMs <= OTHERS_RECENT_MS;
  }

  /** A job of the group may start now (BullMQ: else it is put back). */
  mayStart(group: string | undefined, nowMs: number): boolean {
    if (group === undefined) return true;
    this.seen(group, nowMs);
    return !this.atCap(group) || !this.othersActive(group, nowMs);
  }

  started(group: string | undefined): void {
    if (group === undefined) return;
    this.state(group).active++;
    this.totalActive++;
  }

  finished(group: string | undefined, runMs: number): void {
    if (group === undefined) return;
    const s = this.state(group);
    if (s.active > 0) this.totalActive--;
    s.active = Math.max(0, s.active - 1);
    s.meanRunMs = s.meanRunMs * (1 - EWMA_WEIGHT) + Math.max(0, runMs) * EWMA_WEIGHT;
  }

  /**
   * How long to put a job of a capped group back: its backlog comes back at the pace the group's
   * slots take it (one per mean run time ÷ cap), so each job is put back about once rather than
   * bouncing every few milliseconds.
   */
  deferFor(group: string, nowMs: number, everyMs: number): number {
    const s = this.state(group);
    const maxMs = Math.max(MIN_DEFER_MS, everyMs * MAX_DEFER_SHARE);
    // A backlog beyond what fits comes back at the latest and is then skipped as late (policy.ts).
    s.nextBackMs = Math.min(nowMs + maxMs, Math.max(s.nextBackMs, nowMs) + s.meanRunMs / this.cap);
    return Math.min(maxMs, Math.max(MIN_DEFER_MS, s.nextBackMs - nowMs));
  }
}
