/**
 * `quarkpulse backup --once`: every probe kind that fetches configs, on every (chosen) device that
 * has one, once, in this process; versions go straight into the store under backup.dir. One line
 * per device (stored / unchanged / failed: reason / blocked: reason); exit 0 even when devices
 * fail. `quarkpulse backup accept-hostkey DEVICE` pins the host key a device was refused for.
 */
import type { Writable } from 'node:stream';
import { backupDevices, createHostKeyStore, openOwner } from '../backup/service';
import { statusLine } from '../backup/status';
import { loadConfig } from '../inventory/load';
import type { DeviceTarget } from '../inventory/types';
import { createLogger, type Logger } from '../log';
import { builtinProbeRegistry, type ProbeRegistry } from '../probes/registry';
import { runProbe } from '../probes/runner';
import { backupOutcome } from '../scheduler/job-handler';
import { startLabIfConfigured } from '../simulate/lab';
import { mapLimit } from '../util/concurrency';
import { asListenError, UserError } from './errors';

export interface CommandIo {
  registry?: ProbeRegistry;
  out?: Writable;
  logger?: Logger;
}

export async function runBackupOnce(opts: { config: string; device: string[]; once?: boolean }, io: CommandIo = {}): Promise<number> {
  if (!opts.once) throw new UserError('backup: only --once is supported here (the daemon backs up on its schedule: quarkpulse run)');
  const logger = io.logger ?? createLogger();
  const registry = io.registry ?? builtinProbeRegistry;
  const out = io.out ?? process.stdout;
  const config = await loadConfig(opts.config);
  const chosen = selectDevices(config.devices, opts.device);
  const devices = backupDevices(chosen, registry);
  for (const d of chosen) if (!devices.includes(d)) out.write(`${d.name}: skipped: no config backup configured (ssh or routeros)\n`);
  if (devices.length === 0) return 0;

  // The bundled lab binds fixed ports: one already in use is a one-line error, not a stack.
  const lab = await startLabIfConfigured(config, logger).catch((err: unknown) => {
    throw asListenError(err);
  });
  const hostKeys = createHostKeyStore(config, logger);
  const probes = registry.createProbes({ logger, hostKeys });
  try {
    const owner = await openOwner(config, { logger, devices: () => config.devices });
    await mapLimit(devices, config.queue.concurrency, async (target) => {
      for (const kind of registry.configKinds(target)) {
        const probe = probes.get(kind);
        if (!probe) continue;
        const result = await runProbe(probe, target, { logger, deadlineMs: registry.deadlineMs(target, kind) });
        const outcome = backupOutcome(registry, target, result, Date.now());
        if (!outcome) continue;
        const verdict = await owner.accept(outcome);
        out.write(`${target.name}: ${statusLine({ last: { result: verdict.result, atMs: outcome.fetchedAtMs, reason: verdict.reason, rev: verdict.rev } })}\n`);
      }
    });
    await owner.idle();
    return 0;
  } finally {
    for (const probe of probes.values()) probe.close?.();
    await hostKeys.close?.();
    await lab?.close();
  }
}

export async function runAcceptHostKey(opts: { config: string; device: string }, io: CommandIo = {}): Promise<number> {
  const logger = io.logger ?? createLogger();
  const out = io.out ?? process.stdout;
  const config = await loadConfig(opts.config);
  selectDevices(config.devices, [opts.device]);
  const hostKeys = createHostKeyStore(config, logger);
  try {
    if (!(await hostKeys.accept(opts.device))) throw new UserError(`${opts.device}: no refused host key to accept (its key was never refused, or was accepted already)`, 1);
    out.write(`${opts.device}: the new host key is pinned; the next backup uses it\n`);
    return 0;
  } finally {
    await hostKeys.close?.();
  }
}

export function selectDevices(all: DeviceTarget[], names: string[]): DeviceTarget[] {
  if (names.length === 0) return all;
  const byName = new Map(all.map((d) => [d.name, d]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) throw new UserError(`unknown device ${unknown.map((n) => `"${n}"`).join(', ')} (not in the config)`);
  return names.map((n) => byName.get(n) as DeviceTarget);
}
