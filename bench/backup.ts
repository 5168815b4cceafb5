/**
 * bench/backup — config backups of many devices through the real path: runner → job handler's
 * backupOutcome → the store owner → git (system git through simple-git), with bounded concurrency.
 *
 *   node dist/bench/backup.js [--devices 200] [--concurrency 16] [--lines 1500] [--fetch-ms 150] [--change 0.1]
 *
 * Each device is a simulated SSH device: its "fetch" waits --fetch-ms (±50 %, the device's
 * latency) and returns a --lines long IOS-style config, normalised by the real normalizeConfig.
 * Three passes over the same store: every device new (one commit each), nothing changed (no commit),
 * a --change share of devices changed by one line. Printed per pass: wall time, versions stored,
 * and the store's time per device (owner.accept: blob compare, write, git add + commit, drift).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GitConfigStore } from '../src/backup/git-store';
import { BackupOwner } from '../src/backup/owner';
import type { DeviceTarget } from '../src/inventory/types';
import { silentLogger } from '../src/log';
import { normalizeConfig } from '../src/platforms/normalize';
import { createProbeRegistry } from '../src/probes/registry';
import { runProbe } from '../src/probes/runner';
import type { ProbeDefinition } from '../src/probes/types';
import { backupOutcome } from '../src/scheduler/job-handler';
import { mapLimit } from '../src/util/concurrency';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const DEVICES = option('devices', 200);
const CONCURRENCY = option('concurrency', 16);
const LINES = option('lines', 1500);
const FETCH_MS = option('fetch-ms', 150);
const CHANGE = option('change', 0.1);

function deviceConfig(name: string, revision: number): string {
  const lines = [`hostname ${name}`, '!', `! revision ${revision}`, 'username backup privilege 15 secret <removed>'];
  for (let i = 0; lines.length < LINES; i++) {
    lines.push(`interface GigabitEthernet1/0/${i + 1}`, ` description access port ${i + 1} of ${name}`, ` switchport access vlan ${10 + (i % 20)}`, ' spanning-tree portfast', '!');
  }
  lines.push('end');
  return lines.join('\n');
}

const revisions = new Map<string, number>();

const simulatedSsh: ProbeDefinition = {
  kind: 'ssh',
  appliesTo: (t) => t.ssh !== undefined,
  producesConfig: () => true,
  intervalMs: (t) => t.intervalsMs.backup,
  defaultTimeoutMs: 60_000,
  countsForAvailability: false,
  create: () => ({
    kind: 'ssh',
    run: async (target, ctx) => {
      await new Promise((resolve) => setTimeout(resolve, FETCH_MS * (0.5 + Math.random())));
      if (ctx.signal.aborted) throw new Error('aborted');
      const profile = target.ssh?.profile ?? 'cisco_ios';
      const normalized = normalizeConfig(profile, deviceConfig(target.name, revisions.get(target.name) ?? 0));
      return { success: true, samples: [], config: { profile, text: normalized.text } };
    },
  }),
  settingsView: () => null,
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'qp-bench-backup-'));
  const devices: DeviceTarget[] = Array.from({ length: DEVICES }, (_, i) => ({
    name: `sw-${String(i + 1).padStart(3, '0')}`,
    client: `client-${i % 5}`,
    site: 'hq',
    kind: 'switch',
    address: '127.0.0.1',
    intervalsMs: { snmp: 60_000, icmp: 30_000, backup: 86_400_000 },
    importantInterfaces: [],
    ssh: { profile: 'cisco_ios', port: 22, username: 'backup' },
  }));
  const registry = createProbeRegistry({ ssh: simulatedSsh });
  const probe = registry.createProbes({ logger: silentLogger }).get('ssh');
  if (!probe) throw new Error('no probe');
  const owner = new BackupOwner({ store: new GitConfigStore(dir), logger: silentLogger, devices: () => devices });
  await owner.open();

  console.log(`backup bench: ${DEVICES} simulated SSH devices, ${LINES}-line configs, fetch ${FETCH_MS} ms ±50 %, concurrency ${CONCURRENCY}, git ${dir}`);
  console.log('pass        wall s   stored  unchanged  store ms/device p50  p95   max   stored-only mean');
  const pass = async (label: string) => {
    const storeMs: number[] = [];
    const storedMs: number[] = [];
    let stored = 0;
    let unchanged = 0;
    const t0 = performance.now();
    await mapLimit(devices, CONCURRENCY, async (target) => {
      const result = await runProbe(probe, target, { logger: silentLogger, deadlineMs: registry.deadlineMs(target, 'ssh') });
      const outcome = backupOutcome(registry, target, result, Date.now());
      if (!outcome) return;
      const s0 = performance.now();
      const verdict = await owner.accept(outcome);
      const ms = performance.now() - s0;
      storeMs.push(ms);
      if (verdict.result === 'stored') {
        stored++;
        storedMs.push(ms);
      } else if (verdict.result === 'unchanged') unchanged++;
    });
    await owner.idle();
    const wall = (performance.now() - t0) / 1000;
    storeMs.sort((a, b) => a - b);
    const mean = storedMs.length ? storedMs.reduce((a, b) => a + b, 0) / storedMs.length : 0;
    console.log(
      `${label.padEnd(10)} ${wall.toFixed(2).padStart(7)} ${String(stored).padStart(8)} ${String(unchanged).padStart(10)}  ${percentile(storeMs, 0.5).toFixed(1).padStart(20)} ${percentile(storeMs, 0.95).toFixed(1).padStart(5)} ${storeMs[storeMs.length - 1].toFixed(1).padStart(5)} ${mean.toFixed(1).padStart(12)}`,
    );
  };
  await pass('all new');
  await pass('unchanged');
  for (const d of devices.slice(0, Math.round(DEVICES * CHANGE))) revisions.set(d.name, 1);
  await pass(`${Math.round(CHANGE * 100)}% change`);
  console.log('(store ms/device: owner.accept per device, waiting included — commits are serialised by the one writer; stored-only mean: devices that made a commit)');

  // The store's own cost, without waiting: every device changed, fetched first, then committed one by one.
  for (const d of devices) revisions.set(d.name, 2);
  const outcomes = await mapLimit(devices, CONCURRENCY, async (target) => {
    const result = await runProbe(probe, target, { logger: silentLogger, deadlineMs: registry.deadlineMs(target, 'ssh') });
    return backupOutcome(registry, target, result, Date.now());
  });
  const commitMs: number[] = [];
  const t0 = performance.now();
  for (const outcome of outcomes) {
    if (!outcome) continue;
    const s0 = performance.now();
    await owner.accept(outcome);
    commitMs.push(performance.now() - s0);
  }
  commitMs.sort((a, b) => a - b);
  console.log(
    `commit time per device, one after another (${commitMs.length} changed versions): mean ${((performance.now() - t0) / commitMs.length).toFixed(1)} ms, p50 ${percentile(commitMs, 0.5).toFixed(1)}, p95 ${percentile(commitMs, 0.95).toFixed(1)}, max ${commitMs[commitMs.length - 1].toFixed(1)}`,
  );
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
