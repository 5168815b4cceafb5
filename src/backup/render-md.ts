/** The config-diff review as Markdown (terminal, chat, a ticket). */
import { reportTotals, type ConfigDiffReport } from './report';

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function renderMarkdown(report: ConfigDiffReport): string {
  const t = reportTotals(report);
  const out: string[] = [
    `# Config changes ${iso(report.sinceMs)} – ${iso(report.generatedAtMs)}`,
    '',
    `${t.changed} devices changed (${t.changes} versions, ${t.unapproved} not approved); ${t.failing} backups failing; ${t.never} devices never backed up.`,
    '',
  ];
  for (const c of report.clients) {
    out.push(`## Client ${c.client}`, '');
    if (c.changed.length === 0) out.push('No changes.', '');
    for (const d of c.changed) {
      out.push(`### ${d.device} (${d.profile})${d.drift ? ' — differs from the approved baseline' : ''}`, '');
      for (const ch of d.changes) {
        const what = ch.first ? 'first version' : 'changed';
        out.push(`- ${iso(ch.atMs)} ${what}, ${ch.approved ? 'approved' : '**not approved**'} (${ch.rev.slice(0, 12)})`, '', '```diff', ch.diff.trimEnd(), '```', '');
      }
    }
    if (c.failing.length > 0) {
      out.push('**Backups failing:**', '');
      for (const f of c.failing) out.push(`- ${f.device}: ${f.reason}${f.lastSuccessMs ? ` (last success ${iso(f.lastSuccessMs)})` : ''}`);
      out.push('');
    }
    if (c.neverBackedUp.length > 0) out.push(`**Never backed up:** ${c.neverBackedUp.join(', ')}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
