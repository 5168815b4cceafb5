/**
 * Which session a poll uses: one long-lived session per device. v3 needs it because net-snmp keeps
 * the discovered engine (id, boots, time) inside the session, so discovery happens once per device
 * instead of once per poll; v1/v2c gain a socket that is not opened and closed on every poll (a
 * measurable gap in which the agent waits for us). A per-device lock serialises polls so they never
 * interleave on one session. Sessions idle for `idleMs`, and the least recently used beyond
 * `maxOpen` (one UDP socket each), are closed.
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
  key: string;
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
  /** At most this many pooled sessions (sockets) stay open; the least recently used idle ones go first. */
  maxOpen?: number;
  open?: (target: SessionTarget) => SnmpSession;
  now?: () => number;
}

/** The idle sweep runs at most this often: it visits every device. */
const SWEEP_EVERY_MS = 10_000;

export class SessionPool {
  readonly #entries = new Map<string, PoolEntry>();
  /** The entries with an open session, least recently acquired first: eviction takes from the front. */
  readonly #openLru = new Map<string, PoolEntry>();
  #sweptAt = -Infinity;
  readonly #idleMs: number;
  readonly #maxOpen: number;
  readonly #open: (target: SessionTarget) => SnmpSession;
  readonly #now: () => number;

  constructor(options: SessionPoolOptions = {}) {
    this.#idleMs = options.idleMs ?? 900_000;
    this.#maxOpen = options.maxOpen ?? 1024;
    this.#open = options.open ?? openSession;
    this.#now = options.now ?? Date.now;
  }

  /** Pooled sessions currently open (for tests and diagnostics). */
  get size(): number {
    return this.#openLru.size;
  }

  async acquire(key: string, target: SessionTarget, signal?: AbortSignal): Promise<SessionLease> {
    this.#sweep();
    const fingerprint = fingerprintOf(target);
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { key, fingerprint, session: undefined, tail: Promise.resolve(), busy: false, lastUsed: this.#now() };
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
    if (entry.session && entry.fingerprint !== fingerprint) this.#closeSession(entry);
    if (entry.session) {
      // Most recently used last.
      this.#openLru.delete(key);
      this.#openLru.set(key, entry);
    }
    entry.fingerprint = fingerprint;
    try {
      if (!entry.session) {
        entry.session = this.#open(target);
        this.#openLru.set(key, entry);
        this.#evictBeyondMax();
      }
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
        if (options?.discard && held.session === session) this.#closeSession(held);
        unlock();
      },
    };
  }

  /** Closes the pooled session of a device that is gone from the config. */
  forget(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#closeSession(entry);
  }

  close(): void {
    for (const key of [...this.#entries.keys()]) this.forget(key);
  }

  #closeSession(entry: PoolEntry): void {
    if (!entry.session) return;
    entry.session.close();
    entry.session = undefined;
    this.#openLru.delete(entry.key);
  }

  /**
   * Least recently used idle sessions first, in the map's order; a busy one is skipped. With more
   * devices than maxOpen this runs on most polls, so it must not sort or scan every device (it did:
   * 8 % of a worker's CPU at 3,000 devices).
   */
  #evictBeyondMax(): void {
    if (this.#openLru.size <= this.#maxOpen) return;
    for (const entry of this.#openLru.values()) {
      if (this.#openLru.size <= this.#maxOpen) break;
      if (!entry.busy) this.#closeSession(entry);
    }
  }

  #sweep(): void {
    const now = this.#now();
    if (now - this.#sweptAt < Math.min(SWEEP_EVERY_MS, this.#idleMs)) return;
    this.#sweptAt = now;
    const cutoff = now - this.#idleMs;
    for (const [key, entry] of this.#entries) {
      if (!entry.busy && entry.lastUsed < cutoff) {
        this.#entries.delete(key);
        this.#closeSession(entry);
      }
    }
  }
}

/** Everything that makes a session different; secrets only as a hash. */
function fingerprintOf(target: SessionTarget): string {
  const s = target.snmp;
  const v3 = s.v3;
  const parts = [
    target.address, s.port, s.version, s.timeoutMs, s.retries, s.community?.reveal(),
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
