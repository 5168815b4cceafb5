/**
 * In-process daemons over a shared Redis (one server, a Sentinel set or a Cluster) for the
 * scale-out tests: a stand-in probe kind (`fake`, every device named fake-*) so no agent is
 * needed, and a job handler that records every run it is given — device, the slot it was due
 * in, when it started — so a test can count runs per (device, due slot).
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startDaemon, type Daemon, type Role } from '../../src/daemon/daemon';
import { defaultParts } from '../../src/daemon/default-parts';
import type { DaemonParts } from '../../src/daemon/parts';
import { loadConfig } from '../../src/inventory/load';
import { createLogger, silentLogger, type Logger } from '../../src/log';
import { createProbeRegistry } from '../../src/probes/registry';
import type { ProbeDefinition } from '../../src/probes/types';
import { createQueue } from '../../src/queue/create';
import { recoveryTiming } from '../../src/queue/policy';
import { DEFAULT_TUNING } from '../../src/queue/types';
import { planSchedules } from '../../src/scheduler/schedules';

export interface Run {
  device: string;
  dueAtMs: number;
  startedAtMs: number;
  /** 1 for the run the schedule made; 2+ for a retry or a redelivery of the same job. */
  attempt: number;
}

/** Answers for every device named fake-*, every `intervalMs`, after ~10 ms of "work". */
export function fakeKind(intervalMs: number): ProbeDefinition {
  return {
    kind: 'fake',
    appliesTo: (t) => t.name.startsWith('fake-'),
    intervalMs: () => intervalMs,
    defaultTimeoutMs: Math.floor(intervalMs / 2),
    countsForAvailability: true,
    create: () => ({
      kind: 'fake',
      run: async (target) => {
        await new Promise((r) => setTimeout(r, 10));
        return { success: true, samples: [{ name: 'quarkpulse_device_uptime_seconds', labels: {}, value: target.name.length }] };
      },
    }),
    settingsView: () => ({}),
  };
}

/** A config file in `dir`: `devices` fake-1…fake-N, Redis as given (YAML flow text), ICMP off, backup and reports under `dir`. */
export function writeHaConfig(dir: string, opts: { redis: string; prefix: string; devices: number; leaderTtl?: string; file?: string }): string {
  const file = path.join(dir, opts.file ?? 'quarkpulse.yml');
  const lines = [
    'http: { listen: 127.0.0.1:0 }',
    'defaults: { icmp: { enabled: false } }',
    `queue: { redis: ${opts.redis}, prefix: ${opts.prefix}${opts.leaderTtl ? `, leader_ttl: ${opts.leaderTtl}` : ''} }`,
    `backup: { dir: ${JSON.stringify(path.join(dir, 'configs'))}, weekly_report: { enabled: false, dir: ${JSON.stringify(path.join(dir, 'reports'))} } }`,
    'devices:',
    ...Array.from({ length: opts.devices }, (_, i) => `  - { name: fake-${i + 1}, client: acme, kind: other, address: 127.0.0.1 }`),
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

/**
 * A worker for schedules another process made (any probe kind, `quarkpulse scheduler` planned
 * them from the built-in registry): every job is recorded and answered at once, nothing is probed.
 */
export function recordOnlyParts(runs: Run[]): DaemonParts {
  return {
    ...defaultParts,
    createHandler: () => async (job) => {
      runs.push({ device: job.device, dueAtMs: job.dueAtMs, startedAtMs: Date.now(), attempt: job.attempt });
      return { retry: false };
    },
    startLab: async () => undefined,
  };
}

/** Real queue, store and alerting chosen by the config; the fake kind; every run pushed to `runs`. */
export function recordingParts(intervalMs: number, runs: Run[]): DaemonParts {
  const probes = createProbeRegistry({ fake: fakeKind(intervalMs) });
  return {
    ...defaultParts,
    probes,
    createQueue: (config, logger, hooks) =>
      createQueue(config.queue, { logger, onSkip: hooks?.onSkip, bullmq: recoveryTiming(DEFAULT_TUNING, planSchedules(config.devices, probes)) }),
    createHandler: (deps) => {
      const handler = defaultParts.createHandler(deps);
      return (job, signal) => {
        runs.push({ device: job.device, dueAtMs: job.dueAtMs, startedAtMs: Date.now(), attempt: job.attempt });
        return handler(job, signal);
      };
    },
    startLab: async () => undefined,
  };
}

/** QP_TEST_LOG=debug|info shows the daemons' logs on stderr (silent otherwise). */
function testLogger(): Logger {
  return process.env.QP_TEST_LOG ? createLogger({ level: process.env.QP_TEST_LOG }) : silentLogger;
}

/** A debug-level logger whose lines land in `lines` (to check what the logs carry). */
export function capturingLogger(lines: string[]): Logger {
  return createLogger({ level: 'debug', format: 'json', destination: { write: (line: string) => void lines.push(line) } });
}

export async function startRecordingDaemon(file: string, roles: Role[], parts: DaemonParts, logger: Logger = testLogger(), extraEnv: NodeJS.ProcessEnv = {}): Promise<Daemon> {
  const env = { ...process.env, REDIS_URL: '', ...extraEnv };
  return startDaemon({ config: await loadConfig(file, env), roles, logger, parts, loadConfig: (f) => loadConfig(f, env), closeGraceMs: 1_000 });
}

/** Runs per `device@due`: exactly-once scheduling means every value is 1. */
export function runsPerSlot(runs: readonly Run[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of runs) out.set(`${r.device}@${r.dueAtMs}`, (out.get(`${r.device}@${r.dueAtMs}`) ?? 0) + 1);
  return out;
}

/** The due slots of one device, sorted. */
export function slotsOf(runs: readonly Run[], device: string): number[] {
  return [...new Set(runs.filter((r) => r.device === device).map((r) => r.dueAtMs))].sort((a, b) => a - b);
}

/** The leader gauge as a process's /metrics shows it. */
export async function leaderGauge(url: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = /^quarkpulse_scheduler_leader (\d)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}
