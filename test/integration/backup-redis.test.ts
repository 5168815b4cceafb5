/**
 * One writer over Redis: two real worker processes hand configs of 20 devices at once to the
 * stream; the owner (this process) commits each version exactly once and the repository passes
 * `git fsck`. Outcomes survive the owner being away, and an entry a failed owner never acknowledged
 * is taken over by the next one.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GitConfigStore } from '../../src/backup/git-store';
import { BackupOwner } from '../../src/backup/owner';
import { RedisConfigConsumer, RedisConfigSink } from '../../src/backup/redis-sink';
import type { DeviceTarget } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import { waitFor } from '../helpers/prom-stack';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { describeWith } from '../helpers/requires';
import { deviceTarget } from '../helpers/targets';

const WORKER = path.resolve(__dirname, '../helpers/backup-worker-process.js');

function runWorker(prefix: string, devices: DeviceTarget[], version: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, QP_REDIS: REDIS_URL, QP_PREFIX: prefix, QP_DEVICES: JSON.stringify(devices), QP_VERSION: version },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exited ${String(code)}: ${out}`))));
  });
}

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describeWith(['redis'], 'config store over Redis: one writer', () => {
  const prefix = randomPrefix();
  let dir: string;
  const devices = Array.from({ length: 20 }, (_, i) => deviceTarget(`sw-${String(i + 1).padStart(2, '0')}`, { client: i % 2 ? 'acme' : 'globex', ssh: { profile: 'cisco_ios', port: 22, username: 'backup' } }));
  let owner: BackupOwner;
  let consumer: RedisConfigConsumer | undefined;

  const startConsumer = async (handle?: (o: Parameters<BackupOwner['accept']>[0]) => Promise<unknown>) => {
    const c = new RedisConfigConsumer({ url: REDIS_URL, prefix, logger: silentLogger, handle: handle ?? ((o) => owner.accept(o)), lockTtlMs: 1_500, blockMs: 200 });
    await c.start();
    return c;
  };
  const versionsOf = (device: string) => Number(git(dir, 'rev-list', '--count', 'HEAD', '--', `*/${device}.cfg`).trim());

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-backup-redis-'));
    owner = new BackupOwner({ store: new GitConfigStore(dir), logger: silentLogger, devices: () => devices });
    await owner.open();
  });
  afterAll(async () => {
    await consumer?.close();
    await deleteKeys(prefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('two workers, 20 devices at once: every version stored once, git fsck clean', async () => {
    consumer = await startConsumer();
    // Both workers back up all 20 devices with the same text: 40 outcomes, 20 versions.
    await Promise.all([runWorker(prefix, devices, '1'), runWorker(prefix, devices, '1')]);
    // Then each worker has a new version for its half.
    await Promise.all([runWorker(prefix, devices.slice(0, 10), '2'), runWorker(prefix, devices.slice(10), '2')]);
    await waitFor(() => devices.every((d) => owner.status(d.name)?.changes === 1) || undefined, 'version 2 of every device', 30_000);
    await owner.idle();
    expect(Number(git(dir, 'rev-list', '--count', 'HEAD').trim())).toBe(40);
    for (const d of devices) expect(versionsOf(d.name)).toBe(2);
    expect(await owner.store.text('sw-07')).toContain('sw-07 version 2');
    expect(git(dir, 'fsck', '--strict')).toBe('');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  }, 60_000);

  it('nothing is lost while no owner runs, and a failed owner\'s pending entries are taken over', async () => {
    await consumer?.close();
    consumer = undefined;
    const sink = new RedisConfigSink({ url: REDIS_URL, prefix, logger: silentLogger });
    const outcome = (device: string, v: string) => ({ device, client: 'acme', site: '', probe: 'standin', fetchedAtMs: Date.now(), config: { profile: 'cisco_ios', text: `hostname ${device}\n! ${device} version ${v}\nend\n` } });
    await sink.submit(outcome('sw-01', '3'));
    await sink.submit(outcome('sw-03', '3'));
    // An owner whose store fails: it reads the entries but never acknowledges them.
    let attempts = 0;
    const broken = await startConsumer(async () => {
      attempts++;
      throw new Error('disk full');
    });
    await waitFor(() => attempts > 0 || undefined, 'the broken owner to read an entry');
    await broken.close();
    consumer = await startConsumer();
    await waitFor(() => (owner.status('sw-01')?.changes === 2 && owner.status('sw-03')?.changes === 2) || undefined, 'the pending versions to be stored', 20_000);
    await sink.close();
    expect(git(dir, 'fsck', '--strict')).toBe('');
  }, 40_000);
});
