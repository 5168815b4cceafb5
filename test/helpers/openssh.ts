/**
 * A real OpenSSH sshd (Debian openssh-server) for one test file: its own config, host key and
 * authorized key in a temp dir, key-only auth, listening on a loopback port, and a ForceCommand
 * script that plays a Cisco IOS switch (exec: the command in SSH_ORIGINAL_COMMAND; interactive: a
 * prompt loop that knows `terminal length 0` and `show running-config`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { utils } from 'ssh2';
import { freeTcpPort } from './ports';
import { binPath } from './requires';

export interface OpensshServer {
  port: number;
  user: string;
  /** The client key sshd accepts (OpenSSH private key text). */
  clientKey: string;
  /** The host's public key as "type base64" (what the probe pins). */
  hostPublicKey: string;
  /** Replaces the running config the switch prints. */
  setConfig(text: string): void;
  stop(): Promise<void>;
}

const IOS_SCRIPT = (configFile: string, host: string) => `#!/bin/sh
# ForceCommand: a Cisco IOS switch as far as a config backup can tell.
CONFIG='${configFile}'
if [ -n "$SSH_ORIGINAL_COMMAND" ]; then
  case "$SSH_ORIGINAL_COMMAND" in
    "show running-config") cat "$CONFIG"; exit 0 ;;
    "terminal length 0"|"terminal width 0") exit 0 ;;
    *) echo "% Invalid input detected at '^' marker."; exit 1 ;;
  esac
fi
echo ""
echo "User Access Verification"
printf '%s#' '${host}'
while IFS= read -r line; do
  line=$(printf '%s' "$line" | tr -d '\\r')
  case "$line" in
    "terminal length 0"|"terminal width 0"|"") ;;
    "show running-config") cat "$CONFIG" ;;
    exit|quit|logout) exit 0 ;;
    *) echo "% Invalid input detected at '^' marker." ;;
  esac
  printf '%s#' '${host}'
done
`;

function waitForPort(port: number, child: ChildProcess, stderr: () => string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`sshd exited (${child.exitCode}): ${stderr()}`));
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve();
      });
      s.on('error', () => {
        s.destroy();
        if (Date.now() > until) reject(new Error(`sshd did not listen on 127.0.0.1:${port}: ${stderr()}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export async function startOpensshIos(initialConfig: string, host = 'lab-ios-sshd'): Promise<OpensshServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-sshd-'));
  const user = os.userInfo().username;
  const hostPair = utils.generateKeyPairSync('ed25519');
  const clientPair = utils.generateKeyPairSync('ed25519', { comment: 'quarkpulse-test' });
  const configFile = path.join(dir, 'running-config.txt');
  fs.writeFileSync(configFile, initialConfig);
  fs.writeFileSync(path.join(dir, 'host_ed25519'), hostPair.private, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'authorized_keys'), `${clientPair.public}\n`, { mode: 0o600 });
  const script = path.join(dir, 'ios.sh');
  fs.writeFileSync(script, IOS_SCRIPT(configFile, host), { mode: 0o755 });
  const port = await freeTcpPort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${dir}/host_ed25519`,
    `PidFile ${dir}/sshd.pid`,
    `AuthorizedKeysFile ${dir}/authorized_keys`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    `AllowUsers ${user}`,
    `ForceCommand ${script}`,
    'PrintMotd no',
    'PrintLastLog no',
    'LogLevel ERROR',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'sshd_config'), `${config}\n`);
  // sshd started as root insists on its privilege-separation directory, which the Debian service would create.
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn(binPath('sshd'), ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  try {
    await waitForPort(port, child, () => err);
  } catch (e) {
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    port,
    user,
    clientKey: clientPair.private,
    hostPublicKey: hostPair.public.split(' ').slice(0, 2).join(' '),
    setConfig: (text) => fs.writeFileSync(configFile, text),
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
