/**
 * The varbind shape shared by the SNMP session, the simulator and the decoders.
 * Values keep net-snmp's representation: numbers for Integer/Counter32/Gauge32/TimeTicks,
 * Buffer for OCTET STRING and Counter64, dotted string for OBJECT IDENTIFIER and IpAddress.
 */
export const enum SnmpType {
  Integer = 2,
  OctetString = 4,
  Null = 5,
  ObjectIdentifier = 6,
  IpAddress = 64,
  Counter32 = 65,
  Gauge32 = 66,
  TimeTicks = 67,
  Opaque = 68,
  Counter64 = 70,
  NoSuchObject = 128,
  NoSuchInstance = 129,
  EndOfMibView = 130,
}

export type VarbindValue = number | bigint | string | Buffer | null;

export interface Varbind {
  oid: string;
  type: number;
  value: VarbindValue;
}

/** Row values of one table column: row index suffix (e.g. "1.3") → varbind. */
export type ColumnRows = Map<string, Varbind>;

/**
 * What a walk returned for one module: scalar OIDs (full OID with instance, e.g. "1.3.6.1.2.1.1.3.0")
 * and table columns (column OID without instance, e.g. "1.3.6.1.2.1.43.11.1.1.9") → rows.
 * A column that the agent does not have is absent (or an empty map).
 */
export interface WalkResult {
  scalars: Map<string, Varbind>;
  columns: Map<string, ColumnRows>;
}

export function isException(type: number): boolean {
  return type === SnmpType.NoSuchObject || type === SnmpType.NoSuchInstance || type === SnmpType.EndOfMibView;
}
