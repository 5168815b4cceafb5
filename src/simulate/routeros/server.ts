/**
 * A simulated MikroTik on the RouterOS API (plain TCP, the 8728 service): it speaks the wire
 * protocol as RouterOS documents it — `/login` with name and password (RouterOS 6.43+), replies
 * `!re` … `!done` with the sentence's `.tag` as last word, `!trap` with a message, `!fatal` before
 * closing, and `!empty` for an empty answer from RouterOS 7.18 on — and answers print commands
 * from a fixture, with counters and uptime moving (live.ts). It is read-only: any other command
 * is "no such command". The bundled lab, `quarkpulse simulate --routeros-port` and the tests run it.
 */
import { timingSafeEqual } from 'node:crypto';
import * as net from 'node:net';
import { silentLogger, type Logger } from '../../log';
import { versionAtLeast, type RouterosFixture } from './fixture';
import { liveRows } from './live';
import { printAnswer } from './print';
import { decodeSentences, encodeSentence, MAX_WORD_BYTES } from './wire';

/** A misbehaviour the device shows for one command, so clients can be tested against broken devices. */
export type RouterosFault =
  /** Answers `!trap` with this message, then `!done`. */
  | { kind: 'trap'; message: string }
  /** Closes the connection without a word. */
  | { kind: 'drop' }
  /** Never answers. */
  | { kind: 'silent' }
  /** Sends `!fatal` with this message and closes. */
  | { kind: 'fatal'; message: string }
  /** Answers bytes that are not the API (an HTTP server on the port). */
  | { kind: 'garbage' }
  /** Answers a reply word no RouterOS sends. */
  | { kind: 'unknown-word' };

export interface RouterosApiServerOptions {
  fixture: RouterosFixture;
  /** The one API user and its password; a login with anything else is refused. */
  username: string;
  password: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  logger?: Logger;
  /** Clock for the moving values (ms). */
  now?: () => number;
  /**
   * Called with every sentence received, in order, passwords included (tests check what a client
   * sent). Unset in the lab, so nothing is kept.
   */
  onSentence?: (words: readonly string[]) => void;
}

export interface RouterosApiServer {
  address: string;
  port: number;
  /** Connections accepted since the start. */
  connectionsAccepted(): number;
  /** Connections the client has not closed yet. */
  openConnections(): number;
  /** From now on, `command` ("/login", "/interface/print") misbehaves as `fault` says. */
  injectFault(command: string, fault: RouterosFault): void;
  /** Every command answers normally again. */
  clearFaults(): void;
  close(): Promise<void>;
}

/** An unfinished sentence larger than this ends the connection (no client sends one). */
const MAX_PENDING_BYTES = 4 * MAX_WORD_BYTES;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const attribute = (words: readonly string[], name: string): string | undefined => words.find((w) => w.startsWith(`=${name}=`))?.slice(name.length + 2);

export async function startRouterosApiServer(opts: RouterosApiServerOptions): Promise<RouterosApiServer> {
  const logger = opts.logger ?? silentLogger;
  const now = opts.now ?? Date.now;
  const faults = new Map<string, RouterosFault>();
  const sockets = new Set<net.Socket>();
  const newEmpty = versionAtLeast(opts.fixture.version, 7, 18);
  let accepted = 0;
  // The moving values start at the fixture's with the first answer.
  let firstAnswerAt: number | undefined;
  const elapsedSeconds = (): number => {
    const t = now();
    firstAnswerAt ??= t;
    return Math.max(0, Math.floor((t - firstAnswerAt) / 1000));
  };

  const serve = (socket: net.Socket): void => {
    accepted++;
    sockets.add(socket);
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', (err) => logger.debug({ peer, err: err.message }, 'RouterOS API client connection error'));
    let pending: Buffer = Buffer.alloc(0);
    let loggedIn = false;
    let ended = false;
    const send = (words: readonly string[]): void => {
      if (!ended && socket.writable) socket.write(encodeSentence(words));
    };
    const finish = (words?: readonly string[]): void => {
      if (words) send(words);
      ended = true;
      socket.end();
    };

    /** Answers one sentence; false when the connection is over. */
    const answer = (words: readonly string[]): boolean => {
      opts.onSentence?.(words);
      const command = words[0] ?? '';
      const tagWord = words.find((w) => w.startsWith('.tag='));
      const tag = tagWord ? [tagWord] : [];
      const done = (): void => send(['!done', ...tag]);
      const trap = (message: string): void => {
        send(['!trap', `=message=${message}`, ...tag]);
        done();
      };
      const fault = faults.get(command);
      switch (fault?.kind) {
        case 'silent':
          return true;
        case 'drop':
          ended = true;
          socket.destroy();
          return false;
        case 'garbage':
          ended = true;
          socket.end('HTTP/1.0 400 Bad Request\r\nContent-Type: text/html\r\n\r\n<html>Bad Request</html>\r\n');
          return false;
        case 'fatal':
          finish(['!fatal', fault.message]);
          return false;
        case 'unknown-word':
          send(['!bogus', '=what=nobody knows', ...tag]);
          return true;
        case 'trap':
          trap(fault.message);
          return true;
        case undefined:
          break;
      }
      if (command === '/login') {
        const name = attribute(words, 'name');
        const password = attribute(words, 'password');
        if (name !== undefined && password !== undefined && same(name, opts.username) && same(password, opts.password)) {
          loggedIn = true;
          done();
        } else {
          logger.debug({ peer, user: name }, 'RouterOS API login refused');
          trap('invalid user name or password (6)');
        }
        return true;
      }
      if (command === '/quit') {
        finish(['!fatal', 'session terminated on request']);
        return false;
      }
      if (!loggedIn) {
        finish(['!fatal', 'not logged in']);
        return false;
      }
      if (command === '/cancel') {
        done();
        return true;
      }
      const rows = opts.fixture.commands[command];
      if (!rows) {
        trap('no such command prefix');
        return true;
      }
      const printed = printAnswer(liveRows(command, rows, elapsedSeconds()), words);
      if ('trap' in printed) {
        trap(printed.trap);
        return true;
      }
      for (const row of printed.rows) send(['!re', ...Object.entries(row).map(([k, v]) => `=${k}=${v}`), ...tag]);
      if (printed.rows.length === 0 && newEmpty) send(['!empty', ...tag]);
      done();
      return true;
    };

    socket.on('data', (chunk: Buffer) => {
      if (ended) return;
      const decoded = decodeSentences(pending.length === 0 ? chunk : Buffer.concat([pending, chunk]));
      pending = decoded.rest;
      for (const words of decoded.sentences) if (!answer(words)) return;
      if (decoded.oversized || pending.length > MAX_PENDING_BYTES) {
        logger.warn({ peer }, 'RouterOS API client sent something that is not the API; connection closed');
        ended = true;
        socket.destroy();
      }
    });
  };

  const server = net.createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger.error({ err: err.message }, 'RouterOS API simulator server error'));
  const bound = server.address() as net.AddressInfo;
  logger.debug({ device: opts.fixture.device, address: `${bound.address}:${bound.port}` }, 'simulated RouterOS API device started');
  return {
    address: bound.address,
    port: bound.port,
    connectionsAccepted: () => accepted,
    openConnections: () => sockets.size,
    injectFault: (command, fault) => {
      faults.set(command, fault);
    },
    clearFaults: () => faults.clear(),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
