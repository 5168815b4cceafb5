/**
 * How many varbinds one request may ask of a device, pure. Many agents and paths cannot take a
 * big GETBULK: embedded agents answer at most ~64 varbinds (Debian's snmpsim never answers a
 * larger one and spins at 100 % CPU), and an answer over ~1,400 bytes is lost on a path that drops
 * IP fragments. Neither says tooBig; the request just goes unanswered. So a device with no history
 * starts small, the size grows only while answers keep coming, a silence shrinks it (halving down
 * to one varbind) before the device is called unreachable, and what worked is remembered
 * (SizeRecord, kept by an SnmpSizeMemory across restarts and workers).
 *
 * Telling "dead" from "too big" within one poll's time: until the device has answered anything in
 * this poll, the first request keeps back one of its attempts for a one-varbind request. A dead
 * agent leaves both unanswered: it is reported after timeout × (retries + 1), as before.
 */

/** The first request to a device with no history: ~40 varbinds of a typical table fit one 1,400-byte datagram. */
export const START_VARBINDS = 40;
/** An answer this size fits one unfragmented datagram on a 1,500-byte path (IP, UDP, some tunnel headers). */
export const SAFE_ANSWER_BYTES = 1400;
/** A ceiling learnt from silence or tooBig is raised after this long, so a fixed path recovers. */
export const RELAX_AFTER_MS = 3_600_000;
const RELAX_FACTOR = 1.25;
// An answer of a few wordy scalars (sysDescr, sysContact, a printer's serial) would make every table
// request of the device look as wordy and cut it into more requests than its own columns need.
const MIN_VARBINDS_FOR_WORDINESS = 12;
const WORDINESS_MARGIN = 1.25;
const GROW_FACTOR = 1.5;

/** Why a device's ceiling is below the configured maximum. */
export type CeilingReason = 'truncated' | 'tooBig' | 'silence';

/** What is remembered per device between polls. */
export interface SizeRecord {
  /** The largest request (varbinds) the device answered. */
  working: number;
  /** No request above this is sent (absent: the configured maximum). */
  ceiling?: number;
  reason?: CeilingReason;
  /**
   * After a silence on a device whose answers had come: the largest answer (bytes) that got
   * through. A path that drops large datagrams limits bytes, not varbinds: requests are then
   * sized so that even their wordiest answer (`bytesPerVarbind`) stays within it.
   */
  bytes?: number;
  bytesPerVarbind?: number;
  /**
   * Needed table columns that had no rows, each directly after the needed column before it
   * (plan.ts emptyLinkedColumns). A walk without the process's own history (after a restart, on
   * another worker) walks them from the item of the column before instead of asking for each
   * alone: asked alone, they all answer with the same object past them, often a long string
   * (jetdirect: five times a 275-byte PJL id), and together overshoot the byte limit above.
   */
  emptyColumns?: string[];
  /** When the ceiling was last set or relaxed (ms since the epoch). */
  since: number;
}

/** Sizing state of one device during one poll (shared by its module walks). */
export interface SizeState {
  /** Some request of this poll got an answer: the device is there. */
  answered: boolean;
  /** Varbinds per request now. */
  budget: number;
  /** The largest request answered (this poll, or remembered): requests up to it get every retry. */
  proven: number;
  /** Growth stops here: the configured maximum, or what the agent showed it can take. */
  ceiling: number;
  reason?: CeilingReason;
  since: number;
  /** The configured maximum. */
  readonly cap: number;
  /** One-varbind requests are out to tell a dead agent from a too-big request. */
  probing: boolean;
  /** The smallest request that went unanswered before probing. */
  silentAt: number;
  /** Times a request was sent again smaller after a silence, in this poll. */
  shrinks: number;
  /** Byte limit of the path (Infinity: none seen), the largest answer that came, the most bytes per varbind seen. */
  bytes: number;
  answeredBytes: number;
  bytesPerVarbind: number;
}

export function startSizing(record: SizeRecord | undefined, cap: number, now: number): SizeState {
  const max = Math.max(1, cap);
  let ceiling = max;
  let reason: CeilingReason | undefined;
  let since = record?.since ?? now;
  let bytes = record?.bytes ?? Infinity;
  if (record?.ceiling !== undefined && record.ceiling < max) {
    ceiling = Math.max(1, record.ceiling);
    reason = record.reason;
    if (reason !== 'truncated' && now - since >= RELAX_AFTER_MS) {
      // The agent's own truncation is a fact about it; a silence or tooBig may have been the path.
      ceiling = Math.max(ceiling + 1, Math.floor(ceiling * RELAX_FACTOR));
      since = now;
      bytes = Infinity;
      if (ceiling >= max) {
        ceiling = max;
        reason = undefined;
      }
    }
  }
  const working = record ? Math.max(1, Math.min(record.working, ceiling)) : 0;
  return {
    answered: false,
    // What worked: growing again is left to requests that fill it (answered()).
    budget: Math.min(ceiling, Math.max(working, START_VARBINDS)),
    proven: working,
    ceiling,
    reason,
    since,
    cap: max,
    probing: false,
    silentAt: 0,
    shrinks: 0,
    bytes,
    answeredBytes: record?.bytes ?? 0,
    bytesPerVarbind: record?.bytesPerVarbind ?? 0,
  };
}

/** Varbinds the next request may ask for: the budget, and within the path's byte limit when one was seen. */
export function budgetOf(state: SizeState): number {
  if (!Number.isFinite(state.bytes) || state.bytesPerVarbind <= 0) return state.budget;
  // A request's varbinds may be wordier than any seen so far: keep a quarter in hand.
  return Math.max(1, Math.min(state.budget, Math.floor(state.bytes / (state.bytesPerVarbind * WORDINESS_MARGIN))));
}

/** The record to keep after a poll; `previous` when the device never answered. */
export function endSizing(state: SizeState, previous: SizeRecord | undefined): SizeRecord | undefined {
  if (!state.answered) return previous;
  const before = state.shrinks === 0 && previous ? Math.min(previous.working, state.ceiling) : 0;
  const working = Math.max(1, Math.min(state.ceiling, Math.max(before, state.proven)));
  const record: SizeRecord = { working, since: state.since };
  // After a silence nothing above what worked is tried again until the ceiling relaxes: each try
  // would cost a timeout, on every poll.
  const ceiling = state.reason === 'silence' ? working : state.ceiling;
  if (ceiling < state.cap) {
    record.ceiling = ceiling;
    if (state.reason) record.reason = state.reason;
  }
  if (state.bytesPerVarbind > 0) {
    // Unless answers over one unfragmented datagram came through, later polls stay within one:
    // growing past it risks a silence on every poll of a device behind a path that drops fragments.
    const limit = Number.isFinite(state.bytes) ? state.bytes : state.answeredBytes <= SAFE_ANSWER_BYTES ? SAFE_ANSWER_BYTES : undefined;
    if (limit !== undefined) {
      record.bytes = limit;
      record.bytesPerVarbind = Math.ceil(state.bytesPerVarbind);
    }
  }
  return record;
}

export function sameRecord(a: SizeRecord | undefined, b: SizeRecord | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return (
    a.working === b.working &&
    a.ceiling === b.ceiling &&
    a.reason === b.reason &&
    a.since === b.since &&
    a.bytes === b.bytes &&
    a.bytesPerVarbind === b.bytesPerVarbind &&
    sameList(a.emptyColumns, b.emptyColumns)
  );
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Attempts for a request of `size` varbinds, out of the session's retries + 1. `reserved`: the
 * attempts kept back for this request, a one-varbind request after an unanswered first one.
 */
export function attemptsFor(state: SizeState, size: number, retries: number, reserved = 0): number {
  const all = Math.max(0, retries) + 1;
  if (state.answered) return size <= state.proven ? all : 1;
  if (reserved > 0) return reserved;
  if (size <= 1 || all === 1) return all;
  // Keep attempts back for a one-varbind request: one when this size worked before, else all but one.
  return size <= state.proven ? all - 1 : 1;
}

/**
 * A request of `size` was answered (`bytes`: its datagram, `varbinds` in it, when known): the
 * device is there, and the size may grow.
 */
export function answered(state: SizeState, size: number, now: number, bytes = 0, varbinds = 0, full = false): void {
  state.answered = true;
  if (bytes > 0 && varbinds > 0) {
    if (bytes > state.answeredBytes) state.answeredBytes = bytes;
    // Small answers are mostly message header: they would make every request look wordy.
    const per = bytes / varbinds;
    if (varbinds >= MIN_VARBINDS_FOR_WORDINESS && per > state.bytesPerVarbind) state.bytesPerVarbind = per;
  }
  if (state.probing) {
    // Alive: the earlier request was too big. Go on from half its size.
    state.probing = false;
    lower(state, state.silentAt - 1, 'silence', now);
    state.budget = Math.max(1, Math.min(state.ceiling, Math.floor(state.silentAt / 2)));
    state.proven = Math.max(state.proven > state.ceiling ? 0 : state.proven, size);
    return;
  }
  if (size > state.proven) state.proven = size;
  // Grow only when the request was as large as allowed and more was waiting: the answer proves the size works.
  if (full && state.budget < state.ceiling) state.budget = Math.min(state.ceiling, grown(state.budget));
}

function grown(size: number): number {
  return Math.max(size + 1, Math.floor(size * GROW_FACTOR));
}

/**
 * A request of `size` went unanswered after its attempts. True: send it again smaller (the
 * budget was lowered); false: give up (a dead agent, or even one varbind goes unanswered).
 */
export function silence(state: SizeState, size: number, retries: number, now: number): boolean {
  if (!state.answered) {
    if (size <= 1 || retries <= 0) return false;
    state.silentAt = state.probing ? Math.min(state.silentAt, size) : size;
    state.probing = true;
    state.budget = 1;
    state.shrinks++;
    return true;
  }
  if (size <= 1) return false;
  lower(state, size - 1, 'silence', now);
  // Answers came, this one did not: perhaps the path drops large datagrams. Stay within what got through.
  if (state.answeredBytes > 0 && state.answeredBytes < state.bytes) state.bytes = state.answeredBytes;
  state.budget = Math.max(1, Math.min(state.budget, Math.floor(size / 2)));
  state.shrinks++;
  return true;
}

/** The agent answered tooBig for `size` varbinds. */
export function tooBig(state: SizeState, size: number, now: number): void {
  lower(state, size - 1, 'tooBig', now);
  state.budget = Math.max(1, Math.min(state.budget, Math.floor(size / 2)));
}

/** The agent answered `got` of the varbinds asked without reaching the end of its MIB: its limit. */
export function truncated(state: SizeState, got: number, now: number): void {
  lower(state, got, 'truncated', now);
  state.budget = Math.min(state.budget, state.ceiling);
}

function lower(state: SizeState, ceiling: number, reason: CeilingReason, now: number): void {
  const c = Math.max(1, ceiling);
  if (c >= state.ceiling) return;
  state.ceiling = c;
  // A truncation stays the reason: it is the agent's own statement, never relaxed.
  if (state.reason !== 'truncated' || reason === 'truncated') state.reason = reason;
  state.since = now;
  if (state.budget > c) state.budget = c;
}
