/**
 * A real worker process for the config-store tests over Redis: the real job handler (from dist/,
 * built by test/global-setup.js) with a stand-in backup kind, handing configs to the Redis stream
 * (RedisConfigSink). It runs one backup job per device of QP_DEVICES at once, with the config text
 * `<device> version <QP_VERSION>` (devices listed in QP_SAME_TEXT get a version-independent text).
 *
 * env: QP_REDIS, QP_PREFIX, QP_DEVICES (JSON DeviceTarget[]), QP_VERSION
 * stdout: "done <n>" after every job was handled.
 */
'use strict';
const path = require('node:path');
const dist = path.resolve(__dirname, '../../dist/src');
const { createJobHandler } = require(path.join(dist, 'scheduler/job-handler.js'));
const { createProbeRegistry } = require(path.join(dist, 'probes/registry.js'));
const { RedisConfigSink } = require(path.join(dist, 'backup/redis-sink.js'));
const { MemoryResultStore } = require(path.join(dist, 'results/store.js'));
const { normalizeConfig } = require(path.join(dist, 'platforms/normalize.js'));
const { createLogger } = require(path.join(dist, 'log.js'));

const env = process.env;
const devices = JSON.parse(env.QP_DEVICES || '[]');
const version = env.QP_VERSION || '1';
const logger = createLogger({ level: 'warn' });

const standin = {
  kind: 'standin',
  appliesTo: (t) => t.ssh !== undefined,
  producesConfig: () => true,
  intervalMs: () => 60_000,
  defaultTimeoutMs: 5_000,
  countsForAvailability: false,
  create: () => ({
    kind: 'standin',
    run: async (target) => {
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
      const text = normalizeConfig('cisco_ios', `hostname ${target.name}\n! ${target.name} version ${version}\nend\n`).text;
      return { success: true, samples: [], config: { profile: 'cisco_ios', text } };
    },
  }),
  settingsView: () => null,
};

async function main() {
  const registry = createProbeRegistry({ standin });
  const sink = new RedisConfigSink({ url: env.QP_REDIS, prefix: env.QP_PREFIX, logger });
  const handler = createJobHandler({
    devices: () => devices,
    registry,
    probes: registry.createProbes({ logger }),
    store: new MemoryResultStore(),
    configs: sink,
    logger,
  });
  const signal = new AbortController().signal;
  await Promise.all(
    devices.map((d) => handler({ scheduleId: `${d.name}:standin`, device: d.name, probe: 'standin', attempt: 1, canRetry: false, dueAtMs: Date.now() }, signal)),
  );
  await sink.close();
  process.stdout.write(`done ${devices.length}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
