/**
 * One holder at a time: a Redis key holding the holder's token for a TTL, renewed by its holder
 * (compare-and-renew in Lua, else SET NX PX). The alert evaluator, the config-store owner and the
 * schedule writer each elect their one process with it. A holder that dies stops renewing and is
 * replaced within the TTL; one that is closed releases the key, so a follower takes over at its
 * next attempt.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../log';
import { settlesWithin, withTimeout } from '../util/timeout';
import { inOutage, LuaScript, type RedisClient } from './redis';

// One key per script: legal in a Cluster whatever the key's slot.
const HOLD = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') and 1 or 0`);
const RELEASE = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/** hostname:pid:random — readable in `GET <key>`, unique per process and lease. */
export function holderId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export class RedisLease {
  constructor(
    private readonly redis: RedisClient,
    readonly key: string,
    readonly ttlMs: number,
    readonly holder: string = holderId(),
  ) {}

  /** Renews the lease when this holder has it, takes it when it is free; true while this holder has it. */
  async hold(): Promise<boolean> {
    return (await HOLD.run(this.redis, [this.key], [this.holder, String(this.ttlMs)])) === 1;
  }

  /** Gives the lease up if this holder has it (a lease taken over meanwhile is left alone). */
  async release(): Promise<void> {
    await RELEASE.run(this.redis, [this.key], [this.holder]);
  }
}

export interface LeaderElectionOptions {
  redis: RedisClient;
  key: string;
  /** A dead leader is replaced after this long; renewed every third of it. */
  ttlMs: number;
  logger: Logger;
  /** What is being led, for the log lines ("schedules"). */
  what: string;
  /** Called when this process becomes leader (true) or stops being one (false). */
  onChange?: (leading: boolean) => void;
}

/**
 * Keeps trying to hold a lease, every third of its TTL. Leading counts only while the last
 * successful renewal is younger than the TTL (timed from before the request was sent), so a
 * leader cut off from Redis stops acting before a follower can take over.
 */
export class LeaderElection {
  private readonly lease: RedisLease;
  private validUntil = 0;
  private was = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private failing = false;
  private ticking?: Promise<void>;

  constructor(private readonly opts: LeaderElectionOptions) {
    this.lease = new RedisLease(opts.redis, opts.key, opts.ttlMs);
  }

  get holder(): string {
    return this.lease.holder;
  }

  /** First attempt awaited (so a process that can lead leads from the start), then periodic. */
  async start(): Promise<boolean> {
    await this.tick();
    this.schedule();
    return this.isLeader();
  }

  isLeader(): boolean {
    return !this.stopped && Date.now() < this.validUntil;
  }

  /** Stops trying; releases the lease when held and Redis answers, so a follower takes over at once. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    const held = this.isLeader();
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    // A renewal in flight while Redis is away would hold shutdown for up to a third of the TTL.
    if (this.ticking) await settlesWithin(this.ticking.catch(() => undefined), 200);
    // With Redis away there is nobody to tell: the lease runs out on its own after the TTL.
    if (held && !inOutage(this.opts.redis)) await withTimeout(this.lease.release(), 1_000, 'release leader lease').catch(() => undefined);
    this.notice();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule());
    }, Math.max(50, Math.floor(this.opts.ttlMs / 3)));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const sentAt = Date.now();
    try {
      // A renewal that takes longer than a third of the TTL is as good as lost.
      const held = await withTimeout(this.lease.hold(), Math.max(100, Math.floor(this.opts.ttlMs / 3)), 'leader lease');
      if (this.stopped) return;
      this.validUntil = held ? sentAt + this.opts.ttlMs : 0;
      if (this.failing) this.opts.logger.info({ what: this.opts.what }, 'leader lease reachable again');
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.opts.logger.warn({ what: this.opts.what, err: err instanceof Error ? err.message : String(err) }, 'leader lease not renewed');
      this.failing = true;
    }
    this.notice();
  }

  /** Tells onChange of a change, at most once per change. */
  private notice(): void {
    const now = this.isLeader();
    if (now === this.was) return;
    this.was = now;
    this.opts.logger.info({ what: this.opts.what, holder: this.lease.holder }, now ? `leading: this process writes the ${this.opts.what}` : `not leading: another process writes the ${this.opts.what}`);
    this.opts.onChange?.(now);
  }
}
