/**
 * A redis-server of the test's own on a free loopback port, so a test can stop and restart Redis
 * without touching the shared one on 6379. No persistence: a restart comes back empty, the harder case.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freeTcpPort } from './ports';
import { waitFor } from './redis';
import { binPath } from './requires';

export class PrivateRedis {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freeTcpPort());
    await r.restart();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const child = spawn(binPath('redis-server'), ['--port', String(this.port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
    child.on('error', () => undefined); // surfaces as the wait below timing out
    this.child = child;
    // redis-server accepts connections only once it is ready.
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = connect(this.port, '127.0.0.1');
          socket.once('connect', () => (socket.destroy(), resolve(true)));
          socket.once('error', () => (socket.destroy(), resolve(false)));
        }),
      5_000,
      `redis-server on ${this.port}`,
    );
  }

  /** Stops it (SIGTERM, SIGKILL after 3 s) and waits for the exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }
}
