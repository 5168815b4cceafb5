/**
 * IANA Private Enterprise Numbers → the vendor name shown in `quarkpulse_device_info{vendor}`.
 * A device's sysObjectID is `1.3.6.1.4.1.<number>.…`, so the number names whoever built its
 * SNMP agent. Names are the short brand people search for, not IANA's legal registrant text.
 * Covers every vendor in the LibreNMS recordings plus what an MSP commonly meets.
 */
import { ENTERPRISES_PREFIX } from './oids';

export const ENTERPRISES: Readonly<Record<number, string>> = {
  2: 'IBM',
  9: 'Cisco',
  11: 'HP',
  42: 'Sun Microsystems',
  43: '3Com',
  171: 'D-Link',
  207: 'Allied Telesis',
  232: 'Compaq',
  236: 'Samsung',
  253: 'Xerox',
  297: 'FUJIFILM',
  311: 'Microsoft',
  318: 'APC',
  367: 'Ricoh',
  534: 'Eaton',
  641: 'Lexmark',
  664: 'Adtran',
  674: 'Dell',
  890: 'Zyxel',
  1129: 'Toshiba',
  1248: 'Epson',
  1347: 'Kyocera',
  1588: 'Brocade',
  1602: 'Canon',
  1916: 'Extreme Networks',
  1991: 'Brocade',
  2001: 'OKI',
  2011: 'Huawei',
  2021: 'Net-SNMP',
  2385: 'Sharp',
  2435: 'Brother',
  2604: 'Sophos',
  2620: 'Check Point',
  2636: 'Juniper',
  3224: 'Juniper',
  3375: 'F5',
  3808: 'CyberPower',
  4413: 'Broadcom',
  4526: 'Netgear',
  5624: 'Enterasys',
  5951: 'Citrix',
  6027: 'Force10',
  6486: 'Alcatel-Lucent',
  6574: 'Synology',
  6876: 'VMware',
  8072: 'Net-SNMP',
  8691: 'Moxa',
  8741: 'SonicWall',
  10642: 'Zebra',
  11863: 'TP-Link',
  // IANA registers 12325 to Fraunhofer FOKUS, home of the begemot bsnmpd agent that FreeBSD
  // (and so pfSense/OPNsense) ships; "FreeBSD" is what an operator recognises.
  12325: 'FreeBSD',
  12356: 'Fortinet',
  14823: 'Aruba',
  14988: 'MikroTik',
  17713: 'Cambium Networks',
  18334: 'Konica Minolta',
  24681: 'QNAP',
  25461: 'Palo Alto Networks',
  25506: 'H3C',
  30065: 'Arista',
  41112: 'Ubiquiti',
  47196: 'Aruba',
};

/**
 * The enterprise number of a sysObjectID (dotted, leading dot allowed), or undefined when the
 * OID is not under enterprises. Allocation-free apart from the result.
 */
export function enterpriseNumber(sysObjectId: string): number | undefined {
  const start = sysObjectId.charCodeAt(0) === 46 ? 1 : 0;
  const prefix = ENTERPRISES_PREFIX;
  if (!sysObjectId.startsWith(prefix, start)) return undefined;
  let i = start + prefix.length;
  if (sysObjectId.charCodeAt(i) !== 46) return undefined;
  i++;
  let n = 0;
  let digits = 0;
  for (; i < sysObjectId.length; i++) {
    const c = sysObjectId.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return undefined;
    n = n * 10 + (c - 48);
    digits++;
  }
  return digits > 0 && digits <= 10 ? n : undefined;
}

/**
 * The vendor label for a sysObjectID: the known name, `enterprise-<n>` for a number not in the
 * table (still groups devices and can be looked up), '' when there is no enterprise OID.
 */
export function vendorFromSysObjectId(sysObjectId: string): string {
  const n = enterpriseNumber(sysObjectId);
  if (n === undefined) return '';
  return ENTERPRISES[n] ?? `enterprise-${n}`;
}
