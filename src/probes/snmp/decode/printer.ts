/**
 * Printer-MIB (RFC 3805) and the hrPrinterTable (RFC 2790) → supplies, inputs, page counters,
 * alerts, error conditions and status. Decoded strictly by the MIB (no vendor cases): row indexes
 * are `<hrDeviceIndex>.<row>`, levels keep the special values -1/-2/-3, receptacle levels are
 * the space remaining as the RFC defines them.
 */
import {
  ALERT_CODE_NAMES,
  ALERT_GROUP_NAMES,
  ALERT_SEVERITY_NAMES,
  HR_PRINTER_STATES,
  HR_PRINTER_STATUS,
  PRINTER_CONDITIONS,
  PROCESS_COLOR_WORDS,
  SUPPLY_TYPE_NAMES,
  enumName,
  type PrinterState,
} from '../../../../mibs/printer-enums';
import {
  HR_PRINTER_TABLE,
  PRT_ALERT_TABLE,
  PRT_INPUT_TABLE,
  PRT_MARKER_COLORANT_TABLE,
  PRT_MARKER_SUPPLIES_TABLE,
  PRT_MARKER_TABLE,
  columnOid,
} from '../../../../mibs/oids';
import type { Sample } from '../../../metrics/names';
import { compareOids } from '../oid';
import { SnmpType, isException, type Varbind, type WalkResult } from '../varbind';
import { firstLine, firstWordOf, textValue } from './text';
import { column, deviceOfTwoPartIndex, intValue, octetsValue, rowIndexes, singleIndex, unsignedValue } from './values';

export interface SupplyRecord {
  /** `<hrDeviceIndex>.<row>`. */
  index: string;
  /** The `supply` label: description decoded, cut at the first newline/NUL, trimmed. */
  description: string;
  /** snake_case PrtMarkerSuppliesTypeTC name; `unknown` when the column is absent. */
  type: string;
  color: string;
  level?: number;
  maxCapacity?: number;
  /** level ÷ max where level ≥ 0 and max > 0, capped at 1. */
  ratio?: number;
}

export interface InputRecord {
  index: string;
  /** prtInputName, else prtInputDescription. */
  name: string;
  level?: number;
  maxCapacity?: number;
}

export interface MarkerRecord {
  index: string;
  lifeCount: number;
}

export interface PrinterAlertRow {
  index: string;
  severity: string;
  group: string;
  code: string;
  description: string;
}

export interface PrinterRecord {
  supplies: SupplyRecord[];
  inputs: InputRecord[];
  markers: MarkerRecord[];
  alerts: PrinterAlertRow[];
  /** hrPrinterDetectedErrorState bits 0-14; undefined when the device does not answer the OID. */
  errors?: boolean[];
  /** hrPrinterStatus; undefined when the device does not answer it. */
  status?: PrinterState;
}

const S = {
  colorant: columnOid(PRT_MARKER_SUPPLIES_TABLE, 'prtMarkerSuppliesColorantIndex'),
  type: columnOid(PRT_MARKER_SUPPLIES_TABLE, 'prtMarkerSuppliesType'),
  descr: columnOid(PRT_MARKER_SUPPLIES_TABLE, 'prtMarkerSuppliesDescription'),
  max: columnOid(PRT_MARKER_SUPPLIES_TABLE, 'prtMarkerSuppliesMaxCapacity'),
  level: columnOid(PRT_MARKER_SUPPLIES_TABLE, 'prtMarkerSuppliesLevel'),
} as const;
const COLORANT_VALUE = columnOid(PRT_MARKER_COLORANT_TABLE, 'prtMarkerColorantValue');
const I = {
  max: columnOid(PRT_INPUT_TABLE, 'prtInputMaxCapacity'),
  level: columnOid(PRT_INPUT_TABLE, 'prtInputCurrentLevel'),
  name: columnOid(PRT_INPUT_TABLE, 'prtInputName'),
  descr: columnOid(PRT_INPUT_TABLE, 'prtInputDescription'),
} as const;
const LIFE_COUNT = columnOid(PRT_MARKER_TABLE, 'prtMarkerLifeCount');
const A = {
  severity: columnOid(PRT_ALERT_TABLE, 'prtAlertSeverityLevel'),
  group: columnOid(PRT_ALERT_TABLE, 'prtAlertGroup'),
  code: columnOid(PRT_ALERT_TABLE, 'prtAlertCode'),
  descr: columnOid(PRT_ALERT_TABLE, 'prtAlertDescription'),
} as const;
const HR_STATUS = columnOid(HR_PRINTER_TABLE, 'hrPrinterStatus');
const HR_ERRORS = columnOid(HR_PRINTER_TABLE, 'hrPrinterDetectedErrorState');

export function decodePrinter(walk: WalkResult): PrinterRecord {
  return {
    supplies: decodeSupplies(walk),
    inputs: decodeInputs(walk),
    markers: decodeMarkers(walk),
    alerts: decodeAlerts(walk),
    errors: decodeErrors(walk),
    status: decodeStatus(walk),
  };
}

function decodeSupplies(walk: WalkResult): SupplyRecord[] {
  const level = column(walk, S.level);
  const max = column(walk, S.max);
  const type = column(walk, S.type);
  const descr = column(walk, S.descr);
  const colorantIdx = column(walk, S.colorant);
  const colorants = column(walk, COLORANT_VALUE);

  const out: SupplyRecord[] = [];
  for (const idx of rowIndexes([level, max])) {
    const device = deviceOfTwoPartIndex(idx);
    if (device === undefined) continue;
    const lv = intValue(level.get(idx));
    const mx = intValue(max.get(idx));
    if (lv === undefined && mx === undefined) continue;
    const description = firstLine(textValue(descr.get(idx)) ?? '');
    const typeNum = intValue(type.get(idx));
    out.push({
      index: idx,
      description,
      type: typeNum === undefined ? 'unknown' : enumName(SUPPLY_TYPE_NAMES, typeNum),
      color: supplyColor(description, device, intValue(colorantIdx.get(idx)), colorants),
      level: lv,
      maxCapacity: mx,
      ratio: lv !== undefined && mx !== undefined && lv >= 0 && mx > 0 ? Math.min(lv / mx, 1) : undefined,
    });
  }
  return out;
}

/**
 * prtMarkerColorantValue through the supply's colorant index (same hrDevice) when that row
 * exists and says something, else the first process colour named as a word in the description.
 */
function supplyColor(description: string, device: string, colorantIndex: number | undefined, colorants: Map<string, Varbind>): string {
  if (colorantIndex !== undefined && colorantIndex > 0) {
    const value = textValue(colorants.get(`${device}.${colorantIndex}`));
    if (value !== undefined && value.trim() !== '') return value;
  }
  return firstWordOf(description, PROCESS_COLOR_WORDS);
}

function decodeInputs(walk: WalkResult): InputRecord[] {
  const max = column(walk, I.max);
  const level = column(walk, I.level);
  const name = column(walk, I.name);
  const descr = column(walk, I.descr);
  const out: InputRecord[] = [];
  for (const idx of rowIndexes([max, level])) {
    if (deviceOfTwoPartIndex(idx) === undefined) continue;
    const mx = intValue(max.get(idx));
    const lv = intValue(level.get(idx));
    if (mx === undefined && lv === undefined) continue;
    const n = textValue(name.get(idx));
    out.push({ index: idx, name: n ? n : textValue(descr.get(idx)) ?? '', level: lv, maxCapacity: mx });
  }
  return out;
}

function decodeMarkers(walk: WalkResult): MarkerRecord[] {
  const life = column(walk, LIFE_COUNT);
  const out: MarkerRecord[] = [];
  for (const idx of rowIndexes([life])) {
    if (deviceOfTwoPartIndex(idx) === undefined) continue;
    const n = unsignedValue(life.get(idx));
    if (n !== undefined) out.push({ index: idx, lifeCount: n });
  }
  return out;
}

function decodeAlerts(walk: WalkResult): PrinterAlertRow[] {
  const severity = column(walk, A.severity);
  const group = column(walk, A.group);
  const code = column(walk, A.code);
  const descr = column(walk, A.descr);
  const out: PrinterAlertRow[] = [];
  for (const idx of rowIndexes([severity, group, code, descr])) {
    if (deviceOfTwoPartIndex(idx) === undefined) continue;
    const sv = intValue(severity.get(idx));
    const gr = intValue(group.get(idx));
    const cd = intValue(code.get(idx));
    const ds = textValue(descr.get(idx));
    if (sv === undefined && gr === undefined && cd === undefined && ds === undefined) continue;
    out.push({
      index: idx,
      severity: sv === undefined ? '' : enumName(ALERT_SEVERITY_NAMES, sv),
      group: gr === undefined ? '' : enumName(ALERT_GROUP_NAMES, gr),
      code: cd === undefined ? '' : enumName(ALERT_CODE_NAMES, cd),
      description: ds ?? '',
    });
  }
  return out;
}

/** The conditions of all printer rows together (a device has one `condition` label set). */
function decodeErrors(walk: WalkResult): boolean[] | undefined {
  const rows = column(walk, HR_ERRORS);
  let result: boolean[] | undefined;
  for (const [idx, vb] of rows) {
    if (singleIndex(idx) === undefined) continue;
    const bits = decodeErrorState(vb);
    if (bits === undefined) continue;
    if (result === undefined) result = bits;
    else for (let i = 0; i < bits.length; i++) result[i] = result[i] || bits[i];
  }
  return result;
}

const CONDITION_BITS = PRINTER_CONDITIONS.length;

function isBlankByte(b: number): boolean {
  return b === 0x20 || b === 0x00 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/**
 * hrPrinterDetectedErrorState (BITS, RFC 2790): bit 0 is the most significant bit of the first
 * octet. Devices send 1 or 2 octets; an empty string means no condition. Values longer than the
 * 2 octets the MIB defines are read by their first two octets, unless they are blank text
 * (spaces/NULs), which some agents send for "nothing". An integer-typed answer is read as the
 * octets it would have been; any other answer (wrong type) counts as answered with no condition.
 * undefined = no answer (missing, exception, NULL).
 */
export function decodeErrorState(vb: Varbind | undefined): boolean[] | undefined {
  if (vb === undefined || isException(vb.type) || vb.type === SnmpType.Null) return undefined;
  let first = 0;
  let second = 0;
  const buf = octetsValue(vb);
  if (buf !== undefined) {
    let blank = buf.length > 2;
    for (let i = 0; blank && i < buf.length; i++) blank = isBlankByte(buf[i]);
    if (!blank) {
      first = buf.length > 0 ? buf[0] : 0;
      second = buf.length > 1 ? buf[1] : 0;
    }
  } else {
    const n = intValue(vb) ?? 0;
    if (n > 0 && n <= 0xff) first = n;
    else if (n > 0xff && n <= 0xffff) {
      first = n >> 8;
      second = n & 0xff;
    }
  }
  const bits = new Array<boolean>(CONDITION_BITS);
  for (let bit = 0; bit < CONDITION_BITS; bit++) {
    const octet = bit < 8 ? first : second;
    bits[bit] = (octet & (0x80 >> bit % 8)) !== 0;
  }
  return bits;
}

/** hrPrinterStatus of the first printer row; a value outside the enum is `unknown`. */
function decodeStatus(walk: WalkResult): PrinterState | undefined {
  const rows = column(walk, HR_STATUS);
  let bestIdx: string | undefined;
  let best: number | undefined;
  for (const [idx, vb] of rows) {
    if (singleIndex(idx) === undefined) continue;
    const n = intValue(vb);
    if (n === undefined) continue;
    if (bestIdx === undefined || compareOids(idx, bestIdx) < 0) {
      bestIdx = idx;
      best = n;
    }
  }
  if (best === undefined) return undefined;
  return (HR_PRINTER_STATUS[best] as PrinterState | undefined) ?? 'unknown';
}

export function printerSamples(r: PrinterRecord): Sample[] {
  const out: Sample[] = [];
  for (const s of r.supplies) {
    const labels = { supply_index: s.index, supply: s.description, supply_type: s.type, color: s.color };
    if (s.level !== undefined) out.push({ name: 'quarkpulse_printer_supply_level', labels, value: s.level });
    if (s.maxCapacity !== undefined) out.push({ name: 'quarkpulse_printer_supply_max_capacity', labels, value: s.maxCapacity });
    if (s.ratio !== undefined) out.push({ name: 'quarkpulse_printer_supply_level_ratio', labels, value: s.ratio });
  }
  for (const m of r.markers) out.push({ name: 'quarkpulse_printer_pages_total', labels: { marker_index: m.index }, value: m.lifeCount });
  if (r.errors !== undefined) {
    for (let bit = 0; bit < PRINTER_CONDITIONS.length; bit++) {
      out.push({ name: 'quarkpulse_printer_error', labels: { condition: PRINTER_CONDITIONS[bit] }, value: r.errors[bit] ? 1 : 0 });
    }
  }
  if (r.status !== undefined) {
    for (const state of HR_PRINTER_STATES) out.push({ name: 'quarkpulse_printer_status', labels: { state }, value: state === r.status ? 1 : 0 });
  }
  for (const i of r.inputs) {
    const labels = { input_index: i.index, input: i.name };
    if (i.level !== undefined) out.push({ name: 'quarkpulse_printer_input_level', labels, value: i.level });
    if (i.maxCapacity !== undefined) out.push({ name: 'quarkpulse_printer_input_max_capacity', labels, value: i.maxCapacity });
  }
  for (const a of r.alerts) {
    out.push({
      name: 'quarkpulse_printer_alert',
      labels: { alert_index: a.index, severity: a.severity, group: a.group, code: a.code, description: a.description },
      value: 1,
    });
  }
  return out;
}
