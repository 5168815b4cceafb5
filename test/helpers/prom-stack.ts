/**
 * Real Alertmanager / Prometheus processes for integration tests: loopback only, ephemeral ports,
 * temp storage. Tests declare the binaries they need with describeWith/itWith (./requires).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { freeTcpPort } from './ports';
import { binPath } from './requires';

export const BIN = {
  alertmanager: binPath('alertmanager'),
  amtool: binPath('amtool'),
  prometheus: binPath('prometheus'),
  promtool: binPath('promtool'),
} as const;

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? `: ${String(lastErr)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export class ManagedProcess {
  private output = '';
  private exited: Promise<number | null>;

  constructor(readonly child: ChildProcess, readonly name: string) {
    child.stdout?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000)));
    child.stderr?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000)));
    child.on('error', (err) => (this.output += `\nspawn error: ${err.message}`));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(null));
    });
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

async function ready(url: string): Promise<boolean | undefined> {
  const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
  return res.ok || undefined;
}

export async function startAlertmanager(opts: { configFile: string; storageDir: string; port?: number }): Promise<{ proc: ManagedProcess; url: string; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freeTcpPort());
    const child = spawn(
      BIN.alertmanager,
      [
        `--config.file=${opts.configFile}`,
        `--storage.path=${opts.storageDir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const proc = new ManagedProcess(child, 'alertmanager');
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(() => (proc.running ? ready(`${url}/-/ready`) : Promise.reject(new Error(`exited: ${proc.log}`))), 'alertmanager ready', 10_000);
      return { proc, url, port };
    } catch (err) {
      await proc.stop();
      // Another test may have grabbed the free port in between: try another (not for a fixed port).
      if (opts.port !== undefined || attempt >= 3) throw new Error(`alertmanager did not start: ${String(err)}\n${proc.log}`);
    }
  }
}

/** `args`: more flags, e.g. a retention long enough for imported history (`--storage.tsdb.retention.time=3650d`). */
export async function startPrometheus(opts: { configFile: string; storageDir: string; args?: string[] }): Promise<{ proc: ManagedProcess; url: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeTcpPort();
    const child = spawn(
      BIN.prometheus,
      [
        `--config.file=${opts.configFile}`,
        `--storage.tsdb.path=${opts.storageDir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        ...(opts.args ?? []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const proc = new ManagedProcess(child, 'prometheus');
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(() => (proc.running ? ready(`${url}/-/ready`) : Promise.reject(new Error(`exited: ${proc.log}`))), 'prometheus ready', 15_000);
      return { proc, url };
    } catch (err) {
      await proc.stop();
      if (attempt >= 3) throw new Error(`prometheus did not start: ${String(err)}\n${proc.log}`);
    }
  }
}

export function runTool(bin: string, args: string[], stdin?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (stdin !== undefined) child.stdin?.end(stdin);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
    child.on('close', (code) => resolve({ code, output }));
  });
}
