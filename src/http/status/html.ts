/** Small pure helpers for the server-rendered pages: escaping and human-readable numbers. */
import { byteSize, duration, esc } from '../../util/text';

export { duration, esc };

/** "2026-11-25 10:03:07 UTC": unambiguous on a wall in any time zone. */
export function timestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function percent(ratio: number, digits = 0): string {
  return `${(ratio * 100).toFixed(digits)} %`;
}

export function bytes(n: number | undefined): string {
  if (n === undefined) return '–';
  return byteSize(n, 1024);
}

export function bitsPerSecond(n: number | undefined): string {
  if (n === undefined) return '–';
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toFixed(1))} ${units[i]}`;
}
