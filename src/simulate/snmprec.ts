/**
 * snmprec ("OID|TAG|VALUE" per line, the snmpsim data format) → varbinds, in the shape the
 * rest of the project uses. Pure: a bad line becomes a `SnmprecProblem`, never an exception.
 */
import { compareOids } from '../probes/snmp/oid';
import { SnmpType, type Varbind } from '../probes/snmp/varbind';

export interface SnmprecProblem {
  line: number;
  text: string;
  reason: string;
}

export interface SnmprecData {
  /** Sorted by OID (numerically, as SNMP orders them), duplicates dropped (the first one wins). */
  varbinds: Varbind[];
  problems: SnmprecProblem[];
}

const OID_RE = /^\d+(\.\d+)*$/;
const INT_RE = /^-?\d+$/;
const UINT_RE = /^\d+$/;

export function parseSnmprec(text: string): SnmprecData {
  const varbinds: Varbind[] = [];
  const problems: SnmprecProblem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const first = line.indexOf('|');
    const second = first < 0 ? -1 : line.indexOf('|', first + 1);
    if (second < 0) {
      problems.push({ line: i + 1, text: line, reason: 'not OID|TAG|VALUE' });
      continue;
    }
    const oid = line.slice(0, first);
    const tag = line.slice(first + 1, second);
    const raw = line.slice(second + 1);
    const parsed = parseValue(oid, tag, raw);
    if (typeof parsed === 'string') {
      problems.push({ line: i + 1, text: line, reason: parsed });
    } else {
      varbinds.push(parsed);
    }
  }
  varbinds.sort((a, b) => compareOids(a.oid, b.oid));
  const unique: Varbind[] = [];
  for (const vb of varbinds) {
    if (unique.length > 0 && unique[unique.length - 1].oid === vb.oid) continue;
    unique.push(vb);
  }
  return { varbinds: unique, problems };
}

/** Returns the varbind, or the reason the line is unusable. */
function parseValue(oid: string, tag: string, raw: string): Varbind | string {
  if (!OID_RE.test(oid)) return `bad OID "${oid}"`;
  const hex = tag.endsWith('x');
  const baseTag = hex ? tag.slice(0, -1) : tag;
  const type = Number(baseTag);
  if (!UINT_RE.test(baseTag)) return `bad tag "${tag}"`;
  if (hex && !/^([0-9a-fA-F]{2})*$/.test(raw)) return `bad hex value "${raw}"`;
  switch (type) {
    case SnmpType.Integer:
      if (!INT_RE.test(raw)) return `bad Integer32 "${raw}"`;
      return { oid, type, value: Number(raw) };
    case SnmpType.Counter32:
    case SnmpType.Gauge32:
    case SnmpType.TimeTicks:
      if (!UINT_RE.test(raw) || Number(raw) > 0xffffffff) return `bad unsigned 32-bit value "${raw}"`;
      return { oid, type, value: Number(raw) };
    case SnmpType.Counter64:
      if (!UINT_RE.test(raw) || BigInt(raw) > 0xffffffffffffffffn) return `bad Counter64 "${raw}"`;
      return { oid, type, value: BigInt(raw) };
    case SnmpType.OctetString:
    case SnmpType.Opaque:
      return { oid, type, value: hex ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'latin1') };
    case SnmpType.Null:
      return { oid, type, value: null };
    case SnmpType.ObjectIdentifier:
      if (raw !== '' && !OID_RE.test(raw.replace(/^\./, ''))) return `bad OBJECT IDENTIFIER "${raw}"`;
      return { oid, type, value: raw.replace(/^\./, '') || '0.0' };
    case SnmpType.IpAddress: {
      if (hex) {
        const b = Buffer.from(raw, 'hex');
        if (b.length !== 4) return `bad IpAddress "${raw}"`;
        return { oid, type, value: Array.from(b).join('.') };
      }
      if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(raw) || raw.split('.').some((p) => Number(p) > 255)) return `bad IpAddress "${raw}"`;
      return { oid, type, value: raw };
    }
    default:
      return `unsupported tag "${tag}"`;
  }
}
