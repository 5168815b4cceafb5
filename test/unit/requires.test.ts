/**
 * test/helpers/requires.ts: the run / skip / fail rule, the checks behind it, and a scan of test/
 * that keeps every other way of not running a test out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { freeTcpPort } from '../helpers/ports';
import { binEnvName, checkNeed, decide, inCi, pingRedis, type Missing } from '../helpers/requires';

const TEST_ROOT = path.resolve(__dirname, '..');
const HELPER = path.join(TEST_ROOT, 'helpers/requires.ts');

const NO_REDIS: Missing = { need: 'redis', pkg: 'redis-server', reason: 'no PONG from redis://127.0.0.1:1' };
const NO_SNMPSIMD: Missing = { need: 'snmpsimd', pkg: 'snmpsim', reason: 'no executable /usr/bin/snmpsimd' };

describe('decide: run, skip or fail', () => {
  it('runs when nothing is missing, in CI or not', () => {
    expect(decide('t', [], true)).toEqual({ mode: 'run' });
    expect(decide('t', [], false)).toEqual({ mode: 'run' });
  });

  it('skips outside CI, naming what is missing and its package', () => {
    const v = decide('bullmq queue', [NO_REDIS], false);
    expect(v.mode).toBe('skip');
    expect(v.mode !== 'run' && v.message).toMatch(/bullmq queue.*redis \(Debian package redis-server\): no PONG from redis:\/\/127\.0\.0\.1:1/);
  });

  it('fails under CI, naming every missing thing and its package', () => {
    const v = decide('same output as snmpsimd', [NO_REDIS, NO_SNMPSIMD], true);
    expect(v.mode).toBe('fail');
    const message = v.mode !== 'run' ? v.message : '';
    expect(message).toContain('CI=true');
    expect(message).toContain('redis (Debian package redis-server)');
    expect(message).toContain('snmpsimd (Debian package snmpsim): no executable /usr/bin/snmpsimd');
  });

  it('CI means CI=true', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({})).toBe(false);
  });
});

describe('binaries', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-requires-'));
    fs.writeFileSync(path.join(dir, 'ping'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'not-executable'), '', { mode: 0o644 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an override path that is not there is missing, with the package to install', () => {
    const missing = checkNeed('snmpsimd', { [binEnvName('snmpsimd')]: path.join(dir, 'absent') });
    expect(missing).toEqual({ need: 'snmpsimd', pkg: 'snmpsim', reason: expect.stringContaining(`no executable ${path.join(dir, 'absent')}`) });
  });

  it('a file that is not executable is missing; an executable one is present', () => {
    expect(checkNeed('promtool', { QP_TEST_BIN_PROMTOOL: path.join(dir, 'not-executable') })?.pkg).toBe('prometheus');
    expect(checkNeed('promtool', { QP_TEST_BIN_PROMTOOL: path.join(dir, 'ping') })).toBeUndefined();
  });

  it('ping is looked up on PATH, as the ICMP probe runs it', () => {
    expect(checkNeed('ping', { PATH: dir })).toBeUndefined();
    expect(checkNeed('ping', { PATH: '' })).toEqual({ need: 'ping', pkg: 'iputils-ping', reason: expect.stringContaining('no ping on PATH') });
  });

  it('names the override variable after the binary', () => {
    expect(binEnvName('redis-server')).toBe('QP_TEST_BIN_REDIS_SERVER');
  });
});

describe('Redis PING (synchronous, in a child process)', () => {
  let server: ChildProcess | undefined;
  afterEach(() => {
    server?.kill('SIGKILL');
    server = undefined;
  });

  /** A stand-in Redis in its own process (the check blocks this one), answering every request with `reply`. */
  async function fakeRedis(reply: string): Promise<number> {
    const script = `
      const srv = require('node:net').createServer((s) => s.on('data', () => s.write(${JSON.stringify(reply)})));
      srv.listen(0, '127.0.0.1', () => process.stdout.write(String(srv.address().port) + '\\n'));`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    server = child;
    return new Promise((resolve, reject) => {
      child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', (code) => reject(new Error(`fake redis exited ${String(code)}`)));
    });
  }

  it('a server answering +PONG is Redis', async () => {
    const port = await fakeRedis('+PONG\r\n');
    expect(pingRedis(`redis://127.0.0.1:${port}`)).toBeUndefined();
  });

  it('an error reply is not', async () => {
    const port = await fakeRedis('-NOAUTH Authentication required.\r\n');
    expect(pingRedis(`redis://127.0.0.1:${port}`)).toBe('-NOAUTH Authentication required.');
  });

  it('a closed port is not, and checkNeed says where it looked', async () => {
    const port = await freeTcpPort();
    expect(pingRedis(`redis://127.0.0.1:${port}`)).toMatch(/ECONNREFUSED/);
    expect(checkNeed('redis', {}, `redis://127.0.0.1:${port}`)).toEqual({
      need: 'redis',
      pkg: 'redis-server',
      reason: expect.stringContaining(`no PONG from redis://127.0.0.1:${port}`),
    });
  });
});

/*
 * No other way of not running a test: every test that needs something declares it through
 * describeWith/itWith, so CI fails when it is missing and elsewhere jest counts it as skipped.
 */
interface Finding {
  file: string;
  line: number;
  rule: string;
}

const HOOKS = new Set(['test', 'it', 'beforeAll', 'beforeEach', 'itWith']);

const AVAILABILITY = /\b(skip\w*|\w*[uU]p|\w*[aA]vailable\w*|have\w*|has[A-Z]\w*|\w*[iI]nstalled|\w*[mM]issing\w*)\b/;

/** Text rules: a CI decision or a skip made by hand, an old helper name, an early return on availability. */
const TEXT_RULES: Array<[string, (line: string) => boolean]> = [
  ['decides on CI itself (use describeWith/itWith)', (l) => /process\.env\.CI\b/.test(l)],
  ['skips by hand (use describeWith/itWith)', (l) => /\b(describe|it|test)\.skip\b/.test(l)],
  ['an old availability helper (use describeWith/itWith)', (l) => /\b(haveBinary|requireBinary|redisAvailable|describeIfBinary|describeWithBinaries)\b/.test(l)],
  ['returns early on availability', (l) => AVAILABILITY.test(/\bif\s*\((.*)\)\s*return\b/.exec(l)?.[1] ?? '')],
];

/** AST rule: a test or hook whose body starts with `if (…) return` ends before it asserts anything. */
function earlyReturns(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && HOOKS.has(node.expression.text)) {
      for (const arg of node.arguments) {
        if (!(ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) || !ts.isBlock(arg.body)) continue;
        const first = arg.body.statements[0];
        if (first && ts.isIfStatement(first) && (ts.isReturnStatement(first.thenStatement) || (ts.isBlock(first.thenStatement) && first.thenStatement.statements.some(ts.isReturnStatement)))) {
          found.push({ file, line: source.getLineAndCharacterOfPosition(first.getStart()).line + 1, rule: `${node.expression.text} body starts with if (…) return` });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function scan(file: string, text: string): Finding[] {
  const byText = text.split('\n').flatMap((l, i) => TEXT_RULES.filter(([, matches]) => matches(l)).map(([rule]) => ({ file, line: i + 1, rule })));
  return [...byText, ...earlyReturns(file, text)];
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return /\.(ts|js)$/.test(e.name) ? [p] : [];
  });
}

describe('no other way of not running a test', () => {
  it('finds the forms this suite used to have', () => {
    const old = [
      "test('x', async () => {\n  if (skip()) return;\n  expect(1).toBe(1);\n});",
      "test('x', async () => {\n  if (!redisUp) return;\n});",
      "it('y', () => {\n  if (flag) {\n    return;\n  }\n});",
      'const describeIfPing = hasPing || inCi ? describe : describe.skip;',
      "if (!haveBinary(SNMPSIMD) && process.env.CI !== 'true') agents.pop();",
      "  if (!redisUp || !haveRedisServer()) return;",
    ];
    for (const text of old) expect(scan('old.ts', text)).not.toEqual([]);
    // Not only as a test's first statement.
    expect(scan('old.ts', "test('x', () => {\n  const a = 1;\n  if (skip()) return;\n});").map((f) => f.rule)).toEqual(['returns early on availability']);
    expect(scan('fine.ts', "afterAll(async () => {\n  if (!reference) return;\n});\nfunction f() {\n  if (!this.running) return;\n}")).toEqual([]);
  });

  it('test/ uses describeWith/itWith only', () => {
    const files = testFiles(TEST_ROOT).filter((f) => f !== HELPER && f !== __filename);
    expect(files.length).toBeGreaterThan(30);
    const findings = files.flatMap((f) => scan(path.relative(TEST_ROOT, f), fs.readFileSync(f, 'utf8')));
    expect(findings).toEqual([]);
  });
});
