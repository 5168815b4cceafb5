/**
 * The config-diff review as one self-contained HTML page: inline styles on every element (mail
 * clients drop <style> blocks and never load external assets), tables for layout, a system font
 * stack, and diffs as preformatted lines coloured by their first character.
 */
import { iso } from './render-md';
import { reportTotals, type ConfigDiffReport, type ReportChange } from './report';

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const MONO = "font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,'DejaVu Sans Mono',monospace";
const S = {
  body: `margin:0;padding:24px;background:#f4f5f7;color:#1f2328;${FONT};font-size:14px;line-height:1.45`,
  page: 'max-width:960px;margin:0 auto;background:#ffffff;border:1px solid #d0d7de;border-radius:6px;padding:24px',
  h1: 'margin:0 0 4px 0;font-size:22px',
  sub: 'margin:0 0 16px 0;color:#57606a',
  h2: 'margin:28px 0 8px 0;padding-bottom:4px;border-bottom:2px solid #d0d7de;font-size:18px',
  h3: 'margin:18px 0 6px 0;font-size:15px',
  badge: (bg: string, fg: string) => `display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;background:${bg};color:${fg}`,
  meta: 'margin:8px 0 4px 0;color:#57606a;font-size:13px',
  pre: `margin:0 0 12px 0;padding:8px 0;background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;overflow-x:auto;${MONO};font-size:12px;line-height:1.4`,
  line: (bg: string, fg: string) => `display:block;padding:0 10px;white-space:pre;background:${bg};color:${fg}`,
  table: 'border-collapse:collapse;width:100%;margin:6px 0 12px 0',
  th: 'text-align:left;padding:6px 8px;border-bottom:1px solid #d0d7de;background:#f6f8fa;font-size:13px',
  td: 'padding:6px 8px;border-bottom:1px solid #eaeef2;vertical-align:top;font-size:13px',
  summary: 'border-collapse:collapse;margin:0 0 8px 0',
  sumCell: 'padding:8px 14px;border:1px solid #d0d7de;text-align:center',
  sumNum: 'display:block;font-size:20px;font-weight:700',
  sumLbl: 'display:block;font-size:12px;color:#57606a',
  none: 'color:#57606a;margin:4px 0 8px 0',
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function diffHtml(diff: string): string {
  const lines = diff.trimEnd().split('\n');
  const rendered = lines.map((l) => {
    let style: string = S.line('transparent', '#1f2328');
    if (l.startsWith('+++') || l.startsWith('---')) style = S.line('#eaeef2', '#57606a');
    else if (l.startsWith('@@')) style = S.line('#ddf4ff', '#0550ae');
    else if (l.startsWith('+')) style = S.line('#dafbe1', '#116329');
    else if (l.startsWith('-')) style = S.line('#ffebe9', '#82071e');
    return `<span style="${style}">${escapeHtml(l) || ' '}</span>`;
  });
  return `<pre style="${S.pre}">${rendered.join('')}</pre>`;
}

function changeHtml(ch: ReportChange): string {
  const status = ch.approved ? `<span style="${S.badge('#dafbe1', '#116329')}">approved</span>` : `<span style="${S.badge('#fff8c5', '#7d4e00')}">not approved</span>`;
  const what = ch.first ? 'first version' : 'changed';
  return `<p style="${S.meta}">${escapeHtml(iso(ch.atMs))} · ${what} · ${status} · <code style="${MONO}">${escapeHtml(ch.rev.slice(0, 12))}</code></p>\n${diffHtml(ch.diff)}`;
}

export function renderHtml(report: ConfigDiffReport): string {
  const t = reportTotals(report);
  const title = `Config changes ${iso(report.sinceMs)} – ${iso(report.generatedAtMs)}`;
  const cell = (n: number, label: string) => `<td style="${S.sumCell}"><span style="${S.sumNum}">${n}</span><span style="${S.sumLbl}">${label}</span></td>`;
  const parts: string[] = [
    `<h1 style="${S.h1}">Config changes</h1>`,
    `<p style="${S.sub}">${escapeHtml(iso(report.sinceMs))} – ${escapeHtml(iso(report.generatedAtMs))}</p>`,
    `<table role="presentation" style="${S.summary}"><tr>${cell(t.changed, 'devices changed')}${cell(t.changes, 'versions')}${cell(t.unapproved, 'not approved')}${cell(t.failing, 'backups failing')}${cell(t.never, 'never backed up')}</tr></table>`,
  ];
  for (const c of report.clients) {
    parts.push(`<h2 style="${S.h2}">Client ${escapeHtml(c.client)}</h2>`);
    if (c.changed.length === 0) parts.push(`<p style="${S.none}">No changes.</p>`);
    for (const d of c.changed) {
      const drift = d.drift ? ` <span style="${S.badge('#ffebe9', '#82071e')}">differs from approved baseline</span>` : '';
      parts.push(`<h3 style="${S.h3}">${escapeHtml(d.device)} <span style="color:#57606a;font-weight:400">(${escapeHtml(d.profile)})</span>${drift}</h3>`);
      for (const ch of d.changes) parts.push(changeHtml(ch));
    }
    if (c.failing.length > 0) {
      const rows = c.failing
        .map((f) => `<tr><td style="${S.td}">${escapeHtml(f.device)}</td><td style="${S.td}">${escapeHtml(f.reason)}</td><td style="${S.td}">${f.lastSuccessMs ? escapeHtml(iso(f.lastSuccessMs)) : 'never'}</td></tr>`)
        .join('');
      parts.push(`<h3 style="${S.h3}">Backups failing</h3><table style="${S.table}"><tr><th style="${S.th}">Device</th><th style="${S.th}">Reason</th><th style="${S.th}">Last success</th></tr>${rows}</table>`);
    }
    if (c.neverBackedUp.length > 0) parts.push(`<h3 style="${S.h3}">Never backed up</h3><p style="${S.none}">${c.neverBackedUp.map(escapeHtml).join(', ')}</p>`);
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="${S.body}"><div style="${S.page}">`,
    ...parts,
    '</div></body>',
    '</html>',
    '',
  ].join('\n');
}
