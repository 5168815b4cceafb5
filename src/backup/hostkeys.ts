/**
 * Pinned SSH host keys (the HostKeyStore the SSH probe uses): in Redis when workers share one (a
 * hash of pinned keys and one of refused keys), else a JSON file under backup.dir. The first key
 * seen is pinned; a different one is refused and remembered, so `backup accept-hostkey DEVICE`
 * can pin exactly the key that was refused.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RedisTarget } from '../config/redis-target';
import type { Logger } from '../log';
import type { HostKeyStore } from '../probes/types';
import { closeRedis, createRedis, LuaScript, type RedisClient } from '../queue/redis';

interface HostKeyFile {
  pinned: Record<string, string>;
  refused: Record<string, string>;
}

/** One process (plus the occasional command): the file is re-read on every call, so a command's accept is seen at once. */
export class FileHostKeyStore implements HostKeyStore {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async get(device: string): Promise<string | undefined> {
    return (await this.read()).pinned[device];
  }

  pinFirst(device: string, key: string): Promise<void> {
    return this.update((f) => {
      if (f.pinned[device] !== undefined) return false;
      f.pinned[device] = key;
      return true;
    });
  }

  recordRefused(device: string, key: string): Promise<void> {
    return this.update((f) => {
      if (f.refused[device] === key) return false;
      f.refused[device] = key;
      return true;
    });
  }

  async accept(device: string): Promise<boolean> {
    let accepted = false;
    await this.update((f) => {
      const key = f.refused[device];
      if (key === undefined) return false;
      f.pinned[device] = key;
      delete f.refused[device];
      accepted = true;
      return true;
    });
    return accepted;
  }

  private async read(): Promise<HostKeyFile> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<HostKeyFile>;
      return { pinned: { ...parsed.pinned }, refused: { ...parsed.refused } };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { pinned: {}, refused: {} };
      throw err;
    }
  }

  /** Read-modify-write, one at a time; `change` returns false when nothing changed. */
  private update(change: (f: HostKeyFile) => boolean): Promise<void> {
    const run = this.chain.catch(() => undefined).then(async () => {
      const f = await this.read();
      if (!change(f)) return;
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(`${this.file}.tmp`, `${JSON.stringify(f, null, 2)}\n`, { mode: 0o600 });
      await rename(`${this.file}.tmp`, this.file);
    });
    this.chain = run;
    return run;
  }
}

const ACCEPT = new LuaScript(`local key = redis.call('HGET', KEYS[2], ARGV[1])
if not key then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], key)
redis.call('HDEL', KEYS[2], ARGV[1])
return 1`);

/** Every worker on every host sees the same pins. */
export class RedisHostKeyStore implements HostKeyStore {
  private readonly redis: RedisClient;
  private readonly pinnedKey: string;
  private readonly refusedKey: string;

  constructor(opts: { url: RedisTarget; prefix: string; logger: Logger }) {
    this.redis = createRedis(opts.url, { logger: opts.logger, role: 'hostkeys', maxRetriesPerRequest: 2 });
    this.pinnedKey = `${opts.prefix}:hostkeys:pinned`;
    this.refusedKey = `${opts.prefix}:hostkeys:refused`;
  }

  async get(device: string): Promise<string | undefined> {
    return (await this.redis.hget(this.pinnedKey, device)) ?? undefined;
  }

  async pinFirst(device: string, key: string): Promise<void> {
    await this.redis.hsetnx(this.pinnedKey, device, key);
  }

  async recordRefused(device: string, key: string): Promise<void> {
    await this.redis.hset(this.refusedKey, device, key);
  }

  async accept(device: string): Promise<boolean> {
    return (await ACCEPT.run(this.redis, [this.pinnedKey, this.refusedKey], [device])) === 1;
  }

  close(): Promise<void> {
    return closeRedis(this.redis);
  }
}
