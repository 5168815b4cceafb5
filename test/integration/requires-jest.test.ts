/**
 * describeWith/itWith as jest itself reports them: a child jest runs a fixture whose tests need a
 * snmpsimd that is not there, once outside CI and once with CI=true, and its JSON summary must
 * count them as skipped, respectively failed — never as passed.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/cli';

const run = promisify(execFile);

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: Array<{ assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }> }>;
}

async function jestOnFixture(ci: string): Promise<JestSummary> {
  const config = {
    rootDir: REPO_ROOT,
    roots: ['<rootDir>/test/fixtures/requires'],
    testMatch: ['**/*.fixture.ts'],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  };
  const jest = path.join(REPO_ROOT, 'node_modules/jest/bin/jest.js');
  const env = { ...process.env, CI: ci, QP_TEST_BIN_SNMPSIMD: path.join(REPO_ROOT, 'no-such-dir/snmpsimd') };
  // A failing child exits 1: the summary on stdout is what matters, not the exit code.
  const out = await run(process.execPath, [jest, '--config', JSON.stringify(config), '--json', '--ci'], { cwd: REPO_ROOT, env, timeout: 60_000 }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
  );
  return JSON.parse(out.stdout) as JestSummary;
}

const statuses = (s: JestSummary) => Object.fromEntries(s.testResults.flatMap((r) => r.assertionResults.map((a) => [a.fullName, a.status])));

test('outside CI what is missing shows as skipped', async () => {
  const summary = await jestOnFixture('');
  expect(statuses(summary)).toEqual({
    'a group that needs snmpsimd first': 'pending',
    'a group that needs snmpsimd second': 'pending',
    'a test that needs snmpsimd': 'pending',
    'a test that needs nothing': 'passed',
  });
  expect([summary.numPassedTests, summary.numPendingTests, summary.numFailedTests]).toEqual([1, 3, 0]);
}, 60_000);

test('under CI=true what is missing fails, naming it and its Debian package', async () => {
  const summary = await jestOnFixture('true');
  expect(statuses(summary)).toEqual({
    'a group that needs snmpsimd requires snmpsimd': 'failed',
    'a test that needs snmpsimd': 'failed',
    'a test that needs nothing': 'passed',
  });
  const messages = summary.testResults.flatMap((r) => r.assertionResults.flatMap((a) => a.failureMessages));
  expect(messages).toHaveLength(2);
  for (const m of messages) expect(m).toMatch(/snmpsimd \(Debian package snmpsim\): no executable .*no-such-dir\/snmpsimd/);
}, 60_000);
