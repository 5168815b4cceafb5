/**
 * IF-MIB ifTable + ifXTable → one record per ifIndex. Rows are the union of the indexes seen in
 * any column: many switches leave out the ifIndex column itself, printers have no ifXTable.
 */
import { ifTypeName } from '../../../../mibs/if-types';
import { IF_TABLE, IF_X_TABLE, columnOid } from '../../../../mibs/oids';
import type { Sample } from '../../../metrics/names';
import type { ColumnRows, WalkResult } from '../varbind';
import { textValue } from './text';
import { column, intValue, rowIndexes, singleIndex, unsignedValue } from './values';

export interface InterfaceRecord {
  ifIndex: string;
  /** ifName, else ifDescr (an empty ifName counts as none). */
  name: string;
  descr: string;
  alias: string;
  /** IANAifType name, the number when unnamed, '' when the column is absent. */
  type: string;
  adminUp?: boolean;
  operUp?: boolean;
  /** ifHighSpeed × 10⁶ where present and non-zero, else ifSpeed; undefined when neither. */
  speedBitsPerSecond?: number;
  /** ifHCInOctets, else ifInOctets. */
  receiveBytes?: number;
  transmitBytes?: number;
  receiveErrors?: number;
  transmitErrors?: number;
  receiveDiscards?: number;
  transmitDiscards?: number;
}

const C = {
  descr: columnOid(IF_TABLE, 'ifDescr'),
  type: columnOid(IF_TABLE, 'ifType'),
  speed: columnOid(IF_TABLE, 'ifSpeed'),
  admin: columnOid(IF_TABLE, 'ifAdminStatus'),
  oper: columnOid(IF_TABLE, 'ifOperStatus'),
  inOctets: columnOid(IF_TABLE, 'ifInOctets'),
  inDiscards: columnOid(IF_TABLE, 'ifInDiscards'),
  inErrors: columnOid(IF_TABLE, 'ifInErrors'),
  outOctets: columnOid(IF_TABLE, 'ifOutOctets'),
  outDiscards: columnOid(IF_TABLE, 'ifOutDiscards'),
  outErrors: columnOid(IF_TABLE, 'ifOutErrors'),
  name: columnOid(IF_X_TABLE, 'ifName'),
  hcIn: columnOid(IF_X_TABLE, 'ifHCInOctets'),
  hcOut: columnOid(IF_X_TABLE, 'ifHCOutOctets'),
  highSpeed: columnOid(IF_X_TABLE, 'ifHighSpeed'),
  alias: columnOid(IF_X_TABLE, 'ifAlias'),
} as const;

const UP = 1;

export function decodeInterfaces(walk: WalkResult): InterfaceRecord[] {
  const cols = {} as Record<keyof typeof C, ColumnRows>;
  for (const key of Object.keys(C) as (keyof typeof C)[]) cols[key] = column(walk, C[key]);

  const out: InterfaceRecord[] = [];
  for (const idx of rowIndexes(Object.values(cols))) {
    if (singleIndex(idx) === undefined) continue;
    const descr = textValue(cols.descr.get(idx)) ?? '';
    const ifName = textValue(cols.name.get(idx));
    const typeNum = intValue(cols.type.get(idx));
    const admin = intValue(cols.admin.get(idx));
    const oper = intValue(cols.oper.get(idx));
    const high = unsignedValue(cols.highSpeed.get(idx));
    const speed = unsignedValue(cols.speed.get(idx));
    out.push({
      ifIndex: idx,
      name: ifName ? ifName : descr,
      descr,
      alias: textValue(cols.alias.get(idx)) ?? '',
      type: typeNum === undefined ? '' : ifTypeName(typeNum),
      adminUp: admin === undefined ? undefined : admin === UP,
      operUp: oper === undefined ? undefined : oper === UP,
      speedBitsPerSecond: high !== undefined && high > 0 ? high * 1e6 : speed,
      receiveBytes: unsignedValue(cols.hcIn.get(idx)) ?? unsignedValue(cols.inOctets.get(idx)),
      transmitBytes: unsignedValue(cols.hcOut.get(idx)) ?? unsignedValue(cols.outOctets.get(idx)),
      receiveErrors: unsignedValue(cols.inErrors.get(idx)),
      transmitErrors: unsignedValue(cols.outErrors.get(idx)),
      receiveDiscards: unsignedValue(cols.inDiscards.get(idx)),
      transmitDiscards: unsignedValue(cols.outDiscards.get(idx)),
    });
  }
  return out;
}

export function interfaceSamples(records: readonly InterfaceRecord[]): Sample[] {
  const out: Sample[] = [];
  for (const r of records) {
    out.push({ name: 'quarkpulse_interface_info', labels: { ifindex: r.ifIndex, name: r.name, descr: r.descr, alias: r.alias, type: r.type }, value: 1 });
    const labels = { ifindex: r.ifIndex, name: r.name };
    if (r.operUp !== undefined) out.push({ name: 'quarkpulse_interface_oper_up', labels, value: r.operUp ? 1 : 0 });
    if (r.adminUp !== undefined) out.push({ name: 'quarkpulse_interface_admin_up', labels, value: r.adminUp ? 1 : 0 });
    if (r.speedBitsPerSecond !== undefined) out.push({ name: 'quarkpulse_interface_speed_bits_per_second', labels, value: r.speedBitsPerSecond });
    if (r.receiveBytes !== undefined) out.push({ name: 'quarkpulse_interface_receive_bytes_total', labels, value: r.receiveBytes });
    if (r.transmitBytes !== undefined) out.push({ name: 'quarkpulse_interface_transmit_bytes_total', labels, value: r.transmitBytes });
    if (r.receiveErrors !== undefined) out.push({ name: 'quarkpulse_interface_receive_errors_total', labels, value: r.receiveErrors });
    if (r.transmitErrors !== undefined) out.push({ name: 'quarkpulse_interface_transmit_errors_total', labels, value: r.transmitErrors });
    if (r.receiveDiscards !== undefined) out.push({ name: 'quarkpulse_interface_receive_discards_total', labels, value: r.receiveDiscards });
    if (r.transmitDiscards !== undefined) out.push({ name: 'quarkpulse_interface_transmit_discards_total', labels, value: r.transmitDiscards });
  }
  return out;
}
