/**
 * Prompt-driven dialogue with a device's interactive shell: wait for the prompt through banners
 * and slow output, answer pagers and "Press any key", send a command, collect what it printed.
 * Works on any duplex stream (an ssh2 channel in production).
 */
import type { Interaction } from '../../platforms/types';
import { SshFetchError } from './errors';
import { renderTerminal } from './terminal';

export interface ShellStream {
  write(data: string): unknown;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export interface ShellOptions {
  pager?: { pattern: RegExp; reply: string };
  interactions?: readonly Interaction[];
  /** Longest silence while waiting for something. */
  idleMs: number;
  signal: AbortSignal;
  /** "host:port", for messages. */
  where: string;
}

/** The last line as a terminal shows it (the prompt lives there). */
function lastLine(raw: string): string {
  return renderTerminal(raw.slice(raw.lastIndexOf('\n') + 1));
}

function endsWith(raw: string, pattern: RegExp): RegExpExecArray | null {
  const tail = raw.slice(-512);
  const re = new RegExp(`(?:${pattern.source})\\s*$`, pattern.flags.replace('g', ''));
  return re.exec(tail);
}

export class ShellSession {
  #buf = '';
  #closed = false;
  #wake: (() => void) | undefined;

  constructor(
    private readonly stream: ShellStream,
    private readonly opts: ShellOptions,
  ) {
    stream.on('data', (d) => this.#onData(d.toString('utf8')));
    stream.on('close', () => {
      this.#closed = true;
      this.#wake?.();
    });
  }

  #onData(chunk: string): void {
    this.#buf += chunk;
    const pager = this.opts.pager && endsWith(this.#buf, this.opts.pager.pattern);
    if (pager && this.opts.pager) {
      // Dropped from what is kept; the device's own erase sequences then work on an empty line.
      this.#buf = this.#buf.slice(0, this.#buf.length - (this.#buf.slice(-512).length - pager.index));
      this.stream.write(this.opts.pager.reply);
    }
    for (const step of this.opts.interactions ?? []) {
      const m = endsWith(this.#buf, step.expect);
      if (m) {
        this.#buf = this.#buf.slice(0, this.#buf.length - (this.#buf.slice(-512).length - m.index));
        this.stream.write(step.send);
      }
    }
    this.#wake?.();
  }

  send(line: string): void {
    this.stream.write(`${line}\n`);
  }

  /** What the device printed since the last `take`, and forget it. */
  take(): string {
    const out = this.#buf;
    this.#buf = '';
    return out;
  }

  /** The rendered last line of output so far. */
  tail(): string {
    return lastLine(this.#buf);
  }

  /**
   * Resolves with the index of the first test that matches the rendered last line; fails after
   * `idleMs` without new output, when the deadline passes, or when the device hangs up.
   */
  async waitFor(tests: ReadonlyArray<(line: string) => boolean>, what: string): Promise<number> {
    const { idleMs, signal, where } = this.opts;
    return new Promise<number>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.#wake = undefined;
        signal.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = () => done(() => reject(new SshFetchError('timeout', `ssh: deadline passed while waiting for ${what} from ${where}`)));
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => done(() => reject(new SshFetchError('timeout', `ssh: no ${what} from ${where} within ${Math.round(idleMs / 1000)} s of silence`))), idleMs);
      };
      const check = () => {
        const line = lastLine(this.#buf);
        const hit = tests.findIndex((t) => t(line));
        if (hit >= 0) return done(() => resolve(hit));
        if (this.#closed) return done(() => reject(new SshFetchError('protocol', `ssh: ${where} closed the session while waiting for ${what}`)));
        arm();
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#wake = check;
      check();
    });
  }
}
