/** Exit code of a bad invocation: a wrong argument or a config that does not validate. */
export const EXIT_USAGE = 2;

/** An error whose message is meant for a person (bad config, bad argument): printed without a stack. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_USAGE) {
    super(message);
    this.name = 'UserError';
  }
}
