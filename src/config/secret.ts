import { inspect } from 'node:util';

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
