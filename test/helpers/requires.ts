/**
 * The one way a test says what it needs from the machine (Redis, snmpsimd, Prometheus, …).
 *
 * Jest cannot skip from inside a running test, so the decision is taken synchronously while the
 * file is collected: everything present → the tests run; something missing under CI=true → one
 * test that fails and names what is missing and its Debian package; missing elsewhere → the tests
 * are registered with jest's own skip, so the summary counts them as skipped, never as passed.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { REDIS_URL } from './redis';

/** Where Debian puts each program the suite starts. `QP_TEST_BIN_<NAME>` points elsewhere. */
const BINARIES = {
  'redis-server': { file: '/usr/bin/redis-server', pkg: 'redis-server' },
  // Creates a local Redis Cluster (`--cluster create`) and asks Sentinels who the master is.
  'redis-cli': { file: '/usr/bin/redis-cli', pkg: 'redis-tools' },
  snmpsimd: { file: '/usr/bin/snmpsimd', pkg: 'snmpsim' },
  snmpd: { file: '/usr/sbin/snmpd', pkg: 'snmpd' },
  snmpwalk: { file: '/usr/bin/snmpwalk', pkg: 'snmp' },
  snmpbulkwalk: { file: '/usr/bin/snmpbulkwalk', pkg: 'snmp' },
  snmpget: { file: '/usr/bin/snmpget', pkg: 'snmp' },
  prometheus: { file: '/usr/bin/prometheus', pkg: 'prometheus' },
  promtool: { file: '/usr/bin/promtool', pkg: 'prometheus' },
  alertmanager: { file: '/usr/bin/prometheus-alertmanager', pkg: 'prometheus-alertmanager' },
  amtool: { file: '/usr/bin/amtool', pkg: 'prometheus-alertmanager' },
  sshd: { file: '/usr/sbin/sshd', pkg: 'openssh-server' },
  // Headless browser tests of the status page and the config-diff report (driven by playwright-core).
  chromium: { file: '/usr/bin/chromium', pkg: 'chromium' },
  // The monthly report's PDF, turned into one PNG per page to count and look at them.
  pdftoppm: { file: '/usr/bin/pdftoppm', pkg: 'poppler-utils' },
  // `docker-compose config` checks docker-compose.yml without a Docker engine (Debian ships compose v1).
  'docker-compose': { file: '/usr/bin/docker-compose', pkg: 'docker-compose' },
  // The ICMP probe runs whatever `ping` is first on PATH, so that is what counts.
  ping: { file: 'ping', pkg: 'iputils-ping' },
} as const satisfies Record<string, { file: string; pkg: string }>;

export type Binary = keyof typeof BINARIES;
export type Need = 'redis' | Binary;

export interface Missing {
  need: Need;
  pkg: string;
  reason: string;
}

export type Verdict = { mode: 'run' } | { mode: 'skip' | 'fail'; message: string };

export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true';
}

export function binEnvName(name: Binary): string {
  return `QP_TEST_BIN_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** The program a test should start: the override if set, else Debian's path (or `ping` on PATH). */
export function binPath(name: Binary, env: NodeJS.ProcessEnv = process.env): string {
  return env[binEnvName(name)] || BINARIES[name].file;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findBinary(name: Binary, env: NodeJS.ProcessEnv): Missing | undefined {
  const file = binPath(name, env);
  const found = path.isAbsolute(file) ? executable(file) : (env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && executable(path.join(dir, file)));
  if (found) return undefined;
  const where = path.isAbsolute(file) ? `no executable ${file}` : `no ${file} on PATH`;
  return { need: name, pkg: BINARIES[name].pkg, reason: `${where} (${binEnvName(name)} overrides the path)` };
}

/*
 * A Redis PING in a child process: the answer is needed synchronously while jest collects the
 * file, and a child sees exactly the URL this file will use (no state shared through jest config).
 * Plain RESP over TCP, so the check itself depends on nothing but node.
 */
const REDIS_PING = `
const net = require('node:net');
const url = new URL(process.argv[1]);
const resp = (...args) => '*' + args.length + '\\r\\n' + args.map((a) => '$' + Buffer.byteLength(a) + '\\r\\n' + a + '\\r\\n').join('');
const fail = (why) => { process.stderr.write(why); process.exit(1); };
if (url.protocol !== 'redis:') fail('only redis:// URLs can be checked');
const socket = net.connect({ host: url.hostname.replace(/^\\[|\\]$/g, ''), port: Number(url.port || 6379) });
socket.setTimeout(2000, () => fail('no answer within 2 s'));
socket.on('error', (err) => fail(err.message));
socket.on('connect', () => {
  const user = decodeURIComponent(url.username), pass = decodeURIComponent(url.password);
  if (pass) socket.write(user ? resp('AUTH', user, pass) : resp('AUTH', pass));
  socket.write(resp('PING'));
});
let got = '';
socket.on('data', (d) => {
  got += d.toString();
  if (/^-|\\r\\n-/.test(got)) fail(got.trim());
  if (got.includes('+PONG\\r\\n')) process.exit(0);
});
`;

/** Synchronous: blocks the caller up to ~3 s when nothing answers. */
export function pingRedis(url: string): string | undefined {
  const run = spawnSync(process.execPath, ['-e', REDIS_PING, url], { encoding: 'utf8', timeout: 5_000 });
  if (run.status === 0) return undefined;
  return (run.stderr || run.error?.message || `exit ${String(run.status ?? run.signal)}`).trim();
}

function findRedis(url: string): Missing | undefined {
  const why = pingRedis(url);
  if (why === undefined) return undefined;
  return { need: 'redis', pkg: 'redis-server', reason: `no PONG from ${url}: ${why} (QP_TEST_REDIS_URL picks another Redis)` };
}

/** Why `need` is absent, or undefined when it is there. */
export function checkNeed(need: Need, env: NodeJS.ProcessEnv = process.env, redisUrl = REDIS_URL): Missing | undefined {
  return need === 'redis' ? findRedis(redisUrl) : findBinary(need, env);
}

const seen = new Map<Need, Missing | null>();

/** What of `needs` is absent on this machine; each dependency is looked at once per test file. */
function findMissing(needs: readonly Need[]): Missing[] {
  return needs.flatMap((need) => {
    if (!seen.has(need)) seen.set(need, checkNeed(need) ?? null);
    return seen.get(need) ?? [];
  });
}

/** The rule itself, pure: run, skip (outside CI) or fail (under CI=true). */
export function decide(title: string, missing: readonly Missing[], ci: boolean): Verdict {
  if (missing.length === 0) return { mode: 'run' };
  const what = missing.map((m) => `${m.need} (Debian package ${m.pkg}): ${m.reason}`).join('; ');
  if (ci) return { mode: 'fail', message: `"${title}" needs what this machine lacks, and under CI=true that is a failure: ${what}` };
  return { mode: 'skip', message: `skipped "${title}": missing ${what}; under CI=true this fails` };
}

function verdict(needs: readonly Need[], title: string): Verdict {
  const v = decide(title, findMissing(needs), inCi());
  // The reason, once per group, beside jest's bare "skipped" count.
  if (v.mode === 'skip') process.stderr.write(`${v.message}\n`);
  return v;
}

function failing(needs: readonly Need[], message: string): void {
  test(`requires ${needs.join(', ')}`, () => {
    throw new Error(message);
  });
}

/** `describe(title, fn)` when every need is met; see the file comment for the other cases. */
export function describeWith(needs: readonly Need[], title: string, fn: () => void): void {
  const v = verdict(needs, title);
  if (v.mode === 'run') describe(title, fn);
  else if (v.mode === 'skip') describe.skip(title, fn);
  else describe(title, () => failing(needs, v.message));
}

/** `test(title, fn, timeout)` when every need is met; see the file comment for the other cases. */
export function itWith(needs: readonly Need[], title: string, fn: jest.ProvidesCallback, timeout?: number): void {
  const v = verdict(needs, title);
  if (v.mode === 'run') test(title, fn, timeout);
  else if (v.mode === 'skip') test.skip(title, fn, timeout);
  else
    test(title, () => {
      throw new Error(v.message);
    });
}
