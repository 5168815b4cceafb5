/**
 * The SNMP session: a narrow interface (get, getNext, getBulk, close) the walker talks to, and its
 * adapter on net-snmp. The adapter owns what net-snmp leaves to callers: retries (counted, so
 * self-metrics see them), typed errors (errors.ts), the session's 'error' events (undecodable
 * datagrams) and a diagnosis of why a request got no usable answer.
 */
import * as crypto from 'node:crypto';
import * as dgram from 'node:dgram';
import type { SnmpSettings, SnmpV3Credentials } from '../../inventory/types';
import type { Varbind } from './varbind';
import {
  ErrorStatus,
  SnmpAbortError,
  SnmpAgentError,
  SnmpAuthError,
  SnmpConfigError,
  SnmpError,
  SnmpProtocolError,
  SnmpTimeoutError,
  SnmpUnusableAnswerError,
  noAnswerMessage,
} from './errors';

/** Cumulative per session; the walker takes differences around a poll. */
export interface SessionCounters {
  /** Request PDUs sent, retries included. */
  requests: number;
  /** Requests sent again after a timeout. */
  retries: number;
  /** Requests that got no answer after all retries. */
  timeouts: number;
  /** Varbinds received. */
  varbinds: number;
}

export interface SnmpSession {
  readonly version: SnmpSettings['version'];
  readonly counters: Readonly<SessionCounters>;
  /** Size (bytes) of the datagram that answered the request that resolved last: read it right after the await. */
  readonly lastAnswerBytes?: number;
  /**
   * One varbind per OID, in order; absent objects come back as noSuchObject/noSuchInstance (v2c/v3).
   * `attempts`: send at most this many times before giving up (default: the settings' retries + 1).
   */
  get(oids: readonly string[], signal?: AbortSignal, attempts?: number): Promise<Varbind[]>;
  /** One varbind per OID: the lexicographic successor of each. */
  getNext(oids: readonly string[], signal?: AbortSignal, attempts?: number): Promise<Varbind[]>;
  /** result[i] = the varbinds returned for oids[i]: at most one for the first `nonRepeaters`. */
  getBulk(oids: readonly string[], nonRepeaters: number, maxRepetitions: number, signal?: AbortSignal, attempts?: number): Promise<Varbind[][]>;
  close(): void;
}

export interface SessionTarget {
  address: string;
  snmp: SnmpSettings;
}

// ---------------------------------------------------------------------------------------------
// net-snmp ships no type declarations; this is the subset the adapter uses.

type NetSnmpCallback<T> = (error: unknown, result?: T) => void;

interface NetSnmpSession {
  get(oids: string[], cb: NetSnmpCallback<Varbind[]>): void;
  getNext(oids: string[], cb: NetSnmpCallback<Varbind[]>): void;
  getBulk(oids: string[], nonRepeaters: number, maxRepetitions: number, cb: NetSnmpCallback<Array<Varbind | Varbind[]>>): void;
  close(): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  on(event: 'close', listener: () => void): void;
  /** v3: set once the agent's engine (id, boots, time) is known, i.e. after discovery. */
  msgSecurityParameters?: unknown;
}

interface NetSnmpOptions {
  port: number;
  retries: number;
  timeout: number;
  transport: 'udp4' | 'udp6';
  version: number;
  backwardsGetNexts: boolean;
  idBitsSize: 32;
  context?: string;
  dgramModule: { createSocket(type: 'udp4' | 'udp6'): dgram.Socket };
}

interface NetSnmpUser {
  name: string;
  level: number;
  authProtocol?: number;
  authKey?: string;
  privProtocol?: number;
  privKey?: string;
}

interface NetSnmpModule {
  Version1: number;
  Version2c: number;
  Version3: number;
  SecurityLevel: Record<string, number>;
  AuthProtocols: Record<string, number>;
  PrivProtocols: Record<string, number>;
  ResponseInvalidCode: Record<string, number>;
  RequestTimedOutError: new (...args: never[]) => Error;
  RequestFailedError: new (...args: never[]) => Error & { status?: number };
  ResponseInvalidError: new (...args: never[]) => Error & { code?: number };
  RequestInvalidError: new (...args: never[]) => Error;
  createSession(target: string, community: string, options: NetSnmpOptions): NetSnmpSession;
  createV3Session(target: string, user: NetSnmpUser, options: NetSnmpOptions): NetSnmpSession;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const snmp = require('net-snmp') as NetSnmpModule;

// ---------------------------------------------------------------------------------------------

/** Opens a session for one device. Throws SnmpConfigError for settings that cannot work. */
export function openSession(target: SessionTarget): SnmpSession {
  return new NetSnmpAdapter(target);
}

class NetSnmpAdapter implements SnmpSession {
  readonly version: SnmpSettings['version'];
  readonly counters: SessionCounters = { requests: 0, retries: 0, timeouts: 0, varbinds: 0 };
  lastAnswerBytes = 0;
  /** Size of the datagram being handled: net-snmp answers its request synchronously from the same event. */
  #datagramBytes = 0;
  readonly #session: NetSnmpSession;
  readonly #retries: number;
  readonly #timeoutMs: number;
  #closed = false;
  /** Datagrams that reached the socket, and those net-snmp could not decode: for "why no answer". */
  #datagrams = 0;
  /** Datagrams that answered some request: several requests may be out at once on one session. */
  #matched = 0;
  #undecodable = 0;
  #lastUndecodable = '';

  constructor(target: SessionTarget) {
    const s = target.snmp;
    this.version = s.version;
    this.#retries = Math.max(0, s.retries);
    this.#timeoutMs = Math.max(1, s.timeoutMs);
    const options: NetSnmpOptions = {
      port: s.port,
      // Retries happen here, not in net-snmp, so each one is counted (and gets a fresh request id).
      retries: 0,
      timeout: this.#timeoutMs,
      transport: target.address.includes(':') ? 'udp6' : 'udp4',
      version: s.version === '1' ? snmp.Version1 : s.version === '2c' ? snmp.Version2c : snmp.Version3,
      // The walker checks OID order itself, per column, so one bad column does not fail a whole request.
      backwardsGetNexts: true,
      idBitsSize: 32,
      dgramModule: {
        createSocket: (type) => {
          const socket = dgram.createSocket(type);
          socket.on('message', (msg: Buffer) => {
            this.#datagrams++;
            this.#datagramBytes = msg.length;
          });
          return socket;
        },
      },
    };
    if (s.version === '3') {
      if (!s.v3) throw new SnmpConfigError('SNMPv3 selected but no v3 user configured');
      options.context = s.v3.context ?? '';
      this.#session = snmp.createV3Session(target.address, v3User(s.v3), options);
    } else {
      const community = s.community?.reveal();
      if (community === undefined) throw new SnmpConfigError(`SNMPv${s.version} selected but no community configured`);
      this.#session = snmp.createSession(target.address, community, options);
    }
    // net-snmp emits 'error' for datagrams it cannot decode; unhandled, that would crash the process.
    this.#session.on('error', (error) => {
      this.#undecodable++;
      this.#lastUndecodable = error instanceof Error ? error.message : String(error);
    });
    this.#session.on('close', () => {
      this.#closed = true;
    });
  }

  get(oids: readonly string[], signal?: AbortSignal, attempts?: number): Promise<Varbind[]> {
    return this.#request<Varbind[]>(oids, signal, attempts, (list, cb) => this.#session.get(list, cb), (vbs) => vbs.length);
  }

  getNext(oids: readonly string[], signal?: AbortSignal, attempts?: number): Promise<Varbind[]> {
    return this.#request<Varbind[]>(oids, signal, attempts, (list, cb) => this.#session.getNext(list, cb), (vbs) => vbs.length);
  }

  async getBulk(oids: readonly string[], nonRepeaters: number, maxRepetitions: number, signal?: AbortSignal, attempts?: number): Promise<Varbind[][]> {
    // net-snmp divides by the repeater count when sorting the answer: never send a GETBULK without repeaters.
    if (nonRepeaters >= oids.length) return (await this.getNext(oids, signal, attempts)).map((vb) => [vb]);
    const raw = await this.#request<Array<Varbind | Varbind[]>>(
      oids,
      signal,
      attempts,
      (list, cb) => this.#session.getBulk(list, nonRepeaters, Math.max(1, maxRepetitions), cb),
      countBulk,
    );
    const out: Varbind[][] = new Array<Varbind[]>(oids.length);
    for (let i = 0; i < oids.length; i++) {
      const entry = raw[i];
      out[i] = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
    }
    return out;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#session.close();
    } catch {
      // Already closed by the socket itself: nothing left to release.
    }
  }

  async #request<T>(
    oids: readonly string[],
    signal: AbortSignal | undefined,
    attempts: number | undefined,
    send: (oids: string[], cb: NetSnmpCallback<T>) => void,
    count: (result: T) => number,
  ): Promise<T> {
    const list = oids.slice();
    const datagramsBefore = this.#datagrams;
    const matchedBefore = this.#matched;
    const undecodableBefore = this.#undecodable;
    const engineKnown = this.#session.msgSecurityParameters !== undefined;
    const tries = Math.max(1, Math.min(attempts ?? this.#retries + 1, this.#retries + 1));
    for (let attempt = 0; attempt < tries; attempt++) {
      if (attempt > 0) this.counters.retries++;
      const outcome = await this.#once(list, signal, send);
      if (outcome.ok) {
        this.counters.varbinds += count(outcome.value);
        return outcome.value;
      }
      if (!(outcome.error instanceof snmp.RequestTimedOutError)) throw this.#translate(outcome.error, list);
    }
    this.counters.timeouts++;
    const discovered = !engineKnown && this.#session.msgSecurityParameters !== undefined;
    // Answers to other requests out at the same time are not "datagrams that did not match".
    const unmatched = this.#datagrams - datagramsBefore - (this.#matched - matchedBefore);
    throw this.#noAnswer(tries, Math.max(0, unmatched), this.#undecodable - undecodableBefore, discovered);
  }

  #once<T>(
    list: string[],
    signal: AbortSignal | undefined,
    send: (oids: string[], cb: NetSnmpCallback<T>) => void,
  ): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    if (this.#closed) return Promise.reject(new SnmpAbortError('session closed'));
    if (signal?.aborted) return Promise.reject(new SnmpAbortError());
    return new Promise((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        reject(new SnmpAbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.counters.requests++;
      try {
        send(list, (error, value) => {
          if (!(error instanceof snmp.RequestTimedOutError)) {
            this.#matched++;
            this.lastAnswerBytes = this.#datagramBytes;
          }
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          if (error) resolve({ ok: false, error });
          else if (value === undefined) resolve({ ok: false, error: new SnmpProtocolError('empty answer') });
          else resolve({ ok: true, value });
        });
      } catch (error) {
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve({ ok: false, error });
      }
    });
  }

  #noAnswer(tries: number, datagrams: number, undecodable: number, discovered: boolean): SnmpError {
    const tried = `${tries} attempt${tries === 1 ? '' : 's'} of ${this.#timeoutMs} ms`;
    if (discovered) {
      // The agent answered discovery (so it is there and knows SNMPv3) but dropped every
      // encrypted request: what agents do when they cannot decrypt it.
      return new SnmpAuthError(`SNMPv3: the agent answered engine discovery but not the request after ${tried} (wrong privacy key or protocol?)`);
    }
    if (undecodable > 0) {
      return new SnmpUnusableAnswerError(`no usable answer after ${tried}: ${undecodable} undecodable datagram(s) (${this.#lastUndecodable})`);
    }
    if (datagrams > 0) {
      return new SnmpUnusableAnswerError(`no usable answer after ${tried}: ${datagrams} datagram(s) did not match the request (wrong request id?)`);
    }
    const hint = this.version === '3' ? 'unreachable, or SNMPv3 not enabled?' : 'wrong community or unreachable?';
    const noAnswer = { attempts: tries, timeoutMs: this.#timeoutMs, hint };
    return new SnmpTimeoutError(noAnswerMessage(noAnswer), noAnswer);
  }

  #translate(error: unknown, oids: readonly string[]): SnmpError {
    if (error instanceof SnmpError) return error;
    if (error instanceof snmp.RequestFailedError) {
      const status = typeof error.status === 'number' ? error.status : ErrorStatus.genErr;
      // net-snmp says "<Status>: <oid of the error-index varbind>"; the agent echoes the request OIDs.
      const colon = error.message.indexOf(': ');
      const oid = colon >= 0 ? error.message.slice(colon + 2) : undefined;
      return new SnmpAgentError(status, oid === undefined ? -1 : oids.indexOf(oid), oid);
    }
    if (error instanceof snmp.ResponseInvalidError) return translateInvalid(error.message, error.code);
    if (error instanceof snmp.RequestInvalidError) return new SnmpConfigError(`request rejected before sending: ${error.message}`, { cause: error });
    if (isDesUnsupported(error)) return desUnsupported(error);
    if (error instanceof Error && error.message === 'Socket forcibly closed') return new SnmpAbortError('session closed');
    if (error instanceof Error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        return new SnmpError('unreachable', `cannot send: ${error.message}`, { cause: error });
      }
      return new SnmpError('internal', error.message, { cause: error });
    }
    return new SnmpError('internal', String(error));
  }
}

function countBulk(result: Array<Varbind | Varbind[]>): number {
  let n = 0;
  for (const entry of result) n += Array.isArray(entry) ? entry.length : 1;
  return n;
}

function translateInvalid(message: string, code: number | undefined): SnmpError {
  const codes = snmp.ResponseInvalidCode;
  if (code === codes.EAuthFailure || code === codes.ECouldNotDecrypt) {
    if (/time window/i.test(message)) return new SnmpProtocolError(`SNMPv3: ${message} (engine boots/time out of sync)`);
    if (code === codes.ECouldNotDecrypt) return new SnmpAuthError('SNMPv3: could not decrypt the answer (wrong privacy key or protocol?)');
    if (message.startsWith('Authentication digest')) return new SnmpAuthError('SNMPv3: the answer failed authentication (wrong auth key or protocol?)');
    if (/decryption/i.test(message)) return new SnmpAuthError('SNMPv3: the agent could not decrypt the request (wrong privacy key or protocol?)');
    if (/wrong digest/i.test(message)) return new SnmpAuthError('SNMPv3: the agent rejected the request digest (wrong auth key or protocol?)');
    if (/unknown user/i.test(message)) return new SnmpAuthError('SNMPv3: the agent does not know this user');
    if (/security level/i.test(message)) return new SnmpAuthError('SNMPv3: the agent does not support this security level for the user');
    return new SnmpAuthError(`SNMPv3: ${message}`);
  }
  if (code === codes.ENotInTimeWindow) return new SnmpProtocolError(`SNMPv3: ${message}`);
  return new SnmpProtocolError(`invalid answer: ${message}`);
}

function v3User(v3: SnmpV3Credentials): NetSnmpUser {
  const user: NetSnmpUser = { name: v3.user, level: snmp.SecurityLevel[v3.level] };
  if (v3.level === 'noAuthNoPriv') return user;
  if (!v3.authProtocol || !v3.authKey) throw new SnmpConfigError(`SNMPv3 level ${v3.level} needs an auth protocol and key`);
  user.authProtocol = snmp.AuthProtocols[v3.authProtocol];
  user.authKey = v3.authKey.reveal();
  if (v3.level === 'authNoPriv') return user;
  if (!v3.privProtocol || !v3.privKey) throw new SnmpConfigError('SNMPv3 level authPriv needs a privacy protocol and key');
  if (v3.privProtocol === 'des' && !desSupported()) throw desUnsupported();
  user.privProtocol = snmp.PrivProtocols[v3.privProtocol];
  user.privKey = v3.privKey.reveal();
  return user;
}

let desChecked: boolean | undefined;

/** OpenSSL 3 moved DES to its legacy provider, which Node.js only loads with --openssl-legacy-provider. */
function desSupported(): boolean {
  if (desChecked === undefined) {
    try {
      crypto.createCipheriv('des-cbc', Buffer.alloc(8), Buffer.alloc(8));
      desChecked = true;
    } catch {
      desChecked = false;
    }
  }
  return desChecked;
}

function isDesUnsupported(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_OSSL_EVP_UNSUPPORTED';
}

function desUnsupported(cause?: unknown): SnmpConfigError {
  return new SnmpConfigError(
    'SNMPv3 DES privacy is not available in this Node.js (OpenSSL 3 disabled DES): use AES, or start node with --openssl-legacy-provider',
    { cause },
  );
}
