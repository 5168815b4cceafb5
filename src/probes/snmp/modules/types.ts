/**
 * SNMP modules are data: which scalars and table columns to fetch. The walker plans request PDUs
 * from these specs; decoders turn the resulting WalkResult into records and samples.
 */
import type { SnmpModuleName } from '../../../config/vocabulary';
import type { Sample } from '../../../metrics/names';
import type { WalkResult } from '../varbind';

export interface TableSpec {
  /** For logs and self-metrics, e.g. "prtMarkerSuppliesTable". */
  name: string;
  /** The table entry OID, e.g. "1.3.6.1.2.1.43.11.1.1"; columns are `${entry}.${column}`. */
  entry: string;
  /** Column numbers to fetch, ascending. */
  columns: number[];
  /** Fetch only the first row (one GETNEXT per column, e.g. the chassis model in ENTITY-MIB). */
  firstRowOnly?: boolean;
}

export interface SnmpModuleSpec {
  name: SnmpModuleName;
  /** Scalar OIDs with instance, e.g. "1.3.6.1.2.1.1.3.0". */
  scalars: string[];
  tables: TableSpec[];
}

/** A module: what to fetch (the spec) and how the fetched varbinds become samples (pure). */
export interface SnmpModule extends SnmpModuleSpec {
  decode(walk: WalkResult): Sample[];
}
