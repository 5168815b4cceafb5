/** Terse varbind builders for decoder tests (net-snmp's value representations). */
import { SnmpType, type Varbind } from '../../src/probes/snmp/varbind';

export const int = (oid: string, value: number): Varbind => ({ oid, type: SnmpType.Integer, value });
export const str = (oid: string, value: string): Varbind => ({ oid, type: SnmpType.OctetString, value: Buffer.from(value, 'utf8') });
export const hex = (oid: string, value: string): Varbind => ({ oid, type: SnmpType.OctetString, value: Buffer.from(value, 'hex') });
export const oidv = (oid: string, value: string): Varbind => ({ oid, type: SnmpType.ObjectIdentifier, value });
export const c32 = (oid: string, value: number): Varbind => ({ oid, type: SnmpType.Counter32, value });
export const g32 = (oid: string, value: number): Varbind => ({ oid, type: SnmpType.Gauge32, value });
export const ticks = (oid: string, value: number): Varbind => ({ oid, type: SnmpType.TimeTicks, value });
/** Counter64 as net-snmp delivers it: big-endian bytes in a Buffer. */
export const c64buf = (oid: string, value: bigint): Varbind => {
  let h = value.toString(16);
  if (h.length % 2) h = `0${h}`;
  return { oid, type: SnmpType.Counter64, value: Buffer.from(h, 'hex') };
};
export const c64 = (oid: string, value: bigint): Varbind => ({ oid, type: SnmpType.Counter64, value });
export const nul = (oid: string): Varbind => ({ oid, type: SnmpType.Null, value: null });
export const noSuchInstance = (oid: string): Varbind => ({ oid, type: SnmpType.NoSuchInstance, value: null });
export const noSuchObject = (oid: string): Varbind => ({ oid, type: SnmpType.NoSuchObject, value: null });
export const ip = (oid: string, value: string): Varbind => ({ oid, type: SnmpType.IpAddress, value });
