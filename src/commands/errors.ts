/** Exit code of a bad invocation: a wrong argument or a config that does not validate. */
export const EXIT_USAGE = 2;

/** An error whose message is meant for a person (bad config, bad argument): printed without a stack. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_USAGE) {
    super(message);
    this.name = 'UserError';
  }
}

/** A port already in use or not allowed is the operator's to fix: say so in one line, not with a stack. */
export function asListenError(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof Error && (e.syscall === 'listen' || e.syscall === 'bind') && typeof e.code === 'string') {
    const where = 'address' in e && 'port' in e ? ` ${String((e as { address: unknown }).address)}:${String((e as { port: unknown }).port)}` : '';
    const why = e.code === 'EADDRINUSE' ? 'address already in use' : e.code === 'EACCES' ? 'permission denied' : e.code;
    return new UserError(`cannot ${e.syscall} on${where}: ${why}`);
  }
  return err;
}
