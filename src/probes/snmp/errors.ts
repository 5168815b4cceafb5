/**
 * SNMP failures typed by what to do next (the FailureKind of a probe result): timeouts may be
 * retried later, bad credentials or settings may not. The session adapter turns net-snmp's errors
 * into these at the boundary; the walker and the probe only ever see SnmpError.
 */
import type { FailureKind } from '../types';

export class SnmpError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  /** False when trying again cannot help (bad credentials, bad settings). */
  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'unreachable' || this.kind === 'internal';
  }
}

/** What a "no answer" was, so a caller that sent again (smaller) can report the whole. */
export interface NoAnswer {
  attempts: number;
  timeoutMs: number;
  /** The likely causes, e.g. "wrong community or unreachable?". */
  hint: string;
}

export function noAnswerMessage(n: NoAnswer): string {
  return `no answer after ${n.attempts} attempt${n.attempts === 1 ? '' : 's'} of ${n.timeoutMs} ms (${n.hint})`;
}

/** No answer after all retries. */
export class SnmpTimeoutError extends SnmpError {
  constructor(
    message: string,
    readonly noAnswer?: NoAnswer,
  ) {
    super('timeout', message);
  }
}

/** SNMPv3 authentication/privacy failed (unknown user, wrong digest, decryption error). Never retried. */
export class SnmpAuthError extends SnmpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('auth', message, options);
  }
}

/** Settings that cannot work (e.g. a privacy protocol this Node.js build cannot do). Never retried. */
export class SnmpConfigError extends SnmpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
  }
}

/** The agent answered something unusable: undecodable, non-increasing OIDs, runaway tables. */
export class SnmpProtocolError extends SnmpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('protocol', message, options);
  }
}

/**
 * Datagrams came back, but none was a usable answer (undecodable, or for another request id).
 * Like a timeout, it says nothing about other requests, except when nothing else was answered.
 */
export class SnmpUnusableAnswerError extends SnmpProtocolError {}

/** The poll was cancelled (deadline or shutdown) while a request was outstanding. */
export class SnmpAbortError extends SnmpError {
  constructor(message = 'cancelled (probe deadline or shutdown)') {
    super('timeout', message);
  }
}

/** SNMP error-status values (RFC 3416) the walker reacts to. */
export const ErrorStatus = {
  tooBig: 1,
  noSuchName: 2,
  genErr: 5,
} as const;

const STATUS_NAMES = [
  'noError', 'tooBig', 'noSuchName', 'badValue', 'readOnly', 'genErr', 'noAccess', 'wrongType', 'wrongLength',
  'wrongEncoding', 'wrongValue', 'noCreation', 'inconsistentValue', 'resourceUnavailable', 'commitFailed',
  'undoFailed', 'authorizationError', 'notWritable', 'inconsistentName',
];

export function errorStatusName(status: number): string {
  return STATUS_NAMES[status] ?? `error-status ${status}`;
}

/**
 * The agent answered with a non-zero error-status. `index` is the 0-based position of the
 * offending varbind in the request, or -1 when the agent did not say.
 */
export class SnmpAgentError extends SnmpError {
  constructor(
    readonly status: number,
    readonly index: number,
    readonly oid: string | undefined,
  ) {
    super('protocol', `agent answered ${errorStatusName(status)}${oid ? ` for ${oid}` : ''}`);
  }
}

export function isTooBig(err: unknown): err is SnmpAgentError {
  return err instanceof SnmpAgentError && err.status === ErrorStatus.tooBig;
}

/** Anything thrown below the probe, as an SnmpError (unknown errors are `internal`). */
export function asSnmpError(err: unknown): SnmpError {
  if (err instanceof SnmpError) return err;
  return new SnmpError('internal', err instanceof Error ? err.message : String(err), { cause: err });
}
