/**
 * A real worker process for the cross-process queue tests: the BullMQ queue and the job handler
 * from dist/ (built from src/ by test/global-setup.js), with a fake probe that sleeps and logs
 * each run's start and end into Redis (`<prefix>:test:runs`) so the test can check overlaps.
 *
 * env: QP_REDIS, QP_PREFIX, QP_DEVICES (JSON DeviceTarget[]), QP_PROBE_MS (default 200),
 *      QP_SLOW_MS (probe time of devices named *slow*), QP_CONCURRENCY, QP_GRACE_MS, QP_WORKER_ID
 * stdout: "ready" once consuming, "closed <ms>" after a SIGTERM close.
 */
'use strict';
const path = require('node:path');
const dist = path.resolve(__dirname, '../../dist/src');
const { BullmqQueue } = require(path.join(dist, 'queue/bullmq.js'));
const { RedisResultStore } = require(path.join(dist, 'results/redis-store.js'));
const { createJobHandler } = require(path.join(dist, 'scheduler/job-handler.js'));
const { builtinProbeRegistry } = require(path.join(dist, 'probes/registry.js'));
const { createLogger } = require(path.join(dist, 'log.js'));
const Redis = require('ioredis');

const env = process.env;
const url = env.QP_REDIS;
const prefix = env.QP_PREFIX;
const workerId = env.QP_WORKER_ID || `test-worker:${process.pid}`;
const devices = JSON.parse(env.QP_DEVICES || '[]');
const probeMs = Number(env.QP_PROBE_MS || 200);
const slowMs = Number(env.QP_SLOW_MS || probeMs);
const logger = createLogger({ level: env.QP_LOG_LEVEL || 'warn' });

const log = new Redis(url, { maxRetriesPerRequest: 1 });
log.on('error', () => undefined);
const runsKey = `${prefix}:test:runs`;

function fakeRunProbe(probe, target, opts) {
  const start = Date.now();
  const ms = target.name.includes('slow') ? slowMs : probeMs;
  const record = (event) => log.rpush(runsKey, JSON.stringify({ event, device: target.name, probe: probe.kind, worker: workerId, t: Date.now(), start }));
  return record('start').then(
    () =>
      new Promise((resolve) => {
        const finish = (aborted) => {
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
          record(aborted ? 'abort' : 'end').finally(() =>
            resolve({ probe: probe.kind, success: !aborted, durationMs: Date.now() - start, samples: [{ name: 'quarkpulse_device_up', labels: { kind: target.kind }, value: 1 }], ...(aborted ? { error: { kind: 'timeout', message: 'aborted' } } : {}) }),
          );
        };
        const onAbort = () => finish(true);
        const timer = setTimeout(() => finish(false), ms);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
      }),
  );
}

const probes = new Map(builtinProbeRegistry.kinds.map((kind) => [kind, { kind, run: () => Promise.reject(new Error('unused')) }]));

async function main() {
  const queue = new BullmqQueue({
    url,
    prefix,
    logger,
    workerId,
    tuning: { lockMarginMs: Number(env.QP_LOCK_MARGIN_MS || 300), backoffMs: 100 },
    lockDurationMs: Number(env.QP_LOCK_DURATION_MS || 2000),
    stalledIntervalMs: Number(env.QP_STALLED_INTERVAL_MS || 1000),
  });
  const store = new RedisResultStore({ url, prefix, logger });
  const handler = createJobHandler({ devices: () => devices, registry: builtinProbeRegistry, probes, store, logger, workerId, runProbe: fakeRunProbe });
  await queue.startWorker(handler, { concurrency: Number(env.QP_CONCURRENCY || 10) });
  process.stdout.write('ready\n');
  process.once('SIGTERM', async () => {
    const t0 = Date.now();
    await queue.close(Number(env.QP_GRACE_MS || 8000));
    await store.close();
    log.disconnect();
    process.stdout.write(`closed ${Date.now() - t0}\n`);
    process.exit(0);
  });
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err && err.stack}\n`);
  process.exit(1);
});
