/**
 * Alertmanager client: POST /api/v2/alerts to every configured Alertmanager (an HA group dedupes
 * among itself). Each Alertmanager has its own queue keyed by fingerprint (the newest version of
 * an alert wins), so one that is down only delays its own copy: alerts wait in memory and are
 * retried with exponential backoff. Nothing here throws to the caller or blocks polling.
 */
import type { Logger } from '../log';
import { settlesWithin } from '../util/timeout';
import { timerDelayMs } from '../util/timer';

/** How long close() tries to deliver what is still queued. */
export const CLOSE_FLUSH_MS = 1_000;
import type { SelfMetrics } from '../metrics/self';
import type { OutgoingAlert } from './payload';

export interface AlertmanagerClientOptions {
  urls: readonly string[];
  logger: Logger;
  selfMetrics?: SelfMetrics;
  /** Clock for startsAt/endsAt (injected in tests); retries use real timers. */
  now?: () => number;
  timeoutMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** endsAt of a firing alert = send time + this; Alertmanager resolves it if we stop re-sending. */
  validForMs?: number;
  /** Alerts per POST. */
  batchSize?: number;
}

interface Target {
  url: string;
  endpoint: string;
  queue: Map<string, OutgoingAlert>;
  inFlight?: Promise<void>;
  retryTimer?: NodeJS.Timeout;
  backoffMs: number;
  failures: number;
}

/** The JSON Alertmanager's API v2 takes (postableAlert). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

export function toPostable(a: OutgoingAlert, sendMs: number, validForMs: number): PostableAlert {
  return {
    labels: a.labels,
    annotations: a.annotations,
    startsAt: new Date(a.startsAtMs).toISOString(),
    endsAt: new Date(a.endsAtMs ?? sendMs + validForMs).toISOString(),
    generatorURL: a.generatorURL,
  };
}

export class AlertmanagerClient {
  private readonly targets: Target[];
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly validForMs: number;
  private readonly batchSize: number;
  private closed = false;

  constructor(private readonly opts: AlertmanagerClientOptions) {
    this.now = opts.now ?? Date.now;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.retryInitialMs = opts.retryInitialMs ?? 1000;
    this.retryMaxMs = opts.retryMaxMs ?? 60_000;
    this.validForMs = opts.validForMs ?? 4 * 60_000;
    this.batchSize = opts.batchSize ?? 500;
    this.targets = opts.urls.map((url) => ({
      url,
      endpoint: `${url.replace(/\/+$/, '')}/api/v2/alerts`,
      queue: new Map(),
      backoffMs: this.retryInitialMs,
      failures: 0,
    }));
    opts.selfMetrics?.knownAlertmanagers(opts.urls);
  }

  /** Queue alerts for every Alertmanager; a newer version of the same alert replaces the queued one. */
  enqueue(alerts: readonly OutgoingAlert[]): void {
    if (this.closed) return;
    for (const t of this.targets) for (const a of alerts) t.queue.set(a.fingerprint, a);
  }

  /** Alerts waiting for one (or, without url, any) Alertmanager. */
  pending(url?: string): number {
    return this.targets.filter((t) => url === undefined || t.url === url).reduce((n, t) => n + t.queue.size, 0);
  }

  /** Send what is queued to every Alertmanager not in backoff. Resolves when those attempts end; never rejects. */
  async flush(): Promise<void> {
    await Promise.all(this.targets.map((t) => this.flushTarget(t)));
  }

  /** Stop retrying; one last attempt for what is queued, bounded by CLOSE_FLUSH_MS (an Alertmanager that hangs must not hold up shutdown). */
  async close(): Promise<void> {
    for (const t of this.targets) {
      if (t.retryTimer) clearTimeout(t.retryTimer);
      t.retryTimer = undefined;
    }
    const last = (async () => {
      await Promise.all(this.targets.map((t) => t.inFlight));
      await this.flush();
    })();
    await settlesWithin(last, CLOSE_FLUSH_MS);
    this.closed = true;
    for (const t of this.targets) {
      if (t.retryTimer) clearTimeout(t.retryTimer);
      t.retryTimer = undefined;
    }
  }

  private flushTarget(t: Target): Promise<void> {
    if (t.inFlight || t.retryTimer || t.queue.size === 0 || this.closed) return t.inFlight ?? Promise.resolve();
    t.inFlight = this.send(t).finally(() => {
      t.inFlight = undefined;
    });
    return t.inFlight;
  }

  private async send(t: Target): Promise<void> {
    const batch = [...t.queue.values()].slice(0, this.batchSize);
    const sendMs = this.now();
    const body = JSON.stringify(batch.map((a) => toPostable(a, sendMs, this.validForMs)));
    try {
      const res = await fetch(t.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!res.ok) {
        const text = (await res.text().catch(() => '')).slice(0, 300);
        // 4xx other than 429 means this batch itself is bad: retrying it would fail forever.
        if (res.status >= 400 && res.status < 500 && res.status !== 429) {
          for (const a of batch) if (t.queue.get(a.fingerprint) === a) t.queue.delete(a.fingerprint);
          this.opts.selfMetrics?.alertDeliveries.inc({ alertmanager: t.url, result: 'rejected' });
          this.opts.logger.error({ alertmanager: t.url, status: res.status, body: text, alerts: batch.length }, 'alertmanager rejected alerts; dropped');
          return;
        }
        throw new Error(`HTTP ${res.status}${text ? `: ${text}` : ''}`);
      }
      await res.arrayBuffer().catch(() => undefined);
      for (const a of batch) if (t.queue.get(a.fingerprint) === a) t.queue.delete(a.fingerprint);
      this.opts.selfMetrics?.alertDeliveries.inc({ alertmanager: t.url, result: 'success' });
      if (t.failures > 0) this.opts.logger.info({ alertmanager: t.url, failures: t.failures }, 'alertmanager reachable again');
      t.failures = 0;
      t.backoffMs = this.retryInitialMs;
      // More than one batch queued: carry on right away.
      if (t.queue.size > 0 && !this.closed) setImmediate(() => void this.flushTarget(t));
    } catch (err) {
      t.failures++;
      this.opts.selfMetrics?.alertDeliveries.inc({ alertmanager: t.url, result: 'failure' });
      const delay = t.backoffMs;
      t.backoffMs = Math.min(t.backoffMs * 2, this.retryMaxMs);
      const message = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
      this.opts.logger.warn({ alertmanager: t.url, err: message, queued: t.queue.size, retryInMs: delay, failures: t.failures }, 'alert delivery failed; will retry');
      if (!this.closed) {
        t.retryTimer = setTimeout(() => {
          t.retryTimer = undefined;
          void this.flushTarget(t);
        }, timerDelayMs(delay));
        t.retryTimer.unref();
      }
    }
  }
}
