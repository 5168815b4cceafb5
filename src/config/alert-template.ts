/**
 * The small template language of rule `summary`/`description`: `{{ $labels.NAME }}` and
 * `{{ $value }}`, optionally piped through humanize, humanizePercentage or humanizeDuration.
 * It is a strict subset of Prometheus templating, so the same text works in the exported rules file.
 */
export type TemplateFilter = 'humanize' | 'humanizePercentage' | 'humanizeDuration';

type Part = { text: string } | { label: string; filter?: TemplateFilter } | { value: true; filter?: TemplateFilter };

const PLACEHOLDER_RE = /^\s*\$(?:labels\.([a-zA-Z_][a-zA-Z0-9_]*)|(value))\s*(?:\|\s*(humanize|humanizePercentage|humanizeDuration)\s*)?$/;

export const TEMPLATE_HINT = 'use {{ $labels.NAME }} or {{ $value }}, optionally piped to humanize, humanizePercentage or humanizeDuration';

export type ParsedTemplate = { ok: true; parts: Part[] } | { ok: false; message: string };

export function parseTemplate(text: string): ParsedTemplate {
  const parts: Part[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      parts.push({ text: text.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: text.slice(i, open) });
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return { ok: false, message: `unclosed placeholder "${text.slice(open, open + 20)}"; ${TEMPLATE_HINT}` };
    const inner = text.slice(open + 2, close);
    const m = PLACEHOLDER_RE.exec(inner);
    if (!m) return { ok: false, message: `unknown placeholder "{{${inner}}}"; ${TEMPLATE_HINT}` };
    const filter = m[3] as TemplateFilter | undefined;
    parts.push(m[1] !== undefined ? { label: m[1], filter } : { value: true, filter });
    i = close + 2;
  }
  return { ok: true, parts };
}

/** Placeholder problems of `text`, undefined when it is fine. */
export function templateError(text: string): string | undefined {
  const parsed = parseTemplate(text);
  return parsed.ok ? undefined : parsed.message;
}

export function renderTemplate(text: string, labels: Record<string, string>, value: number): string {
  const parsed = parseTemplate(text);
  if (!parsed.ok) return text;
  return parsed.parts
    .map((p) => {
      if ('text' in p) return p.text;
      if ('label' in p) return applyFilter(labels[p.label] ?? '', p.filter);
      return applyFilter(value, p.filter);
    })
    .join('');
}

function applyFilter(v: string | number, filter: TemplateFilter | undefined): string {
  if (filter === undefined) return typeof v === 'number' ? formatNumber(v) : v;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return String(v);
  switch (filter) {
    case 'humanize':
      return humanize(n);
    case 'humanizePercentage':
      return `${formatNumber(round4(n * 100))}%`;
    case 'humanizeDuration':
      return humanizeDuration(n);
  }
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(round4(n));
}

// Same SI prefixes Prometheus' humanize uses.
function humanize(n: number): string {
  const abs = Math.abs(n);
  if (abs === 0) return '0';
  const big = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  const small = ['', 'm', 'u', 'n', 'p'];
  if (abs >= 1) {
    let i = 0;
    let x = n;
    while (Math.abs(x) >= 1000 && i < big.length - 1) {
      x /= 1000;
      i++;
    }
    return `${formatNumber(x)}${big[i]}`;
  }
  let i = 0;
  let x = n;
  while (Math.abs(x) < 1 && i < small.length - 1) {
    x *= 1000;
    i++;
  }
  return `${formatNumber(x)}${small[i]}`;
}

function humanizeDuration(seconds: number): string {
  if (Math.abs(seconds) < 1) return `${formatNumber(seconds * 1000)}ms`;
  const s = Math.round(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const out = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', sec ? `${sec}s` : ''].filter(Boolean).join(' ');
  return out || '0s';
}
