/**
 * Which session a poll uses. v1/v2c: a fresh one per poll, closed afterwards. v3: one long-lived
 * session per device, because net-snmp keeps the discovered engine (id, boots, time) inside the
 * session; reusing it means discovery happens once per device instead of once per poll. A per-device
 * lock serialises polls so concurrent polls never interleave on one engine state.
 */
import { createHash } from 'node:crypto';
import { SnmpAbortError } from './errors';
import { openSession, type SessionTarget, type SnmpSession } from './session';

export interface SessionLease {
  readonly session: SnmpSession;
  /** `discard`: close the session even if it is pooled (after auth errors or cancellation). */
  release(options?: { discard?: boolean }): void;
}

interface PoolEntry {
  fingerprint: string;
  session: SnmpSession | undefined;
  /** Resolves when the current holder releases; the next poll waits on it. */
  tail: Promise<void>;
  busy: boolean;
  lastUsed: number;
}

export interface SessionPoolOptions {
  /** Close pooled sessions unused for this long (devices removed from the config). */
  idleMs?: number;
  open?: (target: SessionTarget) => SnmpSession;
  now?: () => number;
}

export class SessionPool {
  readonly #entries = new Map<string, PoolEntry>();
  readonly #idleMs: number;
  readonly #open: (target: SessionTarget) => SnmpSession;
  readonly #now: () => number;

  constructor(options: SessionPoolOptions = {}) {
    this.#idleMs = options.idleMs ?? 3_600_000;
    this.#open = options.open ?? openSession;
    this.#now = options.now ?? Date.now;
  }

  /** Pooled v3 sessions currently open (for tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (const e of this.#entries.values()) if (e.session) n++;
    return n;
  }

  async acquire(key: string, target: SessionTarget, signal?: AbortSignal): Promise<SessionLease> {
    if (target.snmp.version !== '3') {
      const session = this.#open(target);
      return { session, release: () => session.close() };
    }
    this.#sweep();
    const fingerprint = fingerprintOf(target);
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { fingerprint, session: undefined, tail: Promise.resolve(), busy: false, lastUsed: this.#now() };
      this.#entries.set(key, entry);
    }
    const previous = entry.tail;
    let unlock!: () => void;
    entry.tail = new Promise<void>((resolve) => {
      unlock = resolve;
    });
    try {
      await waitOrAbort(previous, signal);
    } catch (err) {
      // Keep the chain intact: whoever queued after us waits for our predecessor, not forever.
      void previous.then(unlock);
      throw err;
    }
    entry.busy = true;
    if (entry.session && entry.fingerprint !== fingerprint) {
      entry.session.close();
      entry.session = undefined;
    }
    entry.fingerprint = fingerprint;
    try {
      entry.session ??= this.#open(target);
    } catch (err) {
      entry.busy = false;
      unlock();
      throw err;
    }
    const session = entry.session;
    const held = entry;
    let released = false;
    return {
      session,
      release: (options) => {
        if (released) return;
        released = true;
        held.busy = false;
        held.lastUsed = this.#now();
        if (options?.discard && held.session === session) {
          session.close();
          held.session = undefined;
        }
        unlock();
      },
    };
  }

  /** Closes the pooled session of a device that is gone from the config. */
  forget(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    entry.session?.close();
  }

  close(): void {
    for (const key of [...this.#entries.keys()]) this.forget(key);
  }

  #sweep(): void {
    const cutoff = this.#now() - this.#idleMs;
    for (const [key, entry] of this.#entries) {
      if (!entry.busy && entry.lastUsed < cutoff) {
        this.#entries.delete(key);
        entry.session?.close();
      }
    }
  }
}

/** Everything that makes a session different; secrets only as a hash. */
function fingerprintOf(target: SessionTarget): string {
  const s = target.snmp;
  const v3 = s.v3;
  const parts = [
    target.address, s.port, s.version, s.timeoutMs, s.retries,
    v3?.user, v3?.level, v3?.authProtocol, v3?.authKey?.reveal(), v3?.privProtocol, v3?.privKey?.reveal(), v3?.context,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function waitOrAbort(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new SnmpAbortError());
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(new SnmpAbortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
