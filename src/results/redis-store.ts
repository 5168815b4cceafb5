/**
 * The result store in Redis: whichever worker ran a probe, every `run` process serves the same
 * latest results. One hash per device (field = probe kind, value = JSON), plus a set of device
 * names, all under `${prefix}:results:`. A newer result is never overwritten by a late older one
 * (checked atomically in Lua), and a device hash expires on its own if nobody writes it for a day
 * (or 4 intervals), so a device removed while no scheduler ran cannot linger for ever.
 */
import type { RedisTarget } from '../config/redis-target';
import type { Logger } from '../log';
import { closeRedis, createRedis, inOutage, LuaScript, type RedisClient } from '../queue/redis';
import type { ResultStore, StoredResult } from './store';

const PUT = new LuaScript(`local t = redis.call('HGET', KEYS[1], ARGV[1] .. '@t')
if t and tonumber(t) > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], ARGV[1] .. '@t', ARGV[2])
if ARGV[6] == '1' then redis.call('HSET', KEYS[1], ARGV[1] .. '@ok', ARGV[2]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SADD', KEYS[2], ARGV[5])
return 1`);

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
}

export class RedisResultStore implements ResultStore {
  private readonly redis: RedisClient;
  private readonly devicesKey: string;

  constructor(private readonly options: RedisResultStoreOptions) {
    // Fail a put fast while Redis is away (the worker logs it) rather than queue it for ever.
    this.redis = createRedis(options.url, { logger: options.logger, role: 'results', maxRetriesPerRequest: 2 });
    this.devicesKey = `${options.prefix}:results:devices`;
  }

  private deviceKey(device: string): string {
    return `${this.options.prefix}:results:d:${device}`;
  }

  async put(entry: StoredResult): Promise<void> {
    const ttl = Math.max(MIN_TTL_MS, 4 * entry.intervalMs);
    await PUT.run(this.redis, [this.deviceKey(entry.device), this.devicesKey], [entry.probe, String(entry.finishedAtMs), encodeResult(entry), String(ttl), entry.device, entry.result.success ? '1' : '0']);
  }

  /** Rejects at once while Redis is away: /metrics then serves the last results it read (collector.ts). */
  async all(): Promise<StoredResult[]> {
    this.ensureReachable();
    const devices = await this.redis.smembers(this.devicesKey);
    if (devices.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const d of devices) pipeline.hgetall(this.deviceKey(d));
    const replies = (await pipeline.exec()) ?? [];
    const out: StoredResult[] = [];
    const expired: string[] = [];
    replies.forEach(([err, hash], i) => {
      if (err || !isStringRecord(hash)) return;
      const entries = parseHash(hash);
      if (entries.length === 0) expired.push(devices[i]);
      out.push(...entries);
    });
    if (expired.length > 0) await this.redis.srem(this.devicesKey, ...expired);
    return out;
  }

  async forDevice(device: string): Promise<StoredResult[]> {
    this.ensureReachable();
    return parseHash(await this.redis.hgetall(this.deviceKey(device)));
  }

  async removeDevice(device: string): Promise<void> {
    await this.redis.multi().del(this.deviceKey(device)).srem(this.devicesKey, device).exec();
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  private ensureReachable(): void {
    if (inOutage(this.redis)) throw new Error(`result store: redis unreachable (${this.redis.status})`);
  }
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
}

/** A device hash: per probe its result (field = kind), `kind@t` (finished at) and `kind@ok` (last success). */
function parseHash(hash: Record<string, string>): StoredResult[] {
  const out: StoredResult[] = [];
  for (const [field, value] of Object.entries(hash)) {
    if (field.includes('@')) continue;
    const entry = decodeResult(value);
    if (!entry) continue;
    const ok = Number(hash[`${field}@ok`]);
    out.push(Number.isFinite(ok) && ok > 0 ? { ...entry, lastSuccessAtMs: ok } : entry);
  }
  return out;
}
