/**
 * A RouterOS API server on loopback, speaking the wire protocol as RouterOS documents it:
 * length-prefixed words, sentences ended by an empty word, `/login` with name and password
 * (RouterOS 6.43+), replies `!re` … `!done` with `.tag` as the last word, `!trap` with a message,
 * `!fatal` before closing, and `!empty` for an empty answer from RouterOS 7.18 on.
 * Answers come from a fixture file (test/fixtures/routeros/*.json); faults are injected per command.
 */
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export type Row = Record<string, string>;

export interface RouterosFixture {
  device: string;
  /** "7.20.6": decides whether an empty answer is `!empty` + `!done` (7.18+) or `!done` alone. */
  version: string;
  commands: Record<string, Row[]>;
}

export type Fault =
  | { kind: 'trap'; message: string }
  /** Closes the socket without a word. */
  | { kind: 'drop' }
  /** Never answers. */
  | { kind: 'silent' }
  | { kind: 'fatal'; message: string }
  /** Bytes that are not the API (an HTTP server on the port). */
  | { kind: 'garbage' }
  /** A reply word no RouterOS sends. */
  | { kind: 'unknown-word' };

export interface RouterosServerOptions {
  fixture: RouterosFixture;
  username: string;
  password: string;
  /** Per command ("/login", "/interface/print"). */
  faults?: Record<string, Fault>;
}

export interface RouterosServer {
  port: number;
  /** Every sentence received, in order, per connection (passwords included: tests check what was sent). */
  sentences: string[][];
  connections: number;
  /** Connections the client has not closed yet. */
  open(): number;
  /** Resolves when no connection is open any more (or after `ms`). */
  waitAllClosed(ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function loadRouterosFixture(name: string): RouterosFixture {
  return JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'routeros', `${name}.json`), 'utf8')) as RouterosFixture;
}

export function encodeLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  if (len < 0x4000) return Buffer.from([((len >> 8) & 0x3f) | 0x80, len & 0xff]);
  if (len < 0x200000) return Buffer.from([((len >> 16) & 0x1f) | 0xc0, (len >> 8) & 0xff, len & 0xff]);
  if (len < 0x10000000) return Buffer.from([((len >> 24) & 0x0f) | 0xe0, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff]);
  return Buffer.from([0xf0, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff]);
}

export function encodeSentence(words: string[]): Buffer {
  const parts: Buffer[] = [];
  for (const word of words) {
    const bytes = Buffer.from(word, 'latin1');
    parts.push(encodeLength(bytes.length), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** Decodes whole sentences from `buf`; returns them and the unread rest. */
export function decodeSentences(buf: Buffer): { sentences: string[][]; rest: Buffer } {
  const sentences: string[][] = [];
  let words: string[] = [];
  let i = 0;
  let sentenceStart = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const size = b < 0x80 ? 1 : b < 0xc0 ? 2 : b < 0xe0 ? 3 : b < 0xf0 ? 4 : 5;
    if (i + size > buf.length) break;
    let len = size === 5 ? 0 : b & [0x7f, 0x3f, 0x1f, 0x0f][size - 1]!;
    for (let k = 1; k < size; k++) len = len * 256 + buf[i + k]!;
    if (i + size + len > buf.length) break;
    const word = buf.subarray(i + size, i + size + len).toString('latin1');
    i += size + len;
    if (len === 0) {
      sentences.push(words);
      words = [];
      sentenceStart = i;
    } else words.push(word);
  }
  return { sentences, rest: buf.subarray(sentenceStart) };
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split(/[.\s]/).map(Number);
  return a > major || (a === major && b >= minor);
}

/** Applies `?name=value` queries and `=.proplist=` the way RouterOS does for print. */
function answerRows(rows: Row[], words: string[]): Row[] {
  const queries = words.filter((w) => w.startsWith('?') && w.includes('=')).map((w) => w.slice(1).split('=', 2) as [string, string]);
  const proplist = words.find((w) => w.startsWith('=.proplist='))?.slice('=.proplist='.length).split(',');
  return rows
    .filter((row) => queries.every(([k, v]) => row[k] === v))
    .map((row) => (proplist ? Object.fromEntries(Object.entries(row).filter(([k]) => proplist.includes(k))) : row));
}

export async function startRouterosApiServer(opts: RouterosServerOptions): Promise<RouterosServer> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const sentences: string[][] = [];
  const newEmpty = atLeast(opts.fixture.version, 7, 18);

  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered: Buffer = Buffer.alloc(0);
    let loggedIn = false;
    const send = (words: string[]) => socket.write(encodeSentence(words));

    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      const { sentences: got, rest } = decodeSentences(buffered);
      buffered = rest;
      for (const words of got) {
        sentences.push(words);
        const command = words[0] ?? '';
        const tagWord = words.find((w) => w.startsWith('.tag='));
        const tag = tagWord ? [tagWord] : [];
        const fault = opts.faults?.[command];
        if (fault?.kind === 'silent') continue;
        if (fault?.kind === 'drop') {
          socket.destroy();
          return;
        }
        if (fault?.kind === 'garbage') {
          socket.end('HTTP/1.0 400 Bad Request\r\nContent-Type: text/html\r\n\r\n<html>Bad Request</html>\r\n');
          return;
        }
        if (fault?.kind === 'fatal') {
          send(['!fatal', fault.message]);
          socket.end();
          return;
        }
        if (fault?.kind === 'unknown-word') {
          send(['!bogus', '=what=nobody knows', ...tag]);
          continue;
        }
        if (fault?.kind === 'trap') {
          send(['!trap', `=message=${fault.message}`, ...tag]);
          send(['!done', ...tag]);
          continue;
        }
        if (command === '/login') {
          const attr = (name: string) => words.find((w) => w.startsWith(`=${name}=`))?.slice(name.length + 2);
          if (attr('name') === opts.username && attr('password') === opts.password) {
            loggedIn = true;
            send(['!done', ...tag]);
          } else {
            send(['!trap', '=message=invalid user name or password (6)', ...tag]);
            send(['!done', ...tag]);
          }
          continue;
        }
        if (!loggedIn) {
          send(['!fatal', 'not logged in']);
          socket.end();
          return;
        }
        const rows = opts.fixture.commands[command];
        if (!rows) {
          send(['!trap', '=message=no such command prefix', ...tag]);
          send(['!done', ...tag]);
          continue;
        }
        const answer = answerRows(rows, words);
        for (const row of answer) send(['!re', ...Object.entries(row).map(([k, v]) => `=${k}=${v}`), ...tag]);
        if (answer.length === 0 && newEmpty) send(['!empty', ...tag]);
        send(['!done', ...tag]);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    sentences,
    get connections() {
      return state.connections;
    },
    open: () => sockets.size,
    async waitAllClosed(ms = 2_000) {
      const until = Date.now() + ms;
      while (sockets.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      return sockets.size === 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
