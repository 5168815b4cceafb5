/** Small pure helpers of the renderers: escaping and numbers in plain language. */
import { byteSize, duration, esc } from '../util/text';

export { duration, esc };

/** Markdown table cells: no pipe, no line break, no HTML. */
export function mdCell(value: string | number | undefined): string {
  return esc(value).replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** "99.95 %"; the precision a contract's availability figure is read at. */
export function availabilityText(ratio: number | undefined): string {
  return ratio === undefined ? 'no data' : `${(ratio * 100).toFixed(2)} %`;
}

export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)} %`;
}


/** "2026-10-04 13:05 UTC" */
export function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "4 Oct" */
export function day(ms: number): string {
  return new Date(ms).toLocaleString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** "12,345" */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function bytes(n: number): string {
  return byteSize(n, 1000);
}

export function bitsPerSecond(n: number): string {
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toFixed(1))} ${units[i]}`;
}
