/**
 * One SSH connection on ssh2, behind a narrow interface (exec a command, open a shell, close):
 * authentication (password, private key with passphrase, keyboard-interactive), the legacy
 * algorithms a profile may need, and host-key pinning before any credential is sent.
 */
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { SshAlgorithmLists } from '../../platforms/types';
import type { HostKeyStore } from '../types';
import { classifyError, SshFetchError } from './errors';
import { checkHostKey, fingerprint, hostKeyString } from './host-key';

export interface ConnectOptions {
  device: string;
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  passphrase?: string;
  /** Appended to ssh2's defaults. */
  legacyAlgorithms?: SshAlgorithmLists;
  connectTimeoutMs: number;
  hostKeys: HostKeyStore;
  signal: AbortSignal;
}

export interface ExecResult {
  stdout: string;
  code: number | null;
}

export interface SshConnection {
  /** Runs one command on its own channel; fails when it stays silent for `idleMs`. */
  exec(command: string, idleMs: number): Promise<ExecResult>;
  /** An interactive shell on a wide pseudo-terminal (no line wrapping to undo). */
  shell(): Promise<ClientChannel>;
  close(): void;
}

function algorithms(legacy: SshAlgorithmLists | undefined): ConnectConfig['algorithms'] {
  if (!legacy) return undefined;
  // ssh2's type names every algorithm; profile data is plain strings, checked by ssh2 at connect.
  return {
    kex: { append: legacy.kex, prepend: [], remove: [] },
    serverHostKey: { append: legacy.serverHostKey, prepend: [], remove: [] },
    cipher: { append: legacy.cipher, prepend: [], remove: [] },
    hmac: { append: legacy.hmac, prepend: [], remove: [] },
  } as unknown as ConnectConfig['algorithms'];
}

export function connectSsh(opts: ConnectOptions): Promise<SshConnection> {
  const where = `${opts.host}:${opts.port}`;
  const client = new Client();
  let hostKeyProblem: SshFetchError | undefined;

  return new Promise<SshConnection>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      opts.signal.removeEventListener('abort', onAbort);
      client.end();
      reject(hostKeyProblem ?? classifyError(err, where));
    };
    const onAbort = () => fail(new SshFetchError('timeout', `ssh: deadline passed while connecting to ${where}`));
    opts.signal.addEventListener('abort', onAbort, { once: true });
    if (opts.signal.aborted) return onAbort();

    client.on('error', fail);
    client.on('close', () => fail(new SshFetchError('unreachable', `ssh: ${where} closed the connection before login completed`)));
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
      // Devices ask "Password:" this way (ProCurve, many Linux PAM setups); anything else gets an empty answer.
      finish(prompts.map((p) => (/pass(word|code)?/i.test(p.prompt) && opts.password !== undefined ? opts.password : '')));
    });
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      opts.signal.removeEventListener('abort', onAbort);
      client.removeAllListeners('close');
      resolve(wrap(client, where, opts.signal));
    });

    const config: ConnectConfig = {
      host: opts.host,
      port: opts.port,
      username: opts.username,
      readyTimeout: opts.connectTimeoutMs,
      tryKeyboard: opts.password !== undefined,
      algorithms: algorithms(opts.legacyAlgorithms),
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        const offered = hostKeyString(key);
        checkHostKey(opts.hostKeys, opts.device, offered).then(
          ({ verdict, pinned }) => {
            if (verdict === 'changed') {
              hostKeyProblem = new SshFetchError(
                'auth',
                `ssh: host key of ${where} changed (pinned ${pinned ? fingerprint(pinned) : '?'}, offered ${fingerprint(offered)}); refused until an operator runs \`quarkpulse backup accept-hostkey ${opts.device}\``,
                true,
              );
            }
            verify(verdict !== 'changed');
          },
          (err: unknown) => {
            hostKeyProblem = new SshFetchError('internal', `ssh: host key store: ${err instanceof Error ? err.message : String(err)}`);
            verify(false);
          },
        );
      },
    };
    if (opts.password !== undefined) config.password = opts.password;
    if (opts.privateKey !== undefined) config.privateKey = opts.privateKey;
    if (opts.passphrase !== undefined) config.passphrase = opts.passphrase;
    try {
      client.connect(config);
    } catch (err) {
      fail(err);
    }
  });
}

function wrap(client: Client, where: string, signal: AbortSignal): SshConnection {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    client.end();
    // A device that ignores the close must not keep the socket (and the worker) busy.
    setTimeout(() => client.destroy(), 1_000).unref();
  };
  signal.addEventListener('abort', close, { once: true });
  client.on('close', () => {
    closed = true;
  });
  return {
    close,
    shell: () =>
      new Promise<ClientChannel>((resolve, reject) => {
        client.shell({ term: 'vt100', cols: 511, rows: 0, width: 0, height: 0 }, (err, channel) => (err ? reject(classifyError(err, where)) : resolve(channel)));
      }),
    exec: (command, idleMs) =>
      new Promise<ExecResult>((resolve, reject) => {
        client.exec(command, (err, channel) => {
          if (err) return reject(classifyError(err, where));
          const chunks: Buffer[] = [];
          let code: number | null = null;
          let timer: NodeJS.Timeout | undefined;
          const idle = () => {
            clearTimeout(timer);
            timer = setTimeout(() => {
              channel.close();
              reject(new SshFetchError('timeout', `ssh: \`${command}\` on ${where} printed nothing for ${Math.round(idleMs / 1000)} s`));
            }, idleMs);
          };
          const onAbort = () => {
            clearTimeout(timer);
            reject(new SshFetchError('timeout', `ssh: deadline passed while \`${command}\` ran on ${where}`));
          };
          signal.addEventListener('abort', onAbort, { once: true });
          idle();
          channel.on('data', (d: Buffer) => {
            chunks.push(d);
            idle();
          });
          channel.stderr.on('data', () => idle());
          channel.on('exit', (c: number | null) => {
            code = c;
          });
          channel.on('close', () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
            resolve({ stdout: Buffer.concat(chunks).toString('utf8'), code });
          });
        });
      }),
  };
}
