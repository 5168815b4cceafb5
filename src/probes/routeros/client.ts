/**
 * The one file that talks to `node-routeros`: a session with `print` and `close`, and every way
 * the library can fail turned into a RouterosError typed by what to do next.
 *
 * node-routeros 1.6.9 (the last release; the project is discontinued) needs guarding:
 * - a reply word it does not know (RouterOS 7.18+ answers an empty print with `!empty`) makes it
 *   throw inside the socket's data handler, which would crash the process: replies are read through
 *   a wrapper that drops `!empty` and turns any throw into a `protocol` failure;
 * - a connection that drops while a command waits never settles that command, and a close during
 *   login never settles `connect()`: every wait is raced against the connection's end;
 * - after login, socket errors are emitted on the API object and throw when nobody listens;
 * - it has no cancellation: the abort signal destroys the socket and clears its keep-alive timer.
 * These reach into fields the library does not export; they are checked at run time, and a
 * library whose shape changed fails the probe as `internal` instead of running unguarded.
 */
import type { TlsOptions } from 'node:tls';
import { getSystemErrorName } from 'node:util';
import { RouterOSAPI } from 'node-routeros';
import type { Secret } from '../../config/secret';
import type { FailureKind } from '../types';

/** One `!re` sentence: attribute name → value, as the device sent it. */
export type Row = Record<string, string>;

export class RouterosError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'RouterosError';
  }
}

export interface RouterosSession {
  /** Runs `command` (e.g. `/interface/print`) with extra words (queries, `.proplist`); the `!re` rows. */
  print(command: string, words?: string[]): Promise<Row[]>;
  /** Ends the session; safe to call more than once. */
  close(): void;
}

export interface RouterosConnectOptions {
  host: string;
  port: number;
  username: string;
  password: Secret;
  /** TLS (api-ssl); undefined = plain TCP. */
  tls?: TlsOptions;
  signal: AbortSignal;
  /** The socket's idle timeout (node-routeros counts it in whole seconds). */
  idleTimeoutMs?: number;
}

interface ReceiverInternals {
  processRawData(data: Buffer): void;
  read(tag: string, callback: (packet: string[]) => void): void;
}

interface ConnectorInternals {
  receiver?: ReceiverInternals;
  socket?: NodeJS.EventEmitter;
  destroy(): void;
}

interface ApiInternals {
  connector?: ConnectorInternals;
  connectionHoldInterval?: NodeJS.Timeout;
  keptaliveby?: NodeJS.Timeout;
}

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the device',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EPIPE: 'connection closed by the device',
};

/**
 * Pure: what node-routeros failed with → a failure kind and one line. Its socket errors are
 * RosExceptions whose `errno` is Node's number (-111) or a code of its own (SOCKTMOUT, CANTLOGIN);
 * a `!trap` to /login is a plain Error carrying the device's message.
 */
export function classifyConnectError(err: unknown, where: string, stage: 'login' | 'session' = 'login'): RouterosError {
  const raw = typeof err === 'object' && err !== null && 'errno' in err ? (err as { errno: unknown }).errno : undefined;
  const errno = typeof raw === 'number' ? systemErrorName(raw) : typeof raw === 'string' ? raw : undefined;
  const message = oneLine(err instanceof Error ? err.message : String(err));
  if (errno === 'CANTLOGIN') return new RouterosError('auth', `${where}: login refused (invalid user name or password)`);
  if (errno === 'SOCKTMOUT') return new RouterosError('timeout', `${where}: no answer from the API port`);
  if (errno && SOCKET_ERRORS[errno]) return new RouterosError('unreachable', `${where}: ${SOCKET_ERRORS[errno]}`);
  if (errno) return new RouterosError('unreachable', `${where}: connection failed (${errno})`);
  const isLibraryError = err instanceof Error && err.name === 'RosException';
  if (isLibraryError) return new RouterosError('unreachable', `${where}: connection failed${message ? ` (${message})` : ' (socket or TLS error)'}`);
  if (stage === 'login' && err instanceof Error) return new RouterosError('auth', `${where}: login refused: ${message}`);
  return new RouterosError('protocol', `${where}: ${message}`);
}

function systemErrorName(errno: number): string {
  try {
    return getSystemErrorName(errno);
  } catch {
    return `errno ${errno}`;
  }
}

/** Pure: a `!trap` to a command → failure. Missing rights are the API user's group, not the network. */
export function classifyTrap(command: string, message: string): RouterosError {
  const kind: FailureKind = /permission|not allowed/i.test(message) ? 'auth' : 'protocol';
  return new RouterosError(kind, `${command}: device answered !trap: ${oneLine(message)}`);
}

/**
 * Pure: whether the first bytes of a connection can start an API reply (a length-prefixed word
 * beginning with "!"). An HTTP or SSH server on the port fails this at once instead of the
 * library waiting for a sentence that never comes.
 */
export function looksLikeApiReply(first: Buffer): boolean {
  if (first.length === 0) return true;
  const b = first[0]!;
  const prefix = b < 0x80 ? 1 : b < 0xc0 ? 2 : b < 0xe0 ? 3 : b < 0xf0 ? 4 : b === 0xf0 ? 5 : 0;
  if (prefix === 0) return false;
  if (first.length <= prefix) return true;
  return first[prefix] === 0x21; // "!"
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export async function connectRouteros(opts: RouterosConnectOptions): Promise<RouterosSession> {
  const where = `${opts.host}:${opts.port}`;
  const api = new RouterOSAPI({
    host: opts.host,
    port: opts.port,
    user: opts.username,
    password: opts.password.reveal(),
    timeout: Math.max(1, Math.ceil((opts.idleTimeoutMs ?? 10_000) / 1000)),
    tls: opts.tls,
  });
  const internals = api as unknown as ApiInternals;

  let closed = false;
  let rejectEnded: (err: RouterosError) => void = () => undefined;
  // Settles (rejects) only when the connection is gone; every wait races it.
  const ended = new Promise<never>((_, reject) => {
    rejectEnded = reject;
  });
  ended.catch(() => undefined);
  const end = (err: RouterosError) => {
    if (closed) return;
    closed = true;
    opts.signal.removeEventListener('abort', onAbort);
    clearTimeout(internals.connectionHoldInterval);
    clearTimeout(internals.keptaliveby);
    try {
      internals.connector?.destroy();
    } catch {
      // Already destroyed by the library itself.
    }
    rejectEnded(err);
  };
  const aborted = () => {
    const reason: unknown = opts.signal.reason;
    // AbortSignal.timeout aborts with a DOMException named TimeoutError (not always an Error instance).
    const deadline = typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
    return new RouterosError('timeout', deadline ? `${where}: no answer before the probe deadline` : `${where}: cancelled`);
  };
  const onAbort = () => end(aborted());

  api.on('error', (err: unknown) => end(classifyConnectError(err, where, 'session')));
  let fatal = false;
  api.on('close', () => end(new RouterosError('unreachable', fatal ? `${where}: the device ended the API session (!fatal)` : `${where}: the device closed the connection`)));

  if (opts.signal.aborted) throw aborted();
  opts.signal.addEventListener('abort', onAbort, { once: true });

  const connecting = api.connect();
  // connect() created the connector and its receiver synchronously; no byte has arrived yet.
  const guardProblem = guardReceiver(internals, (err) => end(err), where, () => {
    fatal = true;
  });
  if (guardProblem) {
    connecting.catch(() => undefined);
    end(new RouterosError('internal', guardProblem));
    throw new RouterosError('internal', guardProblem);
  }

  try {
    await Promise.race([connecting, ended]);
  } catch (err) {
    const failure = err instanceof RouterosError ? err : classifyConnectError(err, where);
    end(failure);
    throw failure;
  }

  return {
    async print(command, words = []) {
      if (closed) throw new RouterosError('internal', `${command}: session already closed`);
      let rows: unknown;
      try {
        rows = await Promise.race([api.write(command, words), ended]);
      } catch (err) {
        if (err instanceof RouterosError) throw err;
        throw classifyTrap(command, err instanceof Error ? err.message : String(err));
      }
      if (!Array.isArray(rows)) throw new RouterosError('protocol', `${command}: unexpected answer`);
      return rows.map(toRow);
    },
    close() {
      end(new RouterosError('internal', 'closed'));
    },
  };
}

function toRow(value: unknown): Row {
  const row: Row = {};
  if (typeof value !== 'object' || value === null) return row;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string' && k !== '') row[k] = v;
  return row;
}

/** Installs the guards described at the top of the file; a message when the library's shape is not the expected one. */
function guardReceiver(internals: ApiInternals, fail: (err: RouterosError) => void, where: string, onFatal: () => void): string | undefined {
  const receiver = internals.connector?.receiver;
  const socket = internals.connector?.socket;
  if (!receiver || typeof receiver.processRawData !== 'function' || typeof receiver.read !== 'function' || !socket) {
    return 'node-routeros changed its internals: the RouterOS probe cannot guard it (see src/probes/routeros/client.ts)';
  }
  const processRawData = receiver.processRawData.bind(receiver);
  const read = receiver.read.bind(receiver);
  let first = true;
  receiver.processRawData = (data: Buffer) => {
    if (first) {
      first = false;
      if (!looksLikeApiReply(data)) {
        fail(new RouterosError('protocol', `${where}: not a RouterOS API answer (is this the API port?)`));
        return;
      }
    }
    try {
      processRawData(data);
    } catch (err) {
      fail(new RouterosError('protocol', `${where}: unreadable API answer (${oneLine(err instanceof Error ? err.message : String(err))})`));
    }
  };
  receiver.read = (tag, callback) => read(tag, (packet) => (packet[0] === '!empty' ? undefined : callback(packet)));
  socket.prependOnceListener('fatal', onFatal);
  return undefined;
}
