/**
 * A simulated device whose numbers move, so the dashboards show rates and a growing uptime: the
 * fixture holds the values of the first answer; `elapsedSeconds` later, running interfaces have
 * moved traffic at a steady rate of their own, uptime has grown by as much, and the CPU load
 * wanders a few percent around the fixture's. Pure: the same inputs give the same rows.
 */
import { parseRouterosDuration } from '../../probes/routeros/decode';
import type { RouterosRow } from './fixture';

/** Counters that grow, by direction and unit; the fast-path copies grow with them. */
const COUNTERS: ReadonlyArray<{ prop: string; dir: 'rx' | 'tx'; unit: 'byte' | 'packet' }> = [
  { prop: 'rx-byte', dir: 'rx', unit: 'byte' },
  { prop: 'tx-byte', dir: 'tx', unit: 'byte' },
  { prop: 'rx-packet', dir: 'rx', unit: 'packet' },
  { prop: 'tx-packet', dir: 'tx', unit: 'packet' },
  { prop: 'fp-rx-byte', dir: 'rx', unit: 'byte' },
  { prop: 'fp-tx-byte', dir: 'tx', unit: 'byte' },
  { prop: 'fp-rx-packet', dir: 'rx', unit: 'packet' },
  { prop: 'fp-tx-packet', dir: 'tx', unit: 'packet' },
];

/** Average packet size of the simulated traffic. */
const BYTES_PER_PACKET = 700;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Bytes per second one interface moves in one direction: 20 kB/s to about 1.5 MB/s, fixed by its name. */
export function interfaceRate(name: string, dir: 'rx' | 'tx'): number {
  return 20_000 + (fnv1a(`${name}/${dir}`) % 1_500_000);
}

function isInteger(text: string | undefined): text is string {
  return text !== undefined && /^\d+$/.test(text);
}

function liveInterface(row: RouterosRow, elapsed: number): RouterosRow {
  const name = row['name'];
  if (name === undefined || row['running'] !== 'true' || row['disabled'] === 'true') return row;
  const out: Record<string, string> = { ...row };
  for (const { prop, dir, unit } of COUNTERS) {
    const base = row[prop];
    // Fast-path counters a device leaves at 0 (no fast path that way) stay at 0.
    if (!isInteger(base) || (prop.startsWith('fp-') && base === '0')) continue;
    const bytes = interfaceRate(name, dir) * elapsed;
    out[prop] = String(Number(base) + (unit === 'byte' ? bytes : Math.floor(bytes / BYTES_PER_PACKET)));
  }
  return out;
}

/** RouterOS 7 prints "3w2d4h12m7s" (no zero parts); RouterOS 6 "2w6d21:15:45". */
export function formatRouterosDuration(seconds: number, clockStyle: boolean): string {
  const w = Math.floor(seconds / 604_800);
  const d = Math.floor((seconds % 604_800) / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = seconds % 60;
  const days = `${w > 0 ? `${w}w` : ''}${d > 0 ? `${d}d` : ''}`;
  if (clockStyle) return `${days}${[h, m, s].map((n) => String(n).padStart(2, '0')).join(':')}`;
  const text = `${days}${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
  return text === '' ? '0s' : text;
}

function liveResource(row: RouterosRow, elapsed: number): RouterosRow {
  const out: Record<string, string> = { ...row };
  const uptime = parseRouterosDuration(row['uptime']);
  if (uptime !== undefined && row['uptime'] !== undefined) out['uptime'] = formatRouterosDuration(Math.floor(uptime) + elapsed, row['uptime'].includes(':'));
  if (isInteger(row['cpu-load'])) {
    // A five-minute swing of ±4 points: starts at the fixture's value.
    const load = Number(row['cpu-load']) + Math.round(4 * Math.sin((2 * Math.PI * elapsed) / 300));
    out['cpu-load'] = String(Math.min(100, Math.max(0, load)));
  }
  return out;
}

/** The rows of `command` as the device prints them `elapsedSeconds` (whole seconds) after its first answer. */
export function liveRows(command: string, rows: readonly RouterosRow[], elapsedSeconds: number): RouterosRow[] {
  if (elapsedSeconds <= 0) return [...rows];
  if (command === '/interface/print') return rows.map((r) => liveInterface(r, elapsedSeconds));
  if (command === '/system/resource/print') return rows.map((r) => liveResource(r, elapsedSeconds));
  return [...rows];
}
