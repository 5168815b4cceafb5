import { inspect } from 'node:util';
import type { ReadResult } from './read-file';
import type { SecretInput } from './schema';
import type { PathProblem } from './types';

/**
 * A credential (community, v3 key, password). It cannot leak by accident: JSON, string
 * conversion and util.inspect (used by loggers) all give `<secret>`; only `reveal()` gives the value.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toJSON(): string {
    return '<secret>';
  }

  toString(): string {
    return '<secret>';
  }

  [inspect.custom](): string {
    return '<secret>';
  }
}

export interface SecretContext {
  env: NodeJS.ProcessEnv;
  /** Reads a `{ file: path }` secret; relative paths are relative to the config file. */
  readFile: (path: string) => ReadResult;
}

/** A literal, "${ENV_VAR}" or { file } as written in the config → the Secret; a problem (at `path`) when it cannot be had. */
export function resolveSecret(input: SecretInput, path: string, ctx: SecretContext, problems: PathProblem[]): Secret | undefined {
  if (typeof input !== 'string') {
    const read = ctx.readFile(input.file);
    if (!read.ok) {
      problems.push({ path: `${path}.file`, message: `secret file ${JSON.stringify(input.file)} ${read.reason}` });
      return undefined;
    }
    return new Secret(read.text.replace(/\r?\n$/, ''));
  }
  let missing: string | undefined;
  const value = input.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const v = ctx.env[name];
    if (v === undefined) missing ??= name;
    return v ?? '';
  });
  if (missing !== undefined) {
    problems.push({ path, message: `environment variable ${missing} is not set` });
    return undefined;
  }
  return new Secret(value);
}
