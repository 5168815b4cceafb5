/**
 * Real agents for the SNMP benchmark and integration tests: Debian's snmpsimd serving the
 * LibreNMS recordings, and snmpd with generated SNMPv3 users. Both only on 127.0.0.1, on a port
 * picked free just before, each with its own temporary directories, stopped by pid afterwards.
 * No jest here: bench/ is compiled with the build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Secret } from '../src/config/secret';
import { openSession } from '../src/probes/snmp/session';
import { BUILTIN_DEFAULTS } from '../src/inventory/build';
import type { SnmpSettings } from '../src/inventory/types';

export const SNMPSIMD = '/usr/bin/snmpsimd';
export const SNMPD = '/usr/sbin/snmpd';

/**
 * True when the binary exists. Missing: under CI the caller's test must fail (`requireBinary`
 * throws), elsewhere it may skip with a message.
 */
export function haveBinary(file: string): boolean {
  return fs.existsSync(file);
}

export function requireBinary(file: string, pkg: string): void {
  if (!haveBinary(file)) throw new Error(`${file} is missing: install the Debian package ${pkg} (required under CI=true)`);
}

/** A UDP port that was free a moment ago (bind to 0, read, close). */
export async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export interface AgentProcess {
  port: number;
  pid: number;
  /** Where the agent writes its log (for failure messages). */
  logFile: string;
  stop(): Promise<void>;
}

function startProcess(command: string, args: string[], logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}

async function stopProcess(child: ChildProcess, dirs: string[]): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}

/** Waits until the agent answers a GET of sysDescr with these settings. */
async function waitForAgent(settings: SnmpSettings, child: ChildProcess, logFile: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`agent exited with ${child.exitCode}: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    const session = openSession({ address: '127.0.0.1', snmp: { ...settings, timeoutMs: 300, retries: 0 } });
    try {
      await session.get(['1.3.6.1.2.1.1.1.0']);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`agent did not answer within ${timeoutMs} ms: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      session.close();
    }
  }
}

export function v2cSettings(community: string, port: number, extra: Partial<SnmpSettings> = {}): SnmpSettings {
  return {
    version: '2c',
    port,
    community: new Secret(community),
    timeoutMs: 2000,
    retries: 1,
    maxRepetitions: BUILTIN_DEFAULTS.snmp.maxRepetitions,
    maxVarbindsPerRequest: BUILTIN_DEFAULTS.snmp.maxVarbindsPerRequest,
    modules: ['system', 'interfaces', 'printer', 'host'],
    ...extra,
  };
}

/**
 * snmpsimd serving copies of `names` (recordings) from `recordingsDir`; community = name. With its
 * default limit (64 varbinds per answer), as most users run it: snmpsim 0.4.5 spins at 100 % CPU
 * and never answers a multi-column GETBULK over that limit, so the poller must size its requests.
 */
export async function startSnmpsimd(recordingsDir: string, names: readonly string[]): Promise<AgentProcess> {
  requireBinary(SNMPSIMD, 'snmpsim');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-snmpsimd-'));
  const data = path.join(root, 'data');
  const cache = path.join(root, 'cache');
  fs.mkdirSync(data);
  fs.mkdirSync(cache);
  for (const n of names) fs.copyFileSync(path.join(recordingsDir, `${n}.snmprec`), path.join(data, `${n}.snmprec`));
  fs.chmodSync(root, 0o755);
  fs.chmodSync(data, 0o755);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) fs.chownSync(cache, uidOf('nobody'), fs.statSync(cache).gid);
  const port = await freeUdpPort();
  const logFile = path.join(root, 'snmpsimd.log');
  const args = [
    `--data-dir=${data}`,
    `--cache-dir=${cache}`,
    `--agent-udpv4-endpoint=127.0.0.1:${port}`,
    '--v2c-arch',
    '--logging-method=null',
  ];
  if (asRoot) args.push('--process-user=nobody', '--process-group=nogroup');
  const child = startProcess(SNMPSIMD, args, logFile);
  const stop = () => stopProcess(child, [root]);
  try {
    await waitForAgent(v2cSettings(names[0], port), child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, pid: child.pid ?? -1, logFile, stop };
}

function uidOf(user: string): number {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  return line ? Number(line.split(':')[2]) : 65534;
}

export interface V3User {
  name: string;
  auth: 'MD5' | 'SHA' | 'SHA-256';
  authKey: string;
  priv?: 'DES' | 'AES';
  privKey?: string;
}

/** snmpd on 127.0.0.1 with these SNMPv3 users (read-only, authPriv or authNoPriv) and nothing else. */
export async function startSnmpd(users: readonly V3User[], probeUser: V3User): Promise<AgentProcess> {
  requireBinary(SNMPD, 'snmpd');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-snmpd-'));
  const persist = path.join(root, 'persist');
  fs.mkdirSync(persist);
  const port = await freeUdpPort();
  const conf = path.join(root, 'snmpd.conf');
  const lines = [
    `agentAddress udp:127.0.0.1:${port}`,
    'sysDescr quarkpulse test snmpd',
    'sysName qp-snmpd',
    ...users.map((u) => `createUser ${u.name} ${u.auth} ${u.authKey}${u.priv ? ` ${u.priv} ${u.privKey}` : ''}`),
    ...users.map((u) => `rouser ${u.name} ${u.priv ? 'priv' : 'auth'}`),
  ];
  fs.writeFileSync(conf, `${lines.join('\n')}\n`);
  const logFile = path.join(root, 'snmpd.log');
  const child = startProcess(SNMPD, ['-f', '-Lo', '-C', '-c', conf, `--persistent-dir=${persist}`, '-p', path.join(root, 'snmpd.pid')], logFile);
  const stop = () => stopProcess(child, [root]);
  try {
    await waitForAgent(v3Settings(probeUser, port), child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, pid: child.pid ?? -1, logFile, stop };
}

export function v3Settings(u: V3User, port: number, extra: Partial<SnmpSettings> = {}): SnmpSettings {
  const authProtocol = u.auth === 'MD5' ? 'md5' : u.auth === 'SHA' ? 'sha' : 'sha256';
  return {
    version: '3',
    port,
    v3: {
      user: u.name,
      level: u.priv ? 'authPriv' : 'authNoPriv',
      authProtocol,
      authKey: new Secret(u.authKey),
      ...(u.priv ? { privProtocol: u.priv === 'DES' ? ('des' as const) : ('aes' as const), privKey: new Secret(u.privKey ?? '') } : {}),
    },
    timeoutMs: 2000,
    retries: 1,
    maxRepetitions: BUILTIN_DEFAULTS.snmp.maxRepetitions,
    maxVarbindsPerRequest: BUILTIN_DEFAULTS.snmp.maxVarbindsPerRequest,
    modules: ['system', 'interfaces', 'host'],
    ...extra,
  };
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}
