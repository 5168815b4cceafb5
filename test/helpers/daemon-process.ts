/**
 * A real `quarkpulse` process (bin/quarkpulse.js → dist/) for fault tests: its JSON log lines,
 * every stderr line that is not JSON (there must be none), its exit, and small helpers to read
 * /metrics. Loopback only.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI, REPO_ROOT } from './cli';

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  atMs: number;
}

export class DaemonProcess {
  readonly lines: LogLine[] = [];
  /** stderr lines that are not JSON log lines (a raw stack trace, a library's console output). */
  readonly rawLines: string[] = [];
  stderr = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, REDIS_URL: '', QP_LOG_LEVEL: 'info', ...env },
      stdio: 'pipe',
    });
    let partial = '';
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-200_000);
      partial += d.toString();
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const p of parts) {
        if (p.trim() === '') continue;
        try {
          this.lines.push(JSON.parse(p) as LogLine);
        } catch {
          this.rawLines.push(p);
        }
      }
    });
    this.child.stdout.resume();
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() })));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  count(msg: string | RegExp): number {
    return this.lines.filter((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(l.msg))).length;
  }

  async waitForLog(pred: (l: LogLine) => boolean, what: string, timeoutMs = 20_000): Promise<LogLine> {
    const t0 = Date.now();
    for (;;) {
      const hit = this.lines.find(pred);
      if (hit) return hit;
      if (!this.running) throw new Error(`process exited before: ${what}\n${this.stderr.slice(-3000)}`);
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for log: ${what}\n${this.stderr.slice(-3000)}`);
      await sleep(50);
    }
  }

  async url(): Promise<string> {
    const line = await this.waitForLog((l) => typeof l.url === 'string' && l.url.endsWith('/metrics'), 'metrics URL');
    return (line.url as string).replace(/\/metrics$/, '');
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 200): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

export interface Scrape {
  status: number;
  ms: number;
  text: string;
}

/** One GET /metrics, given up after `timeoutMs` (counted as status 0). */
export async function scrape(base: string, timeoutMs = 5_000): Promise<Scrape> {
  const t0 = Date.now();
  try {
    const res = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, text: await res.text(), ms: Date.now() - t0 };
  } catch {
    return { status: 0, text: '', ms: Date.now() - t0 };
  }
}

/** The value of the first series of `name` whose labels include `labels` (a substring such as `device="x"`). */
export function metricValue(text: string, name: string, labels = ''): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels && !line.includes(labels)) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/** Sum over every series of `name` whose labels include `labels`. */
export function metricSum(text: string, name: string, labels = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels && !line.includes(labels)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
