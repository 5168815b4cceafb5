/**
 * Realistic probe results for benchmarks, taken once: the in-process simulator serves the shared
 * recordings (QP_RECORDINGS or ../shared/recordings/librenms) and the real SNMP probe polls each
 * once (printers, switches, routers, firewalls). A fleet of N devices then reuses them, device i
 * carrying recording i mod 25's result under its own name, as a lab of aliases does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Secret } from '../src/config/secret';
import type { DeviceTarget } from '../src/inventory/types';
import { createLogger } from '../src/log';
import { runProbe } from '../src/probes/runner';
import { createSnmpProbe } from '../src/probes/snmp';
import type { ProbeResult } from '../src/probes/types';
import { startSimulator } from '../src/simulate/agent';

export const INTERVAL_MS = 60_000;

export function recordingsDir(): string {
  return process.env.QP_RECORDINGS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'recordings', 'librenms');
}

export function benchTarget(name: string, client: string, port: number, community: string): DeviceTarget {
  return {
    name,
    client,
    site: '',
    kind: 'other',
    address: '127.0.0.1',
    intervalsMs: { snmp: INTERVAL_MS, icmp: INTERVAL_MS, backup: 86_400_000 },
    probeTimeoutMs: 10_000,
    snmp: { version: '2c', port, community: new Secret(community), timeoutMs: 2_000, retries: 1, maxRepetitions: 25, maxVarbindsPerRequest: 500, modules: ['system', 'interfaces', 'host', 'printer'] },
    importantInterfaces: [],
  };
}

/** One poll of every recording: the results every alias reuses. */
export async function pollRecordings(): Promise<ProbeResult[]> {
  const dir = recordingsDir();
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.snmprec')).sort();
  if (names.length === 0) throw new Error(`no recordings in ${dir} (set QP_RECORDINGS)`);
  const sim = await startSimulator({ recordingsDir: dir });
  const probe = createSnmpProbe();
  const logger = createLogger({ level: 'warn' });
  try {
    const out: ProbeResult[] = [];
    for (const file of names) {
      const t = benchTarget('x', 'x', sim.port, file.slice(0, -'.snmprec'.length));
      out.push(await runProbe(probe, t, { logger, deadlineMs: 10_000 }));
    }
    return out;
  } finally {
    probe.close?.();
    await sim.close();
  }
}

/** Device i of a bench fleet: its own name, one client per `perClient` devices. */
export function aliasTarget(i: number, perClient = 50): DeviceTarget {
  return benchTarget(`dev-${String(i).padStart(5, '0')}`, `client-${Math.floor(i / perClient)}`, 161, 'x');
}
