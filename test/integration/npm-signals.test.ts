/**
 * Issue 14, defect 6: `npm start` and `npx quarkpulse run` receiving SIGTERM left the node process
 * running (npm passes the signal to the `sh -c` it starts, the shell dies, node is orphaned).
 * Both documented ways are started for real and signalled the way a supervisor does; nothing of
 * the daemon may be left afterwards. Loopback only; no devices are polled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, REPO_ROOT } from '../helpers/cli';
import { alive, cmdline, descendants } from '../helpers/proc-tree';

const NPM = process.env.QP_TEST_BIN_NPM || 'npm';

let dir: string;
const started: ChildProcess[] = [];
let leftovers: number[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'qp-npm-'));
});

afterEach(() => {
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  started.length = 0;
  leftovers = [];
  rmSync(dir, { recursive: true, force: true });
});

function config(): string {
  const file = path.join(dir, 'quarkpulse.yml');
  writeFileSync(file, 'http: { listen: "127.0.0.1:0" }\nalerting: { state: { store: memory } }\ndevices: []\n');
  return file;
}

/** Starts `args` through npm, waits until the daemon serves, SIGTERMs npm, and reports what is left. */
async function startAndStop(args: string[], env: NodeJS.ProcessEnv): Promise<{ left: string[]; stderr: string; stopMs: number }> {
  const npm = spawn(NPM, args, { cwd: REPO_ROOT, env: { ...process.env, REDIS_URL: '', QP_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(npm);
  let stderr = '';
  npm.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  npm.stdout?.on('data', (d: Buffer) => (stderr += d.toString()));
  const t0 = Date.now();
  while (!/"msg":"worker started"/.test(stderr)) {
    if (npm.exitCode !== null) throw new Error(`npm exited early: ${stderr}`);
    if (Date.now() - t0 > 60_000) throw new Error(`daemon did not start under npm: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const tree = descendants(npm.pid ?? -1);
  leftovers = tree;
  expect(tree.map(cmdline).some((c) => c.includes('quarkpulse'))).toBe(true);
  const stopAt = Date.now();
  npm.kill('SIGTERM');
  // A supervisor gives 10 s before SIGKILL.
  while (tree.some(alive) && Date.now() - stopAt < 10_000) await new Promise((r) => setTimeout(r, 100));
  return { left: tree.filter(alive).map((pid) => `${pid} ${cmdline(pid)}`), stderr, stopMs: Date.now() - stopAt };
}

test('npm start: SIGTERM to npm stops the daemon (nothing left running)', async () => {
  const r = await startAndStop(['start', '--', '--config', config()], {});
  expect(r.left).toEqual([]);
  expect(r.stderr).toMatch(/"msg":"stopped"/);
  expect(r.stopMs).toBeLessThan(10_000);
}, 90_000);

test('npx-style (npm exec → sh -c → quarkpulse): SIGTERM to npm stops the daemon', async () => {
  // What `npx quarkpulse run` runs once the bin is installed: npm exec, a shell, then the bin.
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(CLI, path.join(bin, 'quarkpulse'));
  const r = await startAndStop(['exec', '-c', `quarkpulse run --config ${config()}`], { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` });
  expect(r.left).toEqual([]);
  expect(r.stderr).toMatch(/"msg":"stopped"/);
}, 90_000);
