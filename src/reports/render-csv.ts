/**
 * The page-count export for managed-print billing: one row per printer and marker. The first five
 * columns are the billing contract (device, model, start count, end count, pages); marker and the
 * restart / replacement counts follow so a surprising row can be explained.
 */
import type { PrinterPages } from './pages';

export const PAGES_CSV_HEADER = ['device', 'model', 'start_count', 'end_count', 'pages', 'marker', 'counter_resets', 'device_replacements'] as const;

/** RFC 4180 quoting, and a leading = + - @ neutralised so a spreadsheet never runs a cell as a formula. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderPagesCsv(rows: readonly PrinterPages[]): string {
  const lines = [PAGES_CSV_HEADER.join(',')];
  for (const r of rows) lines.push([r.device, r.model, r.startCount, r.endCount, r.pages, r.marker, r.resets, r.replacements].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
