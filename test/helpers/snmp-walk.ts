/**
 * Turns parsed snmprec varbinds into the WalkResult a walk of one module would return, without a
 * network: scalars by exact OID, table columns by prefix (first row only where the spec says so).
 * Pure; used by the decoder tests on the real recordings.
 */
import type { SnmpModuleSpec } from '../../src/probes/snmp/modules/types';
import type { ColumnRows, Varbind, WalkResult } from '../../src/probes/snmp/varbind';
import { compareOids } from '../../src/probes/snmp/oid';
import { parseSnmprec } from '../../src/simulate/snmprec';
import { readRecording } from './recordings';

/** The walk of `spec` over `varbinds` (any order; later duplicates win). */
export function walkFromVarbinds(varbinds: readonly Varbind[], spec: SnmpModuleSpec): WalkResult {
  const byOid = new Map<string, Varbind>();
  for (const vb of varbinds) byOid.set(vb.oid, vb);
  const scalars = new Map<string, Varbind>();
  for (const oid of spec.scalars) {
    const vb = byOid.get(oid);
    if (vb) scalars.set(oid, vb);
  }
  const columns = new Map<string, ColumnRows>();
  for (const table of spec.tables) {
    for (const col of table.columns) {
      const columnOid = `${table.entry}.${col}`;
      const prefix = `${columnOid}.`;
      let rows: ColumnRows = new Map();
      for (const vb of varbinds) {
        if (vb.oid.startsWith(prefix)) rows.set(vb.oid.slice(prefix.length), vb);
      }
      if (table.firstRowOnly && rows.size > 1) {
        // A GETNEXT on the column returns its lowest row, whatever order the input was in.
        const first = [...rows.keys()].sort(compareOids)[0];
        rows = new Map([[first, rows.get(first) as Varbind]]);
      }
      if (rows.size > 0) columns.set(columnOid, rows);
    }
  }
  return { scalars, columns };
}

const parsed = new Map<string, Varbind[]>();

/** The recording's varbinds (parsed once per test file). */
export function recordingVarbinds(name: string): Varbind[] {
  let vbs = parsed.get(name);
  if (!vbs) {
    vbs = parseSnmprec(readRecording(name)).varbinds;
    parsed.set(name, vbs);
  }
  return vbs;
}

export function walkRecording(name: string, spec: SnmpModuleSpec): WalkResult {
  return walkFromVarbinds(recordingVarbinds(name), spec);
}
