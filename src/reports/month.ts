/** A calendar month in UTC: the period every monthly figure covers, [startMs, endMs). */
export interface Month {
  /** YYYY-MM */
  id: string;
  startMs: number;
  endMs: number;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Pure: the month of "YYYY-MM", or undefined when the text is not one. */
export function parseMonth(text: string): Month | undefined {
  const m = MONTH_RE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]) - 1;
  if (year < 1970) return undefined;
  return { id: text, startMs: Date.UTC(year, month, 1), endMs: Date.UTC(year, month + 1, 1) };
}

/** Pure: the month that contains `ms` (UTC). */
export function monthOf(ms: number): Month {
  const d = new Date(ms);
  const id = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  return parseMonth(id) as Month;
}

/** Pure: the month before the one that contains `ms`. */
export function previousMonth(ms: number): Month {
  return monthOf(monthOf(ms).startMs - 1);
}

/** "October 2026" */
export function monthTitle(month: Month): string {
  return new Date(month.startMs).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
