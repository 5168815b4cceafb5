/**
 * Backup outcomes over Redis: workers XADD to a stream; the process that owns the config store
 * reads it through a consumer group and acknowledges an entry only after the owner handled it
 * (committed or found unchanged). Nothing is lost across restarts: an entry read but not
 * acknowledged stays pending and is read again, by this process after a failure or by the next
 * owner (XAUTOCLAIM) after a crash. Handling is idempotent — a version already stored is
 * "unchanged" — so a redelivery never makes a second commit.
 *
 * One owner at a time: a lock key (renewed while alive) decides which scheduler consumes; the
 * others stand by and take over when it expires.
 */
import type { RedisTarget } from '../config/redis-target';
import type { Logger } from '../log';
import { RedisLease } from '../queue/lease';
import { closeRedis, createRedis, type RedisClient } from '../queue/redis';
import { settlesWithin } from '../util/timeout';
import type { BackupOutcome, ConfigSink } from '../scheduler/config-sink';

export function streamKey(prefix: string): string {
  return `${prefix}:backup:outcomes`;
}

const GROUP = 'store-owner';
const FIELD = 'outcome';

/** Workers' side: one XADD per outcome. */
export class RedisConfigSink implements ConfigSink {
  private readonly redis: RedisClient;
  private readonly key: string;

  constructor(opts: { url: RedisTarget; prefix: string; logger: Logger }) {
    this.redis = createRedis(opts.url, { logger: opts.logger, role: 'backup-sink', maxRetriesPerRequest: 3 });
    this.key = streamKey(opts.prefix);
  }

  async submit(outcome: BackupOutcome): Promise<void> {
    await this.redis.xadd(this.key, '*', FIELD, JSON.stringify(outcome));
  }

  close(): Promise<void> {
    return closeRedis(this.redis);
  }
}

export function decodeOutcome(text: string): BackupOutcome | undefined {
  try {
    const o = JSON.parse(text) as Partial<BackupOutcome>;
    if (typeof o.device !== 'string' || typeof o.client !== 'string' || typeof o.probe !== 'string' || typeof o.fetchedAtMs !== 'number') return undefined;
    if (o.config !== undefined && (typeof o.config.text !== 'string' || typeof o.config.profile !== 'string')) return undefined;
    return { site: '', ...o } as BackupOutcome;
  } catch {
    return undefined;
  }
}

type StreamEntries = Array<[id: string, fields: string[]]>;

export interface ConsumerOptions {
  url: RedisTarget;
  prefix: string;
  logger: Logger;
  handle: (outcome: BackupOutcome) => Promise<unknown>;
  /** A dead owner's lock expires after this long. */
  lockTtlMs?: number;
  /** How long one blocking read waits (also how soon `close` is noticed). */
  blockMs?: number;
}

/** The owner's side: consumes the stream while it holds the owner lock. */
export class RedisConfigConsumer {
  private readonly redis: RedisClient;
  private readonly key: string;
  /** Who owns the store: the lease's holder id is also this consumer's name in the group. */
  private readonly lease: RedisLease;
  private readonly me: string;
  private readonly lockTtlMs: number;
  private readonly blockMs: number;
  private stopped = false;
  private owner = false;
  private loop?: Promise<void>;
  private readonly log: Logger;

  constructor(private readonly opts: ConsumerOptions) {
    this.redis = createRedis(opts.url, { logger: opts.logger, role: 'backup-owner', maxRetriesPerRequest: null });
    this.key = streamKey(opts.prefix);
    this.lease = new RedisLease(this.redis, `${opts.prefix}:backup:owner`, opts.lockTtlMs ?? 30_000);
    this.me = this.lease.holder;
    this.lockTtlMs = opts.lockTtlMs ?? 30_000;
    this.blockMs = opts.blockMs ?? 1_000;
    this.log = opts.logger.child({ component: 'backup-owner' });
  }

  async start(): Promise<void> {
    try {
      // From the start of the stream: outcomes written before any owner existed are not lost.
      await this.redis.xgroup('CREATE', this.key, GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.includes('BUSYGROUP'))) throw err;
    }
    this.loop = this.run().catch((err: unknown) => this.log.error({ err: errorText(err) }, 'backup stream consumer stopped'));
  }

  /** True while this process owns the store. */
  isOwner(): boolean {
    return this.owner;
  }

  async close(): Promise<void> {
    this.stopped = true;
    // The loop ends within one blocking read while Redis answers; while Redis is away its command
    // waits for the reconnect, so the connection is closed at once; an outcome it was handling stays pending in the stream and
    // the next owner takes it over.
    // (ioredis keeps a command queued while it waits to reconnect, and a disconnect then never
    // settles it: the loop is left behind, not awaited.)
    const ended = await settlesWithin(this.loop ?? Promise.resolve(), this.redis.status === 'ready' ? this.blockMs + 500 : 0);
    if (ended && this.owner && this.redis.status === 'ready') await this.lease.release().catch(() => undefined);
    await closeRedis(this.redis);
  }

  private async run(): Promise<void> {
    let renewedAt = 0;
    while (!this.stopped) {
      try {
        if (Date.now() - renewedAt > this.lockTtlMs / 3) {
          const was = this.owner;
          this.owner = await this.lease.hold();
          renewedAt = Date.now();
          if (this.owner && !was) {
            this.log.info('this process owns the config store now');
            await this.reclaim();
          }
        }
        if (!this.owner) {
          await sleep(Math.min(this.lockTtlMs / 3, 2_000));
          continue;
        }
        // Own pending entries first (a handling that failed), then new ones.
        const pending = await this.read('0', false);
        const entries = pending.length > 0 ? pending : await this.read('>', true);
        await this.handleAll(entries);
      } catch (err) {
        if (this.stopped) break;
        this.log.warn({ err: errorText(err) }, 'reading backup outcomes failed; retrying');
        await sleep(1_000);
      }
    }
  }

  /** Entries a crashed owner read but never acknowledged become ours. */
  private async reclaim(): Promise<void> {
    let cursor = '0-0';
    let claimed = 0;
    do {
      const reply = (await this.redis.xautoclaim(this.key, GROUP, this.me, 0, cursor, 'COUNT', 100)) as [string, StreamEntries, ...unknown[]];
      cursor = reply[0];
      claimed += reply[1].length;
    } while (cursor !== '0-0' && !this.stopped);
    if (claimed > 0) this.log.info({ claimed }, 'took over backup outcomes a previous owner had not finished');
  }

  private async read(id: string, block: boolean): Promise<StreamEntries> {
    const args: Array<string | number> = ['GROUP', GROUP, this.me, 'COUNT', 50];
    if (block) args.push('BLOCK', this.blockMs);
    return streamEntries(await this.redis.call('XREADGROUP', ...args, 'STREAMS', this.key, id));
  }

  private async handleAll(entries: StreamEntries): Promise<void> {
    for (const [id, fields] of entries) {
      // A pending entry already deleted from the stream comes back without fields: just acknowledge it.
      const text = fields ? fields[fields.indexOf(FIELD) + 1] : undefined;
      const outcome = text === undefined ? undefined : decodeOutcome(text);
      if (fields && !outcome) this.log.error({ id }, 'dropping an unreadable backup outcome');
      if (outcome) {
        try {
          await this.opts.handle(outcome);
        } catch (err) {
          // Left pending: read again after a pause (a full disk, a git lock held by a command).
          this.log.error({ id, device: outcome.device, err: errorText(err) }, 'storing a backup outcome failed; it stays queued');
          await sleep(1_000);
          return;
        }
      }
      const done = await this.redis.multi().xack(this.key, GROUP, id).xdel(this.key, id).exec();
      const failed = done?.find(([err]) => err);
      if (failed) throw failed[0];
    }
  }
}

/**
 * The entries of a one-stream XREAD(GROUP) reply. RESP2 gives [[key, entries]]; RESP3 a map, which
 * the client hands over flattened as [key, entries]; no answer (BLOCK timed out) is null.
 */
export function streamEntries(reply: unknown): StreamEntries {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  if (typeof reply[0] === 'string') return Array.isArray(reply[1]) ? (reply[1] as StreamEntries) : [];
  const first = reply[0] as unknown[];
  return Array.isArray(first) && Array.isArray(first[1]) ? (first[1] as StreamEntries) : [];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
