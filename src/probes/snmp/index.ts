/**
 * The SNMP probe: walks the device's configured modules (walker.ts) on a session (pool.ts),
 * decodes each module that was fetched completely, and reports per-module success.
 *
 * Success: the probe succeeds when at least one configured module was fetched and decoded
 * completely. Modules fail independently (`quarkpulse_snmp_module_success{module}` 0, with the reason
 * in ProbeResult.modules); a device that never answers fails with kind 'timeout', bad SNMPv3
 * credentials with 'auth' (not retried), a cancelled poll with 'timeout'.
 *
 * Between polls the probe keeps, per device, what the previous poll learnt (row OIDs, column
 * links) so the next poll fetches each table in as few requests as the settings allow; and, for
 * SNMPv3, the session with its discovered engine. The request size that works (sizing.ts) is also
 * kept in an SnmpSizeMemory, read on every poll: shared by workers and kept across restarts.
 */
import type { SnmpModuleName } from '../../config/vocabulary';
import type { DeviceTarget } from '../../inventory/types';
import type { Sample } from '../../metrics/names';
import type { SelfMetrics } from '../../metrics/self';
import type { Probe, ProbeContext, ProbeFailure, ProbeOutcome } from '../types';
import { SnmpAbortError, SnmpConfigError, SnmpError, asSnmpError } from './errors';
import { answeredNothing, answersOnce, SilentDevices } from './fail-fast';
import { SNMP_MODULES } from './modules';
import type { SnmpModule } from './modules/types';
import { SessionPool } from './pool';
import { MemorySizeMemory, type SnmpSizeMemory } from './size-memory';
import { sameRecord } from './sizing';
import { newDeviceHistory, walkDevice, type DeviceHistory, type DeviceWalk, type DeviceWalkStats, type WalkOptions } from './walker';

export interface SnmpProbeDeps {
  selfMetrics?: SelfMetrics;
  /** Module implementations by name (tests substitute their own); default: SNMP_MODULES. */
  modules?: Partial<Record<SnmpModuleName, SnmpModule>>;
  pool?: SessionPool;
  /** Where each device's working request size is kept (default: this process's memory). */
  sizes?: SnmpSizeMemory;
  /** Walker tuning beyond the device settings (first-poll rows, runaway cap). */
  walk?: Pick<WalkOptions, 'defaultRows' | 'maxVarbindsPerTable'>;
}

export interface SnmpProbe extends Probe {
  /** Request and varbind counts of the device's last poll (benchmarks, debugging). */
  lastStats(device: string): DeviceWalkStats | undefined;
  /** Drops what the probe keeps for a device that left the config (history, v3 session). */
  forget(device: string): void;
  /** Closes pooled sessions; the probe stays usable. */
  close(): void;
}

interface DeviceMemory {
  /** History is only valid for the same agent. */
  agent: string;
  history: DeviceHistory;
  stats?: DeviceWalkStats;
}

export function createSnmpProbe(deps: SnmpProbeDeps = {}): SnmpProbe {
  const modules = deps.modules ?? SNMP_MODULES;
  const pool = deps.pool ?? new SessionPool();
  const memory = new Map<string, DeviceMemory>();
  const sizes = deps.sizes ?? new MemorySizeMemory();
  const silent = new SilentDevices();

  async function run(target: DeviceTarget, ctx: ProbeContext): Promise<ProbeOutcome> {
    const settings = target.snmp;
    if (!settings) return failed({ kind: 'config', message: 'no snmp settings for this device' });
    const specs: SnmpModule[] = [];
    for (const name of settings.modules) {
      const m = modules[name];
      if (!m) return failed({ kind: 'config', message: `unknown SNMP module "${name}"` });
      specs.push(m);
    }
    const agent = `${settings.version}|${target.address}|${settings.port}`;
    let mem = memory.get(target.name);
    if (!mem || mem.agent !== agent) {
      mem = { agent, history: newDeviceHistory() };
      memory.set(target.name, mem);
    }

    // Another worker, or this daemon before a restart, may have learnt the device's size.
    const stored = await sizes.get(target.name);
    if (stored) mem.history.size = stored;
    const sizeBefore = mem.history.size;

    let lease;
    try {
      lease = await pool.acquire(target.name, { address: target.address, snmp: settings }, ctx.signal);
    } catch (err) {
      return failed(failureOf(asSnmpError(err)));
    }
    const failFast = settings.failFast;
    if (failFast && silent.known(target.name, failFast.afterPolls)) {
      let alive = false;
      try {
        alive = await answersOnce(lease.session, failFast.timeoutMs, ctx.signal);
      } catch (err) {
        lease.release({ discard: true });
        return failed(failureOf(asSnmpError(err)));
      }
      countSelf(deps.selfMetrics, target, checkStats(alive));
      if (!alive) {
        // An abandoned request may still be pending on the session: start afresh next time.
        lease.release({ discard: true });
        silent.record(target.name, false);
        const polls = silent.count(target.name);
        return failed({
          kind: 'timeout',
          message: `no answer to one request in ${failFast.timeoutMs} ms; ${polls} polls in a row without any answer (checked once while it stays silent)`,
          final: true,
        });
      }
    }
    let walk: DeviceWalk | undefined;
    try {
      walk = await walkDevice(lease.session, specs, mem.history, {
        version: settings.version,
        maxRepetitions: settings.maxRepetitions,
        maxVarbinds: settings.maxVarbindsPerRequest,
        retries: settings.retries,
        signal: ctx.signal,
        ...deps.walk,
      });
    } finally {
      // A cancelled or rejected v3 session may hold half-done engine state: start afresh next time.
      const discard = walk === undefined || ctx.signal.aborted || walk.fatal instanceof SnmpAbortError || walk.fatal?.kind === 'auth';
      lease.release({ discard });
    }
    mem.stats = walk.stats;
    if (!ctx.signal.aborted || walk.stats.wireVarbinds > 0) silent.record(target.name, !answeredNothing(walk));
    countSelf(deps.selfMetrics, target, walk.stats);
    const sizeAfter = mem.history.size;
    if (sizeAfter && !sameRecord(sizeBefore, sizeAfter)) await sizes.set(target.name, sizeAfter);
    if (walk.stats.shrinks > 0) {
      ctx.logger.info({ shrinks: walk.stats.shrinks, requestVarbinds: walk.stats.requestVarbinds }, 'snmp requests went unanswered: sent smaller');
    }

    const samples: Sample[] = [];
    const outcome: Record<string, { success: boolean; error?: string }> = {};
    let firstError: SnmpError | undefined;
    for (const m of walk.modules) {
      let error = m.error;
      if (!error) {
        try {
          const decoded = modules[m.module]!.decode(m.result);
          for (const s of decoded) samples.push(s);
        } catch (err) {
          error = new SnmpError('internal', `decoding failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (error) {
        firstError ??= error;
        ctx.logger.debug({ module: m.module, kind: error.kind, error: error.message }, 'snmp module failed');
      }
      outcome[m.module] = error ? { success: false, error: `${error.kind}: ${error.message}` } : { success: true };
      samples.push({ name: 'quarkpulse_snmp_module_success', labels: { module: m.module }, value: error ? 0 : 1 });
    }
    ctx.logger.debug(
      { requests: walk.stats.requests, retries: walk.stats.retries, wire: walk.stats.wireVarbinds, useful: walk.stats.usefulVarbinds },
      'snmp walk',
    );
    const success = !walk.fatal && Object.values(outcome).some((o) => o.success);
    const result: ProbeOutcome = { success, samples, modules: outcome };
    if (!success) result.error = failureOf(walk.fatal ?? firstError ?? new SnmpConfigError('no SNMP modules configured'));
    return result;
  }

  return {
    kind: 'snmp',
    run,
    lastStats: (device) => memory.get(device)?.stats,
    forget: (device) => {
      memory.delete(device);
      silent.forget(device);
      pool.forget(device);
      void sizes.forget(device);
    },
    close: () => {
      pool.close();
      void sizes.close();
    },
  };
}

function failed(error: ProbeFailure): ProbeOutcome {
  return { success: false, samples: [], error };
}

function failureOf(error: SnmpError): ProbeFailure {
  return { kind: error.kind, message: error.message };
}

/** The fail-fast check's one request, counted like a walk's. */
function checkStats(answered: boolean): DeviceWalkStats {
  return { requests: 1, retries: 0, timeouts: answered ? 0 : 1, wireVarbinds: answered ? 1 : 0, usefulVarbinds: 0, shrinks: 0, requestVarbinds: 0, modules: [] };
}

function countSelf(self: SelfMetrics | undefined, target: DeviceTarget, stats: DeviceWalkStats): void {
  if (!self) return;
  const labels = { client: target.client, device: target.name };
  // Adding 0 too: a device's retry and timeout series exist from its first poll, so a healthy
  // device shows 0 rather than "No data".
  self.snmpRequests.inc(labels, stats.requests);
  self.snmpRetries.inc(labels, stats.retries);
  self.snmpTimeouts.inc(labels, stats.timeouts);
  self.snmpVarbinds.inc(labels, stats.wireVarbinds);
  self.snmpShrinks.inc(labels, stats.shrinks);
  if (stats.requestVarbinds > 0) self.snmpRequestVarbinds.set(labels, stats.requestVarbinds);
}
