/**
 * A simulated network device on SSH (ssh2 server on loopback): it logs in like the real thing
 * (password, public key or keyboard-interactive), then plays its platform's CLI over an exec
 * channel or an interactive shell: banner, MOTD, prompt, enable with its own secret, pager,
 * slow output. The demo lab and the tests both run these.
 */
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server, utils, type Connection, type KexAlgorithm, type ServerChannel } from 'ssh2';
import type { SshProfileName } from '../../config/vocabulary';
import type { Logger } from '../../log';
import { PERSONALITIES } from './personality';

export interface SshDeviceOptions {
  profile: SshProfileName;
  hostname: string;
  /** OpenSSH or PEM private key text. */
  hostKey: string;
  username: string;
  password?: string;
  /** An OpenSSH public key line accepted for `username`. */
  publicKey?: string;
  /** Offer keyboard-interactive (asks "Password:") instead of plain password auth. */
  keyboardInteractive?: boolean;
  /** The text each command prints; undefined = unknown command. */
  answer: (command: string) => string | undefined;
  /** Privileged mode needs `enable` and this secret (Cisco, ProCurve, ASA); without it the shell starts privileged. */
  enableSecret?: string;
  /** Sent in the SSH banner, before authentication. */
  banner?: string;
  /** Printed when the shell opens. */
  motd?: string;
  /** Lines per page while the pager is on (until the profile's setup command turns it off). */
  pageLines?: number;
  /** Firmware that pages whatever `terminal length 0` said. */
  stickyPager?: boolean;
  /** Output in chunks of this many bytes, `slowMs` apart. */
  slow?: { chunkBytes: number; delayMs: number };
  /** A broken device: logs in, then never prints a prompt. */
  noPrompt?: boolean;
  /** Offer only these kex algorithms (to play old firmware). */
  kex?: readonly string[];
  host?: string;
  port?: number;
  logger?: Logger;
}

export interface SshDeviceHandle {
  port: number;
  address: string;
  close(): Promise<void>;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function write(channel: ServerChannel, text: string, slow: SshDeviceOptions['slow']): Promise<void> {
  if (!slow) {
    channel.write(text);
    return;
  }
  for (let i = 0; i < text.length; i += slow.chunkBytes) {
    // The client may hang up mid-answer (its deadline passed): stop talking.
    if (!channel.writable || closedChannels.has(channel)) return;
    channel.write(text.slice(i, i + slow.chunkBytes));
    await new Promise((r) => setTimeout(r, slow.delayMs));
  }
}

/** Channels whose client went away; ssh2 leaves `writable` set for a while after that. */
const closedChannels = new WeakSet<ServerChannel>();
function track(channel: ServerChannel): ServerChannel {
  channel.on('close', () => closedChannels.add(channel));
  return channel;
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** The interactive CLI of one session. */
function playShell(channel: ServerChannel, opts: SshDeviceOptions): void {
  const persona = PERSONALITIES[opts.profile];
  let privileged = opts.enableSecret === undefined;
  let pagerOn = opts.pageLines !== undefined && persona.pagerText !== undefined;
  let line = '';
  let mode: 'key' | 'command' | 'enable-secret' | 'paging' = 'command';
  let resumePage: (() => void) | undefined;
  const prompt = () => persona.prompt(opts.hostname, opts.username, privileged);
  const out = (text: string) => write(channel, crlf(text), opts.slow);

  const print = async (text: string) => {
    const lines = text.replace(/\n$/, '').split('\n');
    for (let i = 0; i < lines.length; i++) {
      await out(`${lines[i]}\n`);
      if (pagerOn && opts.pageLines && (i + 1) % opts.pageLines === 0 && i + 1 < lines.length && persona.pagerText) {
        const pager = persona.pagerText;
        channel.write(pager);
        mode = 'paging';
        await new Promise<void>((r) => (resumePage = r));
        channel.write(`${'\b'.repeat(pager.length)}${' '.repeat(pager.length)}${'\b'.repeat(pager.length)}`);
        mode = 'command';
      }
    }
  };

  const run = async (command: string): Promise<'asked' | undefined> => {
    const cmd = command.trim();
    if (cmd === '') return;
    if (['exit', 'quit', 'logout'].includes(cmd)) {
      channel.end();
      return;
    }
    if (cmd === 'enable' && opts.enableSecret !== undefined) {
      if (privileged) return;
      await out('Password: ');
      mode = 'enable-secret';
      return 'asked';
    }
    if (persona.setup.includes(cmd)) {
      if (!opts.stickyPager) pagerOn = false;
      return;
    }
    const text = opts.answer(cmd);
    if (text === undefined) await out(`% Invalid input detected at '^' marker.\n`);
    else if (!privileged) await out(`% Privileged mode required\n`);
    else await print(text);
    return undefined;
  };

  const onLine = async (text: string) => {
    if (mode === 'enable-secret') {
      mode = 'command';
      channel.write('\r\n');
      if (opts.enableSecret !== undefined && same(text, opts.enableSecret)) privileged = true;
      else await out('% Access denied\n');
    } else {
      channel.write(`${text}\r\n`);
      // `enable` asked for the secret: the next line is the answer, no prompt in between.
      if ((await run(text)) === 'asked') return;
    }
    if (channel.writable && !opts.noPrompt) channel.write(prompt());
  };

  let queue = Promise.resolve();
  channel.on('data', (d: Buffer) => {
    for (const ch of d.toString('utf8')) {
      if (mode === 'key') {
        mode = 'command';
        queue = queue.then(() => {
          channel.write(`\r\n${opts.noPrompt ? '' : prompt()}`);
        });
        continue;
      }
      if (mode === 'paging') {
        resumePage?.();
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        if (ch === '\n' && line === '' && d.includes('\r')) continue;
        const text = line;
        line = '';
        queue = queue.then(() => onLine(text));
      } else if (ch === '\x7f' || ch === '\b') line = line.slice(0, -1);
      else line += ch;
    }
  });

  void (async () => {
    if (opts.motd) await out(`${opts.motd}\n`);
    if (persona.pressAnyKey) {
      channel.write('Press any key to continue');
      mode = 'key';
      return;
    }
    if (!opts.noPrompt) channel.write(prompt());
  })();
}

function playExec(channel: ServerChannel, command: string, opts: SshDeviceOptions): void {
  const text = opts.answer(command.trim());
  void (async () => {
    if (text === undefined) {
      channel.stderr.write(`unknown command: ${command}\n`);
      channel.exit(127);
    } else {
      await write(channel, text, opts.slow);
      channel.exit(0);
    }
    channel.end();
  })();
}

function handleClient(client: Connection, opts: SshDeviceOptions): void {
  client.on('authentication', (ctx) => {
    if (ctx.username !== opts.username) return ctx.reject();
    if (ctx.method === 'password' && opts.password !== undefined && !opts.keyboardInteractive) {
      return same(ctx.password, opts.password) ? ctx.accept() : ctx.reject();
    }
    if (ctx.method === 'keyboard-interactive' && opts.password !== undefined && opts.keyboardInteractive) {
      return ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => (answers[0] !== undefined && same(answers[0], opts.password ?? '') ? ctx.accept() : ctx.reject()));
    }
    if (ctx.method === 'publickey' && opts.publicKey) {
      const allowed = utils.parseKey(opts.publicKey);
      if (allowed instanceof Error || ctx.key.algo !== allowed.type || !ctx.key.data.equals(allowed.getPublicSSH())) return ctx.reject();
      if (!ctx.signature || !ctx.blob) return ctx.accept();
      return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject();
    }
    const methods: Array<'password' | 'publickey' | 'keyboard-interactive'> = [];
    if (opts.password !== undefined) methods.push(opts.keyboardInteractive ? 'keyboard-interactive' : 'password');
    if (opts.publicKey) methods.push('publickey');
    return ctx.reject(methods);
  });
  client.on('ready', () => {
    client.on('session', (accept) => {
      const session = accept();
      session.on('pty', (ok) => ok());
      session.on('shell', (ok) => playShell(track(ok()), opts));
      session.on('exec', (ok, _reject, info) => playExec(track(ok()), info.command, opts));
    });
  });
  client.on('error', (err) => opts.logger?.debug({ err: err.message, device: opts.hostname }, 'simulated ssh device: client error'));
}

export function startSshDevice(opts: SshDeviceOptions): Promise<SshDeviceHandle> {
  const clients = new Set<Connection>();
  const server = new Server(
    {
      hostKeys: [opts.hostKey],
      ...(opts.banner ? { banner: opts.banner } : {}),
      ...(opts.kex ? { algorithms: { kex: opts.kex as KexAlgorithm[] } } : {}),
    },
    (client) => {
      clients.add(client);
      client.on('close', () => clients.delete(client));
      handleClient(client, opts);
    },
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      resolve({
        port: addr.port,
        address: addr.address,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            // Open sessions must not keep close() waiting.
            for (const c of clients) c.end();
          }),
      });
    });
  });
}
