/**
 * Polls one recording served over real UDP several times with the walker and checks each poll
 * against the recording itself, and the request/varbind targets from the second poll on.
 */
import { SNMP_MODULES } from '../../src/probes/snmp/modules';
import { openSession } from '../../src/probes/snmp/session';
import type { Varbind, WalkResult } from '../../src/probes/snmp/varbind';
import { newDeviceHistory, walkDevice, type DeviceWalkStats } from '../../src/probes/snmp/walker';
import { recordingVarbinds, walkFromVarbinds } from '../helpers/snmp-walk';
import { v2cSettings } from '../../bench/snmp-agents';

export const ALL_MODULES = [SNMP_MODULES.system, SNMP_MODULES.interfaces, SNMP_MODULES.printer, SNMP_MODULES.host];

export function flatWalk(result: WalkResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const [oid, v] of result.scalars) out.set(oid, show(v));
  for (const [col, rows] of result.columns) for (const [index, v] of rows) out.set(`${col}.${index}`, show(v));
  return out;
}

/** net-snmp hands Counter64 over as bytes, the recording parser as a bigint: compare as numbers. */
function show(v: Varbind): string {
  if (v.type === 70 && Buffer.isBuffer(v.value)) return `70:${v.value.length ? BigInt(`0x${v.value.toString('hex')}`) : 0n}`;
  return `${v.type}:${Buffer.isBuffer(v.value) ? v.value.toString('hex') : String(v.value)}`;
}

export interface RecordingPolls {
  /** Stats of each poll, first included. */
  stats: DeviceWalkStats[];
}

export async function checkRecordingPolls(name: string, port: number, polls = 3): Promise<RecordingPolls> {
  const settings = v2cSettings(name, port);
  const session = openSession({ address: '127.0.0.1', snmp: settings });
  const history = newDeviceHistory();
  const stats: DeviceWalkStats[] = [];
  const truth = ALL_MODULES.map((spec) => flatWalk(walkFromVarbinds(recordingVarbinds(name), spec)));
  try {
    for (let p = 0; p < polls; p++) {
      const walk = await walkDevice(session, ALL_MODULES, history, {
        version: '2c',
        maxRepetitions: settings.maxRepetitions,
        maxVarbinds: settings.maxVarbindsPerRequest,
        retries: settings.retries,
      });
      walk.modules.forEach((m, i) => {
        expect({ module: m.module, error: m.error?.message }).toEqual({ module: m.module, error: undefined });
        expect(flatWalk(m.result)).toEqual(truth[i]);
      });
      stats.push(walk.stats);
      if (p > 0) {
        expect(walk.stats.retries).toBe(0);
        expect(walk.stats.wireVarbinds).toBeLessThanOrEqual(1.2 * walk.stats.usefulVarbinds);
        // Nothing went unanswered; each module fills its requests: at most 64 varbinds, and answers kept
        // within one unfragmented datagram, so about half that on devices with wordy tables.
        expect(walk.stats.shrinks).toBe(0);
        for (const m of walk.stats.modules) expect(m.requests).toBeLessThanOrEqual(Math.ceil(m.usefulVarbinds / (settings.maxVarbindsPerRequest / 2)) + 1);
      }
    }
  } finally {
    session.close();
  }
  return { stats };
}
