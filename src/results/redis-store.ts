/**
 * The result store in Redis: whichever worker ran a probe, every `run` process serves the same
 * latest results. One hash per device (field = probe kind, value = JSON), plus a set of device
 * names, all under `${prefix}:results:`. A newer result is never overwritten by a late older one
 * (checked atomically in Lua), and a device hash expires on its own if nobody writes it for a day
 * (or 4 intervals), so a device removed while no scheduler ran cannot linger for ever.
 *
 * Reading is incremental: every write (and removal) takes the next number of a counter
 * (`results:seq`, INCR: one sequence for all writers, so no clock of any worker matters) and
 * records it for the device in a sorted set (`results:changed`). A reader keeps the decoded and
 * rendered results in memory (rendered.ts) and on each read fetches only the devices whose number
 * is above the highest it has seen. It reads everything again when its table is cold, after a
 * reconnect (Redis may have restarted and lost or rewound data), when the sequence went backwards,
 * and every FULL_READ_EVERY_MS (what catches hashes that expired, which no write announces).
 */
import type { RedisTarget } from '../config/redis-target';
import type { Logger } from '../log';
import { closeRedis, createRedis, inOutage, LuaScript, type RedisClient } from '../queue/redis';
import { RenderedTable, type RenderedDevices } from './rendered';
import type { ResultStore, StoredResult } from './store';

// KEYS: device hash, device set, sequence, changed set. ARGV: probe, finished at, JSON, ttl, device, success.
const PUT = new LuaScript(`local t = redis.call('HGET', KEYS[1], ARGV[1] .. '@t')
if t and tonumber(t) > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], ARGV[1] .. '@t', ARGV[2])
if ARGV[6] == '1' then redis.call('HSET', KEYS[1], ARGV[1] .. '@ok', ARGV[2]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SADD', KEYS[2], ARGV[5])
redis.call('ZADD', KEYS[4], redis.call('INCR', KEYS[3]), ARGV[5])
return 1`);

// KEYS: device hash, device set, sequence, changed set. ARGV: device.
const REMOVE = new LuaScript(`redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[4], redis.call('INCR', KEYS[3]), ARGV[1])
return 1`);

// KEYS: sequence, changed set. ARGV: the highest number already read. → { sequence now, device, number, device, number, … }
const CHANGED = new LuaScript(`local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
local out = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'WITHSCORES')
table.insert(out, 1, tostring(seq))
return out`);

/** A full read also catches hashes that expired (no write announces those) and prunes old removals from the changed set. */
export const FULL_READ_EVERY_MS = 10 * 60_000;
/** Devices per pipeline of a full read: bounds the replies held at once (a switch's result is ~20 KB). */
const FULL_READ_BATCH = 500;

const MIN_TTL_MS = 24 * 3600 * 1000;

/**
 * JSON keeps neither NaN/±Infinity (it writes null) nor bigint (it throws): encode both so a
 * sample value survives the round trip exactly. Almost every result holds only finite numbers,
 * and JSON.stringify/parse without a replacer/reviver are several times faster (a switch's result
 * is ~20 KB, written on every poll), so the slow path runs only when needed.
 */
export function encodeResult(entry: StoredResult): string {
  if (onlyFiniteNumbers(entry)) return JSON.stringify(entry);
  return JSON.stringify(entry, (_key, value: unknown) => {
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'number' && !Number.isFinite(value)) return { [NON_FINITE]: String(value) };
    return value;
  });
}

const NON_FINITE = '$num';

/** The only numbers a probe fills in are sample values and the duration; the rest are ours. */
function onlyFiniteNumbers(entry: StoredResult): boolean {
  if (!Number.isFinite(entry.result.durationMs)) return false;
  for (const sample of entry.result.samples) {
    if (typeof sample.value !== 'number' || !Number.isFinite(sample.value)) return false;
  }
  return true;
}

export function decodeResult(text: string): StoredResult | undefined {
  let parsed: unknown;
  try {
    parsed = text.includes(`"${NON_FINITE}"`) ? JSON.parse(text, reviveNonFinite) : JSON.parse(text);
  } catch {
    return undefined;
  }
  return isStoredResult(parsed) ? parsed : undefined;
}

function reviveNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const num = (value as Record<string, unknown>)[NON_FINITE];
    if (keys.length === 1 && typeof num === 'string') return Number(num);
  }
  return value;
}

function isStoredResult(v: unknown): v is StoredResult {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.device === 'string' &&
    typeof r.probe === 'string' &&
    typeof r.finishedAtMs === 'number' &&
    typeof r.intervalMs === 'number' &&
    typeof r.result === 'object' &&
    r.result !== null
  );
}

export interface RedisResultStoreOptions {
  url: RedisTarget;
  prefix: string;
  logger: Logger;
  now?: () => number;
  /**
   * The metrics whose samples all() must give (alert rules, the status overview; asked on every
   * read, so a reload can change it): the reader keeps only those as objects beside each result's
   * text. Undefined: every sample. forDevice always gives every sample (read from Redis).
   */
  keepSamples?: () => ReadonlySet<string> | undefined;
}

export class RedisResultStore implements ResultStore {
  private readonly redis: RedisClient;
  private readonly keys: { devices: string; seq: string; changed: string };
  private readonly table = new RenderedTable(() => this.keptWith);
  /** The keepSamples set the table's entries were decoded with. */
  private keptWith: ReadonlySet<string> | undefined;
  private readonly now: () => number;
  /** The highest write number this process has read; -1: the table is cold (read everything). */
  private seenSeq = -1;
  /** The sequence at the previous full read: removals numbered below it were seen by every reader since (pruned). */
  private lastFullSeq = 0;
  private lastFullAtMs = 0;
  private reading: Promise<void> | undefined;
  private readsDone = 0;
  /** Bumped on every reconnect: a read that straddles one does not count as up to date. */
  private generation = 0;

  constructor(private readonly options: RedisResultStoreOptions) {
    this.now = options.now ?? Date.now;
    // Fail a put fast while Redis is away (the worker logs it) rather than queue it for ever.
    this.redis = createRedis(options.url, {
      logger: options.logger,
      role: 'results',
      maxRetriesPerRequest: 2,
      // Redis may have restarted (data lost, or an older snapshot loaded): read everything again.
      onReconnect: () => {
        this.seenSeq = -1;
        this.generation++;
      },
    });
    const base = `${options.prefix}:results`;
    this.keys = { devices: `${base}:devices`, seq: `${base}:seq`, changed: `${base}:changed` };
  }

  private deviceKey(device: string): string {
    return `${this.options.prefix}:results:d:${device}`;
  }

  private scriptKeys(device: string): string[] {
    return [this.deviceKey(device), this.keys.devices, this.keys.seq, this.keys.changed];
  }

  async put(entry: StoredResult): Promise<void> {
    const ttl = Math.max(MIN_TTL_MS, 4 * entry.intervalMs);
    await PUT.run(this.redis, this.scriptKeys(entry.device), [entry.probe, String(entry.finishedAtMs), encodeResult(entry), String(ttl), entry.device, entry.result.success ? '1' : '0']);
  }

  /** Rejects at once while Redis is away: /metrics then serves the last results it read (collector.ts). */
  async all(): Promise<StoredResult[]> {
    await this.refresh();
    return this.table.entries();
  }

  async rendered(): Promise<RenderedDevices> {
    await this.refresh();
    return this.table.devices;
  }

  async forDevice(device: string): Promise<StoredResult[]> {
    this.ensureReachable();
    return parseHash(await this.redis.hgetall(this.deviceKey(device)));
  }

  async removeDevice(device: string): Promise<void> {
    await REMOVE.run(this.redis, this.scriptKeys(device), [device]);
    this.table.remove(device);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  /**
   * Brings the table up to date. While a read is already running, a caller gets the table as
   * the previous read left it (at most one follow period old, collector.ts) instead of waiting:
   * the full read every 10 minutes takes seconds at 10,000 devices and must not hold a scrape.
   * Only the very first read is waited for.
   */
  private refresh(): Promise<void> {
    this.ensureReachable();
    if (this.reading && this.readsDone > 0) return Promise.resolve();
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<void> {
    const generation = this.generation;
    const keep = this.options.keepSamples?.();
    // Other metrics to keep (a reload changed the rules): decode every device again.
    const redecode = keep !== this.keptWith;
    this.keptWith = keep;
    const cold = redecode || this.seenSeq < 0;
    const full = cold || this.now() - this.lastFullAtMs >= FULL_READ_EVERY_MS;
    const reply = (await CHANGED.run(this.redis, [this.keys.seq, this.keys.changed], [String(full ? 0 : this.seenSeq)])) as string[];
    const seq = Number(reply[0]);
    if (!full && seq < this.seenSeq) {
      // The counter went backwards: Redis lost data or loaded an older snapshot.
      this.seenSeq = -1;
      return this.read();
    }
    const changed = new Map<string, number>();
    for (let i = 1; i + 1 < reply.length; i += 2) changed.set(reply[i], Number(reply[i + 1]));
    if (full) await this.readAll(changed, seq, cold ? (redecode ? 'redecode' : 'read') : 'check');
    else await this.readDevices([...changed.keys()], false);
    // Writes numbered above `seq` after the script ran are read next time (a device read twice is
    // harmless); a reconnect during this read makes the next one full.
    if (generation === this.generation) this.seenSeq = seq;
    this.readsDone++;
  }

  /**
   * Every device in Redis. `read`: cold (start, reconnect, lost data): every hash is fetched,
   * results the table holds unchanged are not decoded again; `redecode`: every result decoded
   * again; `check` (the periodic read of a warm table): hashes are fetched only for devices the
   * table lacks or that changed since the last read, the others are only checked to exist. At
   * 10,000 devices a fetch of every hash moved ~200 MB out of Redis every 10 minutes to learn
   * which few had expired.
   */
  private async readAll(changed: ReadonlyMap<string, number>, seq: number, how: 'read' | 'redecode' | 'check'): Promise<void> {
    // Devices written by a version without the changed set are in the device set only.
    const list = [...new Set([...(await this.redis.smembers(this.keys.devices)), ...changed.keys()])];
    const fetch: string[] = [];
    const known: string[] = [];
    for (const d of list) {
      const current = how === 'check' && this.table.devices.has(d) && (changed.get(d) ?? 0) <= this.seenSeq;
      (current ? known : fetch).push(d);
    }
    const gone: string[] = [];
    for (let i = 0; i < fetch.length; i += FULL_READ_BATCH) {
      const batch = fetch.slice(i, i + FULL_READ_BATCH);
      for (const device of await this.readDevices(batch, how === 'redecode')) gone.push(device);
    }
    for (const device of await this.missing(known)) {
      this.table.remove(device);
      gone.push(device);
    }
    const present = new Set(list);
    for (const device of [...this.table.devices.keys()]) if (!present.has(device)) this.table.remove(device);
    if (gone.length > 0) await this.forget(gone, changed);
    this.lastFullSeq = seq;
    this.lastFullAtMs = this.now();
  }

  /** Those of `devices` whose hash no longer exists (a failed check counts as present). */
  private async missing(devices: string[]): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < devices.length; i += FULL_READ_BATCH) {
      const batch = devices.slice(i, i + FULL_READ_BATCH);
      const pipeline = this.redis.pipeline();
      for (const d of batch) pipeline.exists(this.deviceKey(d));
      const replies = (await pipeline.exec()) ?? [];
      batch.forEach((device, k) => {
        const [err, count] = replies[k] ?? [new Error('no reply'), 1];
        if (!err && count === 0) out.push(device);
      });
    }
    return out;
  }

  /**
   * Devices whose hash is gone (expired, removed): out of the device set at once; out of the
   * changed set once their removal is older than the previous full read, so every reader that
   * reads at least every FULL_READ_EVERY_MS has seen it first.
   */
  private async forget(gone: string[], changed: ReadonlyMap<string, number>): Promise<void> {
    const prune = gone.filter((d) => (changed.get(d) ?? 0) <= this.lastFullSeq);
    const tx = this.redis.multi().srem(this.keys.devices, ...gone);
    if (prune.length > 0) tx.zrem(this.keys.changed, ...prune);
    await tx.exec();
  }

  /**
   * Reads `devices` into the table (a failed read keeps what it had); returns those that are gone.
   * `redecode`: decode every result, even those the table holds already.
   */
  private async readDevices(devices: string[], redecode: boolean): Promise<string[]> {
    if (devices.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const d of devices) pipeline.hgetall(this.deviceKey(d));
    const replies = (await pipeline.exec()) ?? [];
    const gone: string[] = [];
    devices.forEach((device, i) => {
      const [err, hash] = replies[i] ?? [new Error('no reply'), undefined];
      if (err || !isStringRecord(hash)) return;
      const entries = parseHash(hash, redecode ? undefined : (probe) => this.table.get(device, probe));
      if (entries.length === 0) gone.push(device);
      this.table.replace(device, entries);
    });
    return gone;
  }

  private ensureReachable(): void {
    if (inOutage(this.redis)) throw new Error(`result store: redis unreachable (${this.redis.status})`);
  }
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
}

/**
 * A device hash: per probe its result (field = kind), `kind@t` (finished at) and `kind@ok` (last
 * success). `known` gives what the reader holds already: when its finish and last-success times
 * match, that entry is kept and the JSON (~20 KB for a switch) is not decoded again.
 */
function parseHash(hash: Record<string, string>, known?: (probe: string) => StoredResult | undefined): StoredResult[] {
  const out: StoredResult[] = [];
  for (const [field, value] of Object.entries(hash)) {
    if (field.includes('@')) continue;
    const have = known?.(field);
    if (have && String(have.finishedAtMs) === hash[`${field}@t`] && (have.lastSuccessAtMs === undefined ? hash[`${field}@ok`] === undefined : String(have.lastSuccessAtMs) === hash[`${field}@ok`])) {
      out.push(have);
      continue;
    }
    const entry = decodeResult(value);
    if (!entry) continue;
    const ok = Number(hash[`${field}@ok`]);
    out.push(Number.isFinite(ok) && ok > 0 ? { ...entry, lastSuccessAtMs: ok } : entry);
  }
  return out;
}
