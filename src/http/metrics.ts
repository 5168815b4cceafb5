/**
 * The Prometheus face: /metrics (everything), /metrics/self (this process's own metrics),
 * /metrics/shard/<k> (the device series of the devices whose name hashes to shard k, results/shard.ts)
 * and /metrics/sd, the HTTP service discovery that lists those targets for Prometheus'
 * `http_sd_configs`. All open, like /metrics always was: they reveal no secrets.
 */
import type { Express, Request, Response } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../log';
import type { DeviceMetrics } from '../results/collector';
import type { Chunk } from '../results/exposition';
import type { Shard } from '../results/shard';
import { withTimeout } from '../util/timeout';

export interface MetricsRouteDeps {
  logger: Logger;
  registry: Registry;
  /** Refreshes pull-style self-metrics (queue counts, workers) just before a scrape; failures are logged, not fatal. */
  beforeScrape?: () => Promise<void>;
  /** Device series; absent in a process that serves only its own metrics (a worker). */
  deviceMetrics?: DeviceMetrics;
  /** http.metrics_shards of the config in force. */
  shards: () => number;
}

/** The queue gauges' refresh before a scrape; with the store read (collector.ts) a scrape stays near 2 s at worst. */
const SCRAPE_REFRESH_TIMEOUT_MS = 1_000;
/** Sent in pieces of about this size: a 10,000-device /metrics is never one 180 MB buffer. */
const CHUNK_BYTES = 256 * 1024;
/** Chunk buffers kept for reuse per response (the socket holds a few while it sends). */
const SPARE_CHUNKS = 4;

/** One entry of Prometheus' http_sd format. */
export interface SdTarget {
  targets: string[];
  labels: Record<string, string>;
}

/**
 * Pure: the targets of one process reached at `host`: one per shard, then its own metrics. Each
 * carries a distinct `shard` label, so Prometheus' per-target series (`up`,
 * `scrape_duration_seconds`) do not collide although every target has the same address.
 */
export function sdTargets(host: string, shards: number, devices: boolean): SdTarget[] {
  const self: SdTarget = { targets: [host], labels: { __metrics_path__: '/metrics/self', shard: 'self' } };
  if (!devices) return [self];
  const list = Array.from({ length: shards }, (_, k) => ({ targets: [host], labels: { __metrics_path__: `/metrics/shard/${k}`, shard: String(k) } }));
  return [...list, self];
}

/** Pure: "/metrics/shard/<k>"'s k as a shard of `count`, or an error message. */
export function parseShard(text: string, count: number): Shard | string {
  if (!/^\d{1,6}$/.test(text)) return 'shard must be a number';
  const index = Number(text);
  if (index >= count) return `no such shard: there are ${count} (0-${count - 1}; http.metrics_shards)`;
  return { index, count };
}

/** The Host header if it looks like host[:port] (it becomes a scrape target), else the socket's own address. */
function reachedAs(req: Request): string {
  const host = req.headers.host;
  if (host && /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?$/.test(host)) return host;
  const addr = req.socket.localAddress ?? '127.0.0.1';
  return `${addr.includes(':') ? `[${addr}]` : addr}:${req.socket.localPort ?? 80}`;
}

export function mountMetricsRoutes(app: Express, deps: MetricsRouteDeps): void {
  let refreshFailing = false;
  const refresh = async () => {
    if (!deps.beforeScrape) return;
    try {
      await withTimeout(deps.beforeScrape(), SCRAPE_REFRESH_TIMEOUT_MS, 'self-metrics refresh');
      if (refreshFailing) deps.logger.info('self-metrics refresh before scrape works again');
      refreshFailing = false;
    } catch (err) {
      // Once per outage (Redis down fails every scrape), not once per scrape.
      if (!refreshFailing) deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'refreshing self-metrics before scrape failed; serving the last values');
      refreshFailing = true;
    }
  };

  app.get('/metrics', async (_req, res) => {
    // Devices first: the read sets quarkpulse_results_stale_seconds, which the registry then reports.
    const [devices] = await Promise.all([deps.deviceMetrics?.exposition(), refresh()]);
    const self = await deps.registry.metrics();
    await send(res, deps.registry.contentType, devices ? [self, ...devices] : [self]);
  });

  app.get('/metrics/self', async (_req, res) => {
    await refresh();
    res.status(200).type(deps.registry.contentType).send(await deps.registry.metrics());
  });

  app.get('/metrics/shard/:k', async (req, res) => {
    const shard = parseShard(String(req.params.k), deps.shards());
    if (typeof shard === 'string' || !deps.deviceMetrics) {
      res.status(404).type('text/plain').send(`${typeof shard === 'string' ? shard : 'this process serves no device metrics (see /metrics/self)'}\n`);
      return;
    }
    await send(res, deps.registry.contentType, await deps.deviceMetrics.exposition(shard));
  });

  app.get('/metrics/sd', (req, res) => {
    res.status(200).type('application/json').send(JSON.stringify(sdTargets(reachedAs(req), deps.shards(), deps.deviceMetrics !== undefined)));
  });
}

/**
 * Writes the pieces in buffers of CHUNK_BYTES, waiting for the socket when it is full. Rendered
 * results arrive as bytes and are copied in as they are; only the few strings (headers,
 * device_up, the process's own metrics) are encoded here. The buffers are reused once the socket
 * has taken them: a fresh one per chunk (~700 for a 10,000-device /metrics) made V8 collect
 * garbage for the memory outside its heap.
 */
async function send(res: Response, contentType: string, pieces: Iterable<Chunk>): Promise<void> {
  res.status(200).type(contentType);
  const spare: Buffer[] = [];
  let buffer: Buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  let size = 0;
  /** `sent`: called once the socket has taken the bytes (their buffer may be filled again then). */
  const write = async (bytes: Buffer, sent?: () => void) => {
    if (!res.write(bytes, sent)) await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  const flush = async () => {
    if (size === 0) return;
    const whole = buffer;
    const filled = whole.subarray(0, size);
    buffer = spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
    size = 0;
    await write(filled, () => {
      if (spare.length < SPARE_CHUNKS) spare.push(whole);
    });
  };
  for (const piece of pieces) {
    const length = typeof piece === 'string' ? Buffer.byteLength(piece, 'utf8') : piece.length;
    if (size + length > CHUNK_BYTES) {
      await flush();
      if (res.destroyed) return;
    }
    if (length > CHUNK_BYTES) {
      await write(typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece);
      if (res.destroyed) return;
      continue;
    }
    size += typeof piece === 'string' ? buffer.write(piece, size, 'utf8') : piece.copy(buffer, size);
  }
  await flush();
  res.end();
}
