/**
 * Fail fast on devices known dead. A device that answers nothing costs a poll its whole budget:
 * every request waits timeout × (retries + 1), the walk's one-varbind probe for "too big" waits too
 * (sizing.ts), and the queue retries the run. A client with thousands of dead devices then holds
 * the workers' slots for minutes each interval. After `afterPolls` polls in a row without any
 * answer, a poll first sends one small GET (sysUpTime), once, with the short `timeoutMs`: still
 * silent, the poll fails at once (not retried: the next poll checks again); any answer, and the
 * poll walks as usual — the device's size memory and adaptive sizing are untouched, since this
 * check never counts as a silence of a request size.
 *
 * Counted per worker process: each worker learns a device's silence from the polls it runs.
 */
import { SYSTEM } from '../../../mibs/oids';
import type { DeviceWalk } from './walker';
import type { SnmpSession } from './session';

/** Polls in a row that got no answer at all, per device. */
export class SilentDevices {
  private readonly silent = new Map<string, number>();

  /** Polls in a row without an answer. */
  count(device: string): number {
    return this.silent.get(device) ?? 0;
  }

  known(device: string, afterPolls: number): boolean {
    return afterPolls > 0 && this.count(device) >= afterPolls;
  }

  record(device: string, answered: boolean): void {
    if (answered) this.silent.delete(device);
    else this.silent.set(device, this.count(device) + 1);
  }

  forget(device: string): void {
    this.silent.delete(device);
  }
}

/** The walk got no answer at all: not one varbind came back and it failed for want of an answer. */
export function answeredNothing(walk: DeviceWalk): boolean {
  return walk.stats.wireVarbinds === 0 && walk.fatal?.kind === 'timeout';
}

/**
 * One GET of sysUpTime, one attempt, at most `timeoutMs`: true when the device answered anything
 * (an error status is an answer too), false on silence. Rejects only when `signal` (the poll's own
 * deadline or shutdown) was aborted.
 */
export async function answersOnce(session: SnmpSession, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const check = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  try {
    await session.get([SYSTEM.sysUpTime], check, 1);
    return true;
  } catch (err) {
    if (signal.aborted) throw err;
    const kind = (err as { kind?: unknown }).kind;
    // Our short timeout fired, or the session's own one: silence. Anything else came from an answer.
    return !(check.aborted || kind === 'timeout' || kind === 'unreachable');
  }
}
