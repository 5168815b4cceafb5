/** The monthly report as Markdown (plain text in a ticket or an e-mail); cells escaped. */
import { availabilityText, bitsPerSecond, bytes, count, duration, mdCell, percent, when } from './format';
import type { MonthlyReport } from './model';
import { monthTitle } from './month';

function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n');
}

export function renderMonthlyMarkdown(r: MonthlyReport): string {
  const out: string[] = [];
  out.push(`# Monthly service report: ${mdCell(r.client)}`, '', `**${monthTitle(r.month)}** (UTC)${r.periodEndMs < r.month.endMs ? `, month in progress, up to ${when(r.periodEndMs)}` : ''}`, '');
  const down = r.availability.outages.reduce((n, o) => n + o.durationMs, 0);
  out.push('## Summary', '');
  out.push(`- Availability of all devices: **${availabilityText(r.availability.overall)}**`);
  out.push(`- Outages: ${r.availability.outages.length} (${duration(down)} in total)`);
  out.push(`- Pages printed: ${count(r.printing.totalPages)}`);
  out.push(`- Supplies replaced: ${r.supplies.reduce((n, s) => n + s.replacements.length, 0)}`);
  out.push(`- Alerts raised: ${r.alerts.episodes.length}`);
  out.push(`- Configuration changes: ${r.config.configured ? r.config.changes.length : 'backups not set up'}`, '');

  out.push('## Availability', '');
  if (r.availability.devices.length === 0) out.push('No devices reported in this period.', '');
  else {
    out.push(table(['Device', 'Kind', 'Availability', 'Outages', 'Down', 'No data'], r.availability.devices.map((d) => [d.device, d.kind, availabilityText(d.ratio), d.outages.length, duration(d.downSteps * r.stepMs), d.noDataSteps ? duration(d.noDataSteps * r.stepMs) : '–'])), '');
    if (r.availability.outages.length) out.push('### Outages', '', table(['Device', 'Down from', 'Back up', 'Duration'], r.availability.outages.map((o) => [o.device, when(o.startMs), o.ongoing ? 'still down at the end of the period' : when(o.endMs), duration(o.durationMs)])), '');
    else out.push('No outages this month.', '');
  }

  out.push('## Printing', '');
  if (r.printing.printers.length === 0) out.push('No printer page counts in this period.', '');
  else
    out.push(
      `${count(r.printing.totalPages)} pages printed in the month.`,
      '',
      table(['Printer', 'Marker', 'Model', 'Counter at start', 'Counter at end', 'Pages', 'Note'], r.printing.printers.map((p) => [p.device, p.marker, p.model || '–', count(p.startCount), count(p.endCount), count(p.pages), [p.resets ? 'counter restarted' : '', p.replacements ? 'device replaced' : ''].filter(Boolean).join(', ')])),
      '',
    );

  out.push('## Supplies', '');
  if (r.supplies.length === 0) out.push('No printer supplies reported in this period.', '');
  else
    out.push(
      table(['Printer', 'Supply', 'Level now', 'Replaced', 'Expected to last'], r.supplies.map((s) => [s.device, s.supply || s.type, s.ratio !== undefined ? percent(s.ratio) : s.level !== undefined ? count(s.level) : (s.note ?? 'unknown'), s.replacements.map((x) => when(x.atMs)).join(', ') || '–', s.daysLeft === undefined ? 'no forecast' : `${Math.floor(s.daysLeft)} days`])),
      '',
    );

  out.push('## Network', '');
  const n = r.network;
  if (n.interfaces === 0) out.push('No network interfaces reported in this period.', '');
  else {
    out.push(`${n.interfaces} network ports monitored.`, '');
    out.push('### Ports with errors', '', n.withErrors.length ? table(['Port', 'Errors'], n.withErrors.map((i) => [`${i.device} ${i.name}`, count(i.errors)])) : 'No port counted transmission errors.', '');
    if (n.busiest.length) out.push('### Busiest links', '', table(['Link', 'Data moved'], n.busiest.map((i) => [`${i.device} ${i.name}`, bytes(i.receiveBytes + i.transmitBytes)])), '');
    if (n.peakUtilisation.length) out.push('### Peak utilisation (busiest hour)', '', table(['Link', 'Peak', 'Speed', 'Utilisation'], n.peakUtilisation.map((i) => [`${i.device} ${i.name}`, bitsPerSecond(i.peakBitsPerSecond ?? 0), bitsPerSecond(i.speedBitsPerSecond ?? 0), percent(i.peakUtilisation ?? 0)])), '');
  }

  out.push('## Alerts', '');
  const a = r.alerts;
  if (a.episodes.length === 0) out.push('No alerts were raised this month.', '');
  else {
    out.push(table(['Severity', 'Alerts'], Object.entries(a.bySeverity).map(([k, v]) => [k, v])), '');
    if (a.medianResolveMs !== undefined) out.push(`Typical time to resolve: ${duration(a.medianResolveMs)} (median); longest: ${duration(a.longestResolveMs ?? 0)}.`, '');
    if (a.stillFiring) out.push(`${a.stillFiring} still open at the end of the period.`, '');
  }

  out.push('## Configuration changes and backups', '');
  const c = r.config;
  if (!c.configured) out.push("Configuration backups are not set up for this client's devices.", '');
  else {
    out.push(`${c.changes.length} configuration versions stored this month.${r.configDiffUrl ? ` Weekly change reviews: ${r.configDiffUrl}` : ''}`, '');
    if (c.changes.length) out.push(table(['Device', 'When', 'What'], c.changes.map((x) => [x.device, when(x.atMs), `${x.first ? 'first backup' : 'configuration changed'} (${x.rev.slice(0, 10)})`])), '');
    out.push(`Backup coverage: ${c.backedUp.length} of ${c.backedUp.length + c.missing.length} devices have a stored configuration.${c.missing.length ? ` Not yet backed up: ${c.missing.map(mdCell).join(', ')}.` : ''}`, '');
  }
  out.push(`_Generated ${when(r.generatedAtMs)}. Availability, outages, supplies and alerts in ${duration(r.stepMs)} steps; network peaks over ${duration(r.networkStepMs)}._`, '');
  return out.join('\n');
}
