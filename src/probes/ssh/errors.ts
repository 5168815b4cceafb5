/**
 * Failures of a config fetch, typed by what to do next (a wrong password is not retried, a
 * timeout is) and worded as one line an operator can act on. Device output never goes into a
 * message: it may hold the very secrets the backup redacts.
 */
import type { FailureKind, ProbeFailure } from '../types';

export class SshFetchError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** Set when the device offered a host key other than the pinned one. */
    readonly hostKeyChanged = false,
  ) {
    super(message);
    this.name = 'SshFetchError';
  }
}

/** Socket and ssh2 errors → a failure; `where` is "host:port". */
export function classifyError(err: unknown, where: string): SshFetchError {
  if (err instanceof SshFetchError) return err;
  const e = err as (Error & { code?: string; level?: string }) | undefined;
  const msg = e?.message ?? String(err);
  const code = e?.code;
  if (code === 'ECONNREFUSED') return new SshFetchError('unreachable', `ssh: connection to ${where} refused`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new SshFetchError('unreachable', `ssh: ${where} unreachable (${code})`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new SshFetchError('unreachable', `ssh: cannot resolve ${where} (${code})`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new SshFetchError('unreachable', `ssh: ${where} closed the connection (${code})`);
  if (e?.level === 'client-timeout') return new SshFetchError('timeout', `ssh: no SSH handshake from ${where} within the connect timeout`);
  if (e?.level === 'client-authentication') return new SshFetchError('auth', `ssh: authentication to ${where} failed (${msg})`);
  if (e?.level === 'handshake' || /no matching/i.test(msg)) {
    return new SshFetchError('protocol', `ssh: handshake with ${where} failed: ${msg} (old firmware may need legacy_algorithms: true)`);
  }
  if (/privateKey|passphrase|Encrypted private key/i.test(msg)) return new SshFetchError('config', `ssh: cannot use the private key: ${msg}`);
  return new SshFetchError('protocol', `ssh: ${where}: ${msg}`);
}

export function toFailure(err: SshFetchError): ProbeFailure {
  return { kind: err.kind, message: err.message };
}
