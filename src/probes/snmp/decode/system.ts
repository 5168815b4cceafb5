/**
 * SNMPv2-MIB system group + the model from ENTITY-MIB / HOST-RESOURCES-MIB → device identity.
 * Pure; works on any agent: nothing here knows a vendor, the vendor comes from the IANA number.
 */
import { vendorFromSysObjectId } from '../../../../mibs/enterprises';
import { ENT_PHYSICAL_TABLE, HR_DEVICE_PRINTER, HR_DEVICE_TABLE, PRT_GENERAL_TABLE, SYSTEM, columnOid } from '../../../../mibs/oids';
import type { Sample } from '../../../metrics/names';
import type { WalkResult } from '../varbind';
import { firstLine, textValue } from './text';
import { column, firstRow, oidValue, unsignedValue } from './values';

export interface SystemRecord {
  /** False when none of sysDescr, sysObjectID, sysName answered: then no info series. */
  answered: boolean;
  sysDescr: string;
  sysObjectId: string;
  sysName: string;
  vendor: string;
  model: string;
  /** The printer's prtGeneralSerialNumber; '' when the device has none. */
  serial: string;
  /** Firmware/OS version as sysDescr states it ("Version 15.2(4)E", "24.7.5"); '' when it names none. */
  version: string;
  location: string;
  contact: string;
  /** sysUpTime / 100; undefined when the agent did not answer it. */
  uptimeSeconds?: number;
}

const ENT_MODEL = columnOid(ENT_PHYSICAL_TABLE, 'entPhysicalModelName');
const HR_TYPE = columnOid(HR_DEVICE_TABLE, 'hrDeviceType');
const HR_DESCR = columnOid(HR_DEVICE_TABLE, 'hrDeviceDescr');
const PRT_SERIAL = columnOid(PRT_GENERAL_TABLE, 'prtGeneralSerialNumber');

/**
 * The version a sysDescr names: after "Version"/"ver"/"V" ("Cisco IOS Software, … Version
 * 15.2(4)E7,"), an HP-style firmware id ("PT.02.14"), else the first dotted number ("OPNsense
 * fw1 24.7.5 FreeBSD …"). A heuristic: '' when nothing looks like a version. Pure.
 */
export function versionFromSysDescr(sysDescr: string): string {
  const line = firstLine(sysDescr);
  const named = /\b(?:version|ver\.?|v)\s*:?\s*(\d+(?:\.\d+)+[\w.()-]*)/i.exec(line);
  if (named) return named[1].replace(/[,;.]+$/, '');
  // HPE/Aruba switch firmware: "PT.02.14", "PL.10.08.1050".
  const hp = /\b([A-Z]{2}\.\d{2}\.\d{2}(?:\.\d+)*)\b/.exec(line);
  if (hp) return hp[1];
  const dotted = /(?:^|[\s(])(\d+\.\d+[\w.()-]*)/.exec(line);
  return dotted ? dotted[1].replace(/[,;.]+$/, '') : '';
}

const MODEL_MAX = 64;

export function decodeSystem(walk: WalkResult): SystemRecord {
  const descrVb = walk.scalars.get(SYSTEM.sysDescr);
  const oidVb = walk.scalars.get(SYSTEM.sysObjectID);
  const nameVb = walk.scalars.get(SYSTEM.sysName);
  const sysDescr = textValue(descrVb);
  const sysObjectId = oidValue(oidVb);
  const sysName = textValue(nameVb);
  const ticks = unsignedValue(walk.scalars.get(SYSTEM.sysUpTime));

  const model = deriveModel(
    textValue(firstRow(column(walk, ENT_MODEL))),
    oidValue(firstRow(column(walk, HR_TYPE))),
    textValue(firstRow(column(walk, HR_DESCR))),
    sysDescr,
  );

  return {
    answered: sysDescr !== undefined || sysObjectId !== undefined || sysName !== undefined,
    sysDescr: sysDescr ?? '',
    sysObjectId: sysObjectId ?? '',
    sysName: sysName ?? '',
    vendor: sysObjectId === undefined ? '' : vendorFromSysObjectId(sysObjectId),
    model,
    serial: (textValue(firstRow(column(walk, PRT_SERIAL))) ?? '').trim(),
    version: sysDescr === undefined ? '' : versionFromSysDescr(sysDescr),
    location: textValue(walk.scalars.get(SYSTEM.sysLocation)) ?? '',
    contact: textValue(walk.scalars.get(SYSTEM.sysContact)) ?? '',
    uptimeSeconds: ticks === undefined ? undefined : ticks / 100,
  };
}

/**
 * The model, best source first: entPhysicalModelName of the first entity (the chassis); the
 * printer's hrDeviceDescr (print servers such as JetDirect describe themselves in sysDescr, the
 * printer engine is the hrDevice), unless it is a driver placeholder ("Generic 28C-1"); else the
 * product part of sysDescr.
 */
export function deriveModel(entModel: string | undefined, hrType: string | undefined, hrDescr: string | undefined, sysDescr: string | undefined): string {
  const ent = entModel?.trim();
  if (ent) return ent;
  const hr = hrDescr?.trim();
  if (hr && hrType === HR_DEVICE_PRINTER && !isPlaceholder(hr)) return hr;
  return sysDescr === undefined ? '' : modelFromSysDescr(sysDescr);
}

function isPlaceholder(text: string): boolean {
  const lower = text.toLowerCase();
  return lower === 'unknown' || lower === 'generic' || lower.startsWith('generic ');
}

/**
 * The product part of a sysDescr: its first line without surrounding quotes, up to the first
 * ',' ';' or ' / ' (where versions, serials and copyrights start), at most 64 characters.
 */
export function modelFromSysDescr(sysDescr: string): string {
  let s = firstLine(sysDescr);
  s = trimChars(s, '"\'');
  let end = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 59 || (c === 47 && s.charCodeAt(i - 1) === 32 && s.charCodeAt(i + 1) === 32)) {
      end = i;
      break;
    }
  }
  s = s.slice(0, end).trim();
  if (s.length > MODEL_MAX) {
    const space = s.lastIndexOf(' ', MODEL_MAX);
    s = s.slice(0, space > 0 ? space : MODEL_MAX);
  }
  return trimChars(s, ':-').trim();
}

function trimChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (chars.includes(s[a]) || s.charCodeAt(a) <= 32)) a++;
  while (b > a && (chars.includes(s[b - 1]) || s.charCodeAt(b - 1) <= 32)) b--;
  return s.slice(a, b);
}

export function systemSamples(r: SystemRecord): Sample[] {
  const out: Sample[] = [];
  if (r.answered) {
    out.push({
      name: 'quarkpulse_device_info',
      labels: { sys_name: r.sysName, sys_descr: r.sysDescr, sys_object_id: r.sysObjectId, vendor: r.vendor, model: r.model, serial: r.serial, version: r.version, location: r.location, contact: r.contact },
      value: 1,
    });
  }
  if (r.uptimeSeconds !== undefined) out.push({ name: 'quarkpulse_device_uptime_seconds', labels: {}, value: r.uptimeSeconds });
  return out;
}
