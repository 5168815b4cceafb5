/**
 * The monthly report as one HTML document for a client's manager: the client and the period on
 * top, a summary in plain words, then one section per topic. One inline stylesheet, charts as
 * inline SVG, no script and no external resource (it renders the same offline, attached to an
 * e-mail, or printed to PDF). Every value is escaped.
 */
import { availabilityText, bitsPerSecond, bytes, count, day, duration, esc, percent, when } from './format';
import type { MonthlyReport } from './model';
import { monthTitle } from './month';
import type { InterfaceTraffic } from './network';
import type { SupplyState } from './supplies';
import { barChart, timeline, type Bar } from './svg';

const CSS = `
*{box-sizing:border-box}body{margin:0;background:#fff;color:#1d2430;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:860px;margin:0 auto;padding:28px 32px 40px}
header{border-bottom:3px solid #3b6fb6;padding-bottom:12px;margin-bottom:18px}
header .kicker{color:#5b6472;font-size:13px;text-transform:uppercase;letter-spacing:.06em}
h1{font-size:26px;margin:4px 0 2px}header .period{font-size:16px;color:#33404f}
h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid #dde3ea;break-after:avoid}
h3{font-size:14px;margin:16px 0 6px;color:#33404f}
p{margin:6px 0}.dim{color:#5b6472}.num{font-variant-numeric:tabular-nums;text-align:right}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin:8px 0 4px}
.card{border:1px solid #dde3ea;border-radius:6px;padding:10px 12px;background:#f7f9fb}
.card .v{font-size:22px;font-weight:650}.card .l{font-size:12px;color:#5b6472}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6eaef;vertical-align:top}
th{color:#5b6472;font-weight:600;font-size:12px}tr{break-inside:avoid}
.good{color:#1b7f3b}.bad{color:#c62828;font-weight:600}.warn{color:#a86200}
.level{display:inline-block;width:90px;height:10px;background:#eef1f5;border:1px solid #cfd6de;border-radius:2px;vertical-align:middle;margin-right:6px}
.level span{display:block;height:100%;background:#3b6fb6}.level.low span{background:#c62828}
.chart{display:block;max-width:100%;height:auto;margin:6px 0}
section{break-inside:auto}footer{margin-top:30px;font-size:12px;color:#5b6472;border-top:1px solid #dde3ea;padding-top:8px}
@media print{main{padding:0}a{color:inherit}}
`;

const SWATCH: Record<string, string> = { black: '#222', cyan: '#00a3d9', magenta: '#d1177e', yellow: '#e3b800' };

export function renderMonthlyHtml(r: MonthlyReport, opts: { links?: boolean } = {}): string {
  const title = `Service report ${r.client} ${r.month.id}`;
  const body = [header(r), summary(r), availability(r), printing(r), supplies(r), network(r), alerts(r), config(r, opts.links !== false), footer(r)].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style>${CSS}</style></head>
<body><main data-client="${esc(r.client)}" data-month="${esc(r.month.id)}">
${body}
</main></body></html>
`;
}

function header(r: MonthlyReport): string {
  const partial = r.periodEndMs < r.month.endMs ? ` <span class="dim">(month in progress, up to ${esc(when(r.periodEndMs))})</span>` : '';
  return `<header><div class="kicker">Monthly service report</div><h1 data-role="client">${esc(r.client)}</h1>
<div class="period" data-role="period">${esc(monthTitle(r.month))} · ${esc(day(r.month.startMs))} – ${esc(day(r.month.endMs - 1))} ${new Date(r.month.startMs).getUTCFullYear()} (UTC)${partial}</div></header>`;
}

function card(value: string, label: string, role: string, cls = ''): string {
  return `<div class="card"><div class="v ${cls}" data-role="${role}">${esc(value)}</div><div class="l">${esc(label)}</div></div>`;
}

function summary(r: MonthlyReport): string {
  const down = r.availability.outages.reduce((n, o) => n + o.durationMs, 0);
  const replaced = r.supplies.reduce((n, s) => n + s.replacements.length, 0);
  const alertCount = r.alerts.episodes.length;
  const changes = r.config.configured ? String(r.config.changes.length) : '–';
  const overall = r.availability.overall;
  return `<section><h2>Summary</h2><div class="cards">
${card(availabilityText(overall), 'availability of all devices', 'overall-availability', overall === undefined ? '' : overall >= 0.999 ? 'good' : overall < 0.99 ? 'bad' : 'warn')}
${card(String(r.availability.outages.length), `outages (${duration(down)} in total)`, 'outage-count')}
${card(count(r.printing.totalPages), 'pages printed', 'total-pages')}
${card(String(alertCount), 'alerts raised', 'alert-count')}
</div><div class="cards">
${card(String(r.availability.devices.length), 'devices monitored', 'device-count')}
${card(String(replaced), 'supplies replaced', 'replaced-count')}
${card(String(r.network.withErrors.length), 'network ports with errors', 'error-ports')}
${card(changes, 'configuration changes', 'config-changes')}
</div></section>`;
}

function availability(r: MonthlyReport): string {
  const devices = r.availability.devices;
  if (devices.length === 0) return `<section><h2>Availability</h2><p class="dim">No devices reported in this period.</p></section>`;
  const bars: Bar[] = devices.map((d) => ({
    label: d.device,
    value: d.ratio ?? 0,
    text: availabilityText(d.ratio),
    color: d.ratio === undefined ? '#b0b8c3' : d.ratio >= 0.999 ? '#2e7d4f' : d.ratio >= 0.99 ? '#d08a00' : '#c62828',
  }));
  const withOutages = devices.filter((d) => d.outages.length > 0);
  const ticks = [];
  for (let t = r.month.startMs; t < r.month.endMs; t += 7 * 86_400_000) ticks.push({ atMs: t, label: day(t) });
  const strip = withOutages.length
    ? `<h3>When devices were down</h3>${timeline(
        withOutages.map((d) => ({ label: d.device, spans: d.outages.map((o) => [o.startMs, o.endMs] as const) })),
        { title: 'Outages over the month', startMs: r.month.startMs, endMs: r.month.endMs, ticks },
      )}`
    : '';
  const rows = devices
    .map((d) => {
      const downMs = d.downSteps * r.stepMs;
      return `<tr data-device="${esc(d.device)}"><td>${esc(d.device)}</td><td>${esc(d.kind)}</td><td class="num" data-role="availability">${esc(availabilityText(d.ratio))}</td><td class="num">${d.outages.length}</td><td class="num">${esc(duration(downMs))}</td><td class="num">${d.noDataSteps > 0 ? esc(duration(d.noDataSteps * r.stepMs)) : '–'}</td></tr>`;
    })
    .join('');
  const outages = r.availability.outages.length
    ? `<h3>Outages</h3><table data-role="outages"><thead><tr><th>Device</th><th>Down from</th><th>Back up</th><th class="num">Duration</th></tr></thead><tbody>${r.availability.outages
        .map(
          (o) =>
            `<tr data-device="${esc(o.device)}" data-start="${o.startMs}" data-end="${o.endMs}"><td>${esc(o.device)}</td><td>${esc(when(o.startMs))}</td><td>${o.ongoing ? 'still down at the end of the period' : esc(when(o.endMs))}</td><td class="num">${esc(duration(o.durationMs))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="good">No outages this month.</p>';
  return `<section><h2>Availability</h2>
<p>Share of time each device answered our monitoring. Periods without any monitoring data are not counted as down.</p>
${barChart(bars, { title: 'Availability per device', max: 1 })}${strip}
<table data-role="availability-table"><thead><tr><th>Device</th><th>Kind</th><th class="num">Availability</th><th class="num">Outages</th><th class="num">Down</th><th class="num">No data</th></tr></thead><tbody>${rows}</tbody></table>
${outages}</section>`;
}

function printing(r: MonthlyReport): string {
  const rows = r.printing.printers;
  if (rows.length === 0) return `<section><h2>Printing</h2><p class="dim">No printer page counts in this period.</p></section>`;
  const multi = new Set(rows.map((p) => p.device)).size !== rows.length;
  const label = (p: (typeof rows)[number]) => (multi ? `${p.device} #${p.marker}` : p.device);
  const notes = (p: (typeof rows)[number]) =>
    [p.resets ? `counter restarted${p.resets > 1 ? ` ${p.resets}×` : ''}` : '', p.replacements ? 'device replaced' : ''].filter(Boolean).join(', ');
  return `<section><h2>Printing</h2><p><strong data-role="pages-total">${esc(count(r.printing.totalPages))}</strong> pages printed in the month.</p>
${barChart(rows.map((p) => ({ label: label(p), value: p.pages, text: count(p.pages) })), { title: 'Pages per printer' })}
<table data-role="pages"><thead><tr><th>Printer</th><th>Model</th><th class="num">Counter at start</th><th class="num">Counter at end</th><th class="num">Pages</th><th>Note</th></tr></thead><tbody>${rows
    .map(
      (p) =>
        `<tr data-device="${esc(p.device)}" data-marker="${esc(p.marker)}"><td>${esc(label(p))}</td><td>${esc(p.model || '–')}</td><td class="num">${esc(count(p.startCount))}</td><td class="num">${esc(count(p.endCount))}</td><td class="num" data-role="pages">${esc(count(p.pages))}</td><td>${esc(notes(p))}</td></tr>`,
    )
    .join('')}</tbody></table></section>`;
}

function levelCell(s: SupplyState): string {
  if (s.ratio !== undefined) {
    const low = s.ratio < 0.15;
    const colour = SWATCH[s.color];
    return `<span class="level${low ? ' low' : ''}"><span style="width:${(s.ratio * 100).toFixed(1)}%${colour && !low ? `;background:${colour}` : ''}"></span></span>${esc(percent(s.ratio))}`;
  }
  if (s.level !== undefined) return esc(count(s.level));
  return `<span class="dim">${esc(s.note ?? 'unknown')}</span>`;
}

function supplies(r: MonthlyReport): string {
  if (r.supplies.length === 0) return `<section><h2>Supplies</h2><p class="dim">No printer supplies reported in this period.</p></section>`;
  const replaced = r.supplies.flatMap((s) => s.replacements.map((x) => ({ s, x })));
  return `<section><h2>Supplies</h2>
<p>${replaced.length === 0 ? 'No supplies were replaced this month.' : `${replaced.length} ${replaced.length === 1 ? 'supply was' : 'supplies were'} replaced this month.`}</p>
<table data-role="supplies"><thead><tr><th>Printer</th><th>Supply</th><th>Level now</th><th>Replaced</th><th>Expected to last</th></tr></thead><tbody>${r.supplies
    .map(
      (s) =>
        `<tr data-device="${esc(s.device)}" data-supply-index="${esc(s.index)}"><td>${esc(s.device)}</td><td>${esc(s.supply || s.type)}</td><td>${levelCell(s)}</td><td data-role="replaced">${s.replacements.length ? s.replacements.map((x) => esc(when(x.atMs))).join('<br>') : '–'}</td><td>${s.daysLeft === undefined ? '<span class="dim">no forecast</span>' : esc(`${Math.floor(s.daysLeft)} days`)}</td></tr>`,
    )
    .join('')}</tbody></table></section>`;
}

function ifName(i: InterfaceTraffic): string {
  return `${i.device} ${i.name}`;
}

function network(r: MonthlyReport): string {
  const n = r.network;
  if (n.interfaces === 0) return `<section><h2>Network</h2><p class="dim">No network interfaces reported in this period.</p></section>`;
  const errors = n.withErrors.length
    ? `<table data-role="if-errors"><thead><tr><th>Port</th><th class="num">Errors</th></tr></thead><tbody>${n.withErrors
        .map((i) => `<tr><td>${esc(ifName(i))}</td><td class="num">${esc(count(i.errors))}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="good">No port counted transmission errors.</p>';
  const busiest = n.busiest.length
    ? `<h3>Busiest links</h3>${barChart(
        n.busiest.map((i) => ({ label: ifName(i), value: i.receiveBytes + i.transmitBytes, text: bytes(i.receiveBytes + i.transmitBytes) })),
        { title: 'Data moved per link' },
      )}`
    : '';
  const peaks = n.peakUtilisation.length
    ? `<h3>Peak utilisation</h3><p class="dim">The busiest hour of each link, as a share of its speed.</p><table data-role="if-peak"><thead><tr><th>Link</th><th class="num">Peak</th><th class="num">Speed</th><th class="num">Utilisation</th></tr></thead><tbody>${n.peakUtilisation
        .map(
          (i) =>
            `<tr><td>${esc(ifName(i))}</td><td class="num">${esc(bitsPerSecond(i.peakBitsPerSecond ?? 0))}</td><td class="num">${esc(bitsPerSecond(i.speedBitsPerSecond ?? 0))}</td><td class="num${(i.peakUtilisation ?? 0) >= 0.8 ? ' bad' : ''}">${esc(percent(i.peakUtilisation ?? 0))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  return `<section><h2>Network</h2><p>${n.interfaces} network ports monitored.</p><h3>Ports with errors</h3>${errors}${busiest}${peaks}</section>`;
}

function alerts(r: MonthlyReport): string {
  const a = r.alerts;
  if (a.episodes.length === 0) return `<section><h2>Alerts</h2><p class="good">No alerts were raised this month.</p></section>`;
  const sev = Object.entries(a.bySeverity)
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `<tr data-severity="${esc(k)}"><td>${esc(k)}</td><td class="num">${v}</td></tr>`)
    .join('');
  const resolve =
    a.medianResolveMs !== undefined
      ? `<p>Typical time to resolve: <strong>${esc(duration(a.medianResolveMs))}</strong> (median); longest: ${esc(duration(a.longestResolveMs ?? 0))}.${a.stillFiring ? ` ${a.stillFiring} still open at the end of the period.` : ''}</p>`
      : `<p>${a.stillFiring} still open at the end of the period.</p>`;
  const shown = a.episodes.slice(0, 30);
  return `<section><h2>Alerts</h2>${resolve}<table data-role="alerts-by-severity"><thead><tr><th>Severity</th><th class="num">Alerts</th></tr></thead><tbody>${sev}</tbody></table>
<table data-role="alerts"><thead><tr><th>Alert</th><th>Device</th><th>Raised</th><th class="num">Resolved after</th></tr></thead><tbody>${shown
    .map((e) => `<tr><td>${esc(e.alertname)} <span class="dim">(${esc(e.severity)})</span></td><td>${esc(e.device || '–')}</td><td>${esc(when(e.startMs))}</td><td class="num">${e.endMs === undefined ? 'still open' : esc(duration(e.durationMs))}</td></tr>`)
    .join('')}</tbody></table>${a.episodes.length > shown.length ? `<p class="dim">and ${a.episodes.length - shown.length} more.</p>` : ''}</section>`;
}

function config(r: MonthlyReport, links: boolean): string {
  const c = r.config;
  if (!c.configured) return `<section><h2>Configuration changes and backups</h2><p class="dim" data-role="backups-not-configured">Configuration backups are not set up for this client's devices.</p></section>`;
  const link = links && r.configDiffUrl ? ` The weekly change reviews with every line changed are at <a href="${esc(r.configDiffUrl)}">${esc(r.configDiffUrl)}</a>.` : '';
  const list = c.changes.length
    ? `<table data-role="config-changes"><thead><tr><th>Device</th><th>When</th><th>What</th></tr></thead><tbody>${c.changes
        .map((x) => `<tr><td>${esc(x.device)}</td><td>${esc(when(x.atMs))}</td><td>${x.first ? 'first backup' : 'configuration changed'} <span class="dim">(${esc(x.rev.slice(0, 10))})</span></td></tr>`)
        .join('')}</tbody></table>`
    : '<p>No configuration changed this month.</p>';
  const total = c.backedUp.length + c.missing.length;
  return `<section><h2>Configuration changes and backups</h2><p><strong data-role="config-change-count">${c.changes.length}</strong> configuration ${c.changes.length === 1 ? 'version' : 'versions'} stored this month.${link}</p>${list}
<p data-role="backup-coverage">Backup coverage: <strong>${c.backedUp.length} of ${total}</strong> devices have a stored configuration.${c.missing.length ? ` Not yet backed up: ${c.missing.map(esc).join(', ')}.` : ''}</p></section>`;
}

function footer(r: MonthlyReport): string {
  return `<footer>Generated ${esc(when(r.generatedAtMs))} by quarkpulse from the monitoring history. Availability, outages, supplies and alerts are measured in ${esc(duration(r.stepMs))} steps; network peaks over ${esc(duration(r.networkStepMs))}.</footer>`;
}
