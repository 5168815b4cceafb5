/**
 * `quarkpulse poll --once`: every configured probe of every (chosen) device, once, in process,
 * no Redis; the Prometheus text exposition goes to stdout. Failures are data
 * (`quarkpulse_probe_success 0`), so the exit code is 0 whenever the config was usable.
 */
import { hostname } from 'node:os';
import { asListenError, UserError } from './errors';
import { loadConfig } from '../inventory/load';
import type { DeviceTarget } from '../inventory/types';
import { createLogger } from '../log';
import { builtinProbeRegistry } from '../probes/registry';
import { runProbe } from '../probes/runner';
import { DeviceMetrics } from '../results/collector';
import { MemoryResultStore, storedResult } from '../results/store';
import { startLabIfConfigured } from '../simulate/lab';
import { mapLimit } from '../util/concurrency';

export async function runPoll(opts: { config: string; device: string[]; once?: boolean }): Promise<number> {
  const logger = createLogger();
  const config = await loadConfig(opts.config);
  const devices = selectDevices(config.devices, opts.device);
  // The bundled lab binds fixed ports: one already in use is a one-line error, not a stack.
  const lab = await startLabIfConfigured(config, logger).catch((err: unknown) => {
    throw asListenError(err);
  });
  const registry = builtinProbeRegistry;
  const probes = registry.createProbes({ logger });
  try {
    const store = new MemoryResultStore();
    const worker = `${hostname()}:${process.pid}`;
    const jobs = devices.flatMap((target) => registry.configuredKinds(target).map((kind) => ({ target, kind })));
    await mapLimit(jobs, config.queue.concurrency, async ({ target, kind }) => {
      const probe = probes.get(kind);
      if (!probe) return;
      const result = await runProbe(probe, target, { logger, deadlineMs: registry.deadlineMs(target, kind) });
      await store.put(storedResult(registry, target, result, worker));
    });
    for (const chunk of await new DeviceMetrics(store, registry).exposition()) process.stdout.write(chunk);
    return 0;
  } finally {
    for (const probe of probes.values()) probe.close?.();
    await lab?.close();
  }
}

function selectDevices(all: DeviceTarget[], names: string[]): DeviceTarget[] {
  if (names.length === 0) return all;
  const byName = new Map(all.map((d) => [d.name, d]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) throw new UserError(`--device: unknown device ${unknown.map((n) => `"${n}"`).join(', ')} (not in the config)`);
  return names.map((n) => byName.get(n) as DeviceTarget);
}
