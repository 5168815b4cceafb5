/**
 * A redis-server of the test's own on a free loopback port, so a test can stop and restart Redis
 * without touching the shared one on 6379. No persistence: a restart comes back empty, the harder case.
 * Also a 3-master Redis Cluster and a Sentinel-watched master with a replica, built of them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { freeTcpPort } from './ports';
import { waitFor } from './redis';
import { binPath } from './requires';

export class PrivateRedis {
  private child?: ChildProcess;

  /** `args`: more redis-server arguments (cluster mode, replicaof, a config file for --sentinel). */
  private constructor(
    readonly port: number,
    private readonly args: readonly string[] = [],
  ) {}

  static async start(args: readonly string[] = [], port?: number): Promise<PrivateRedis> {
    const r = new PrivateRedis(port ?? (await freeTcpPort()), args);
    await r.restart();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    // A Sentinel's config file comes first; its port and bind are in the file.
    const own = ['--port', String(this.port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'];
    const argv = this.args.includes('--sentinel') ? [...this.args] : [...own, ...this.args];
    const child = spawn(binPath('redis-server'), argv, { stdio: 'ignore' });
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

/** A port P on 127.0.0.1 free together with P + 10000 (a Cluster node's bus port). */
async function freeClusterPort(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
  for (let i = 0; i < 50; i++) {
    const port = await freeTcpPort();
    if (port + 10_000 <= 65_535 && (await free(port + 10_000))) return port;
  }
  throw new Error('no free port pair for a cluster node');
}

/** Asks one server something with redis-cli (no client library between the test and the answer). */
export function redisCli(port: number, ...args: string[]): string {
  return redisCliAuth(port, undefined, ...args);
}

/** redisCli with a password (`-a`), when the server has `requirepass`. */
export function redisCliAuth(port: number, password: string | undefined, ...args: string[]): string {
  const auth = password === undefined ? [] : ['-a', password, '--no-auth-warning'];
  const r = spawnSync(binPath('redis-cli'), ['-h', '127.0.0.1', '-p', String(port), ...auth, ...args], { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Three masters, no replicas, slots spread by `redis-cli --cluster create`; gone with `stop`. */
export class PrivateRedisCluster {
  private constructor(
    readonly nodes: PrivateRedis[],
    private readonly dir: string,
  ) {}

  static async start(masters = 3): Promise<PrivateRedisCluster> {
    const dir = mkdtempSync(path.join(tmpdir(), 'qp-cluster-'));
    const nodes: PrivateRedis[] = [];
    try {
      for (let i = 0; i < masters; i++) {
        const port = await freeClusterPort();
        nodes.push(await PrivateRedis.start(['--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, `nodes-${port}.conf`), '--cluster-node-timeout', '2000'], port));
      }
      redisCli(nodes[0].port, '--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes');
      // Every node must agree before a client's first CLUSTER SLOTS is to be trusted.
      await waitFor(() => nodes.every((n) => redisCli(n.port, 'cluster', 'info').includes('cluster_state:ok')), 20_000, 'cluster_state:ok on every node');
    } catch (err) {
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    return new PrivateRedisCluster(nodes, dir);
  }

  /** `host:port` of every node, as `queue.redis: { cluster: [...] }` takes them. */
  get seeds(): string[] {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`);
  }

  /** The node serving `key`'s slot. */
  nodeOf(key: string): PrivateRedis {
    const slot = Number(redisCli(this.nodes[0].port, 'cluster', 'keyslot', key).trim());
    for (const n of this.nodes) {
      const myself = redisCli(n.port, 'cluster', 'nodes').split('\n').find((l) => l.includes('myself'));
      const ranges = myself?.split(' ').slice(8) ?? [];
      if (ranges.some((r) => { const [a, b = a] = r.split('-').map(Number); return slot >= a && slot <= b; })) return n;
    }
    throw new Error(`no node serves slot ${slot}`);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Passwords of a Sentinel set: `password` for master and replica (requirepass + masterauth), `sentinelPassword` for the Sentinels. */
export interface SentinelAuth {
  password?: string;
  sentinelPassword?: string;
}

/**
 * A master, one replica and `sentinels` Sentinels (`redis-server <file> --sentinel`) watching it
 * as `name`, quorum 1, declaring it down after 1 s: stopping the master promotes the replica in a
 * few seconds.
 */
export class PrivateSentinelSet {
  readonly name = 'qpmaster';

  private constructor(
    public master: PrivateRedis,
    public replica: PrivateRedis,
    readonly sentinels: PrivateRedis[],
    private readonly dir: string,
    private readonly auth: SentinelAuth,
  ) {}

  static async start(sentinelCount = 1, auth: SentinelAuth = {}): Promise<PrivateSentinelSet> {
    const dir = mkdtempSync(path.join(tmpdir(), 'qp-sentinel-'));
    const serverAuth = auth.password === undefined ? [] : ['--requirepass', auth.password, '--masterauth', auth.password];
    const master = await PrivateRedis.start(serverAuth);
    const replica = await PrivateRedis.start(['--replicaof', '127.0.0.1', String(master.port), ...serverAuth]);
    await waitFor(() => redisCliAuth(replica.port, auth.password, 'info', 'replication').includes('master_link_status:up'), 10_000, 'replica in sync');
    const sentinels: PrivateRedis[] = [];
    for (let i = 0; i < sentinelCount; i++) {
      const port = await freeTcpPort();
      const file = path.join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          'sentinel resolve-hostnames no',
          `sentinel monitor qpmaster 127.0.0.1 ${master.port} 1`,
          'sentinel down-after-milliseconds qpmaster 1000',
          'sentinel failover-timeout qpmaster 3000',
          'sentinel parallel-syncs qpmaster 1',
          ...(auth.password === undefined ? [] : [`sentinel auth-pass qpmaster ${auth.password}`]),
          ...(auth.sentinelPassword === undefined ? [] : [`requirepass ${auth.sentinelPassword}`]),
          '',
        ].join('\n'),
      );
      sentinels.push(await PrivateRedis.start([file, '--sentinel'], port));
    }
    const set = new PrivateSentinelSet(master, replica, sentinels, dir, auth);
    // Each Sentinel must have found the replica (through the master's INFO) before it can promote it.
    await waitFor(() => sentinels.every((s) => /num-slaves\n1\n/.test(redisCliAuth(s.port, auth.sentinelPassword, 'sentinel', 'master', 'qpmaster'))), 15_000, 'sentinels see the replica');
    return set;
  }

  get seeds(): string[] {
    return this.sentinels.map((s) => `127.0.0.1:${s.port}`);
  }

  /** The master's port as the Sentinels say now. */
  masterPort(): number {
    const lines = redisCliAuth(this.sentinels[0].port, this.auth.sentinelPassword, 'sentinel', 'get-master-addr-by-name', this.name).trim().split('\n');
    return Number(lines[1]);
  }

  /** Stops the master (SIGTERM, as an operator or a crash would) and waits until a Sentinel names the replica master. */
  async failover(timeoutMs = 20_000): Promise<void> {
    await this.master.stop();
    await waitFor(() => this.masterPort() === this.replica.port, timeoutMs, 'sentinel promotes the replica');
    // The replica must have left read-only mode before writes can land there.
    const promoted = new Redis(this.replica.port, '127.0.0.1', { maxRetriesPerRequest: 1, lazyConnect: true, password: this.auth.password });
    promoted.on('error', () => undefined);
    try {
      await waitFor(async () => (await promoted.info('replication')).includes('role:master'), timeoutMs, 'replica takes the master role');
    } finally {
      promoted.disconnect();
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.master, this.replica, ...this.sentinels].map((n) => n.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
