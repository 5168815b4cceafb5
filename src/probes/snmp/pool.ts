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

export class SessionPool {
  readonly #entries = new Map<string, PoolEntry>();
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
    let n = 0;
    for (const e of this.#entries.values()) if (e.session) n++;
    return n;
  }

  async acquire(key: string, target: SessionTarget, signal?: AbortSignal): Promise<SessionLease> {
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
      if (!entry.session) {
        entry.session = this.#open(target);
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

  #evictBeyondMax(): void {
    let open = this.size;
    if (open <= this.#maxOpen) return;
    const idle = [...this.#entries].filter(([, e]) => e.session && !e.busy).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [, entry] of idle) {
      if (open <= this.#maxOpen) break;
      entry.session?.close();
      entry.session = undefined;
      open--;
    }
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
