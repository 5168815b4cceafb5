/** Small pure helpers of the renderers: escaping and numbers in plain language. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value that came from Prometheus, a device, the config or a request goes through here. */
export function esc(value: string | number | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

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

/** "45 s", "12 min", "3 h 5 min", "4 d 2 h". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
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
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
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
