/**
 * Charts as inline SVG strings, drawn on the server: no script, no font or image fetched, the
 * same picture in a browser, an e-mail and a PDF. Every text goes through esc().
 */
import { esc } from './format';

export interface Bar {
  label: string;
  value: number;
  /** What is printed after the bar. */
  text: string;
  /** A CSS colour; default the neutral blue. */
  color?: string;
}

const LABEL_W = 190;
const TEXT_W = 90;
const ROW_H = 22;

/** Horizontal bars scaled to `max` (default: the largest value). */
export function barChart(bars: readonly Bar[], opts: { title: string; width?: number; max?: number }): string {
  const width = opts.width ?? 720;
  const plot = width - LABEL_W - TEXT_W;
  const max = opts.max ?? Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW_H + 6;
  const rows = bars
    .map((b, i) => {
      const y = i * ROW_H + 3;
      const w = max > 0 ? Math.max(0, Math.min(1, b.value / max)) * plot : 0;
      return `<text x="${LABEL_W - 8}" y="${y + 14}" text-anchor="end">${esc(truncate(b.label, 28))}</text><rect x="${LABEL_W}" y="${y + 3}" width="${plot}" height="14" fill="#eef1f5"/><rect x="${LABEL_W}" y="${y + 3}" width="${w.toFixed(1)}" height="14" fill="${esc(b.color ?? '#3b6fb6')}"/><text x="${LABEL_W + plot + 8}" y="${y + 14}">${esc(b.text)}</text>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="${esc(opts.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="system-ui,sans-serif" fill="#1d2430"><title>${esc(opts.title)}</title>${rows}</svg>`;
}

export interface TimelineRow {
  label: string;
  /** [startMs, endMs] of the marked periods. */
  spans: ReadonlyArray<readonly [number, number]>;
}

/** One strip per row across the period, the marked spans in red, with day ticks. */
export function timeline(rows: readonly TimelineRow[], opts: { title: string; startMs: number; endMs: number; width?: number; ticks?: ReadonlyArray<{ atMs: number; label: string }> }): string {
  const width = opts.width ?? 720;
  const plot = width - LABEL_W - 10;
  const span = Math.max(1, opts.endMs - opts.startMs);
  const x = (ms: number) => LABEL_W + ((Math.max(opts.startMs, Math.min(opts.endMs, ms)) - opts.startMs) / span) * plot;
  const height = rows.length * ROW_H + 22;
  const strips = rows
    .map((r, i) => {
      const y = i * ROW_H + 3;
      const marks = r.spans.map(([a, b]) => `<rect x="${x(a).toFixed(1)}" y="${y + 3}" width="${Math.max(1.5, x(b) - x(a)).toFixed(1)}" height="14" fill="#c62828"/>`).join('');
      return `<text x="${LABEL_W - 8}" y="${y + 14}" text-anchor="end">${esc(truncate(r.label, 28))}</text><rect x="${LABEL_W}" y="${y + 3}" width="${plot}" height="14" fill="#d8efdf"/>${marks}`;
    })
    .join('');
  const axisY = rows.length * ROW_H + 16;
  const ticks = (opts.ticks ?? [])
    .map((t) => `<line x1="${x(t.atMs).toFixed(1)}" x2="${x(t.atMs).toFixed(1)}" y1="3" y2="${axisY - 10}" stroke="#ffffff" stroke-width="1"/><text x="${x(t.atMs).toFixed(1)}" y="${axisY}" text-anchor="middle" fill="#5b6472">${esc(t.label)}</text>`)
    .join('');
  return `<svg class="chart" role="img" aria-label="${esc(opts.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="system-ui,sans-serif" fill="#1d2430"><title>${esc(opts.title)}</title>${strips}${ticks}</svg>`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
