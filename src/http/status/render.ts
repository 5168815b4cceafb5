/**
 * The status pages as HTML strings: one inline stylesheet, no script, no external resource, so
 * they work offline on a wall screen and on a phone, and refresh themselves with a meta refresh.
 */
import type { StoredReport } from '../../reports/stored';
import { bitsPerSecond, bytes, duration, esc, percent, timestamp } from './html';
import type { AlertView, DeviceDetail, DeviceSummary, Overview, PollerHealth, Supply } from './model';

export const REFRESH_SECONDS = 15;

const CSS = `
:root{color-scheme:dark;--bg:#111418;--card:#1b2027;--line:#2c333d;--text:#e6e8eb;--dim:#9aa4b1;--up:#2fb463;--down:#e5484d;--unknown:#7d8794;--warn:#f5a524;--info:#4e9bf5}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--text);font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:inherit}header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;padding:.8rem 1rem;border-bottom:1px solid var(--line)}
header h1{font-size:1.2rem;margin:0}main{padding:0 1rem 2rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}h3{font-size:.95rem;color:var(--dim);margin:.8rem 0 .4rem}
.dim{color:var(--dim)}.num{font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:.7rem;font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.02em}
.s-up{background:var(--up);color:#04140a}.s-down{background:var(--down);color:#fff}.s-unknown{background:var(--unknown);color:#fff}
.sev-critical{background:var(--down);color:#fff}.sev-warning{background:var(--warn);color:#201400}.sev-info{background:var(--info);color:#fff}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.7rem}
.card{background:var(--card);border:1px solid var(--line);border-left:.35rem solid var(--unknown);border-radius:.4rem;padding:.6rem .8rem}
.card.st-up{border-left-color:var(--up)}.card.st-down{border-left-color:var(--down)}
.card .title{display:flex;justify-content:space-between;gap:.5rem;align-items:baseline}.card .title a{font-weight:600;text-decoration:none}
.card p{margin:.25rem 0;font-size:.88rem}
.supply{display:grid;grid-template-columns:7.5rem 1fr 3.2rem;gap:.4rem;align-items:center;font-size:.82rem;margin:.2rem 0}
.supply .name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar{height:.75rem;background:#2a3038;border-radius:.2rem;overflow:hidden;border:1px solid #3a424d}
.fill{display:block;height:100%;background:#8a94a3}
.c-black{background:#e6e8eb}.c-cyan{background:#00b7eb}.c-magenta{background:#e0218a}.c-yellow{background:#ffd400}
.low .fill{outline:2px solid var(--down);outline-offset:-2px}.low .pct{color:var(--down);font-weight:600}
.tag{display:inline-block;margin:.1rem .2rem 0 0;padding:0 .4rem;border-radius:.3rem;background:#3a2326;color:#ffb4b6;font-size:.8rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--dim);font-weight:500}.scroll{overflow-x:auto}
.ok{color:var(--up)}.bad{color:var(--down)}
.empty{color:var(--dim);padding:.5rem 0}
@media (min-width:1800px){body{font-size:17px}}
@media (max-width:600px){header{padding:.6rem}main{padding:0 .6rem 1.5rem}.grid{grid-template-columns:1fr}td,th{padding:.25rem .3rem}.hide-s{display:none}}
`;

function page(title: string, body: string, nowMs: number, opts: { refresh?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${opts.refresh === false ? '' : `<meta http-equiv="refresh" content="${REFRESH_SECONDS}">`}
<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>${esc(title)}</title><style>${CSS}</style></head>
<body data-rendered-at="${nowMs}">${body}</body></html>
`;
}

function stateBadge(state: DeviceSummary['state']): string {
  return `<span class="badge s-${state}" data-role="state">${state}</span>`;
}

function sinceText(d: DeviceSummary, nowMs: number): string {
  if (!d.since) return '';
  // Approximate: this process has not seen the state begin (it started later).
  const how = d.since.approx ? 'for ≥' : 'for';
  const uptime = d.state === 'up' && d.uptimeSeconds !== undefined ? ` · uptime ${esc(duration(d.uptimeSeconds * 1000))}` : '';
  return `<span class="dim" title="since ${esc(timestamp(d.since.atMs))}">${d.state} ${how} ${esc(duration(nowMs - d.since.atMs))}${uptime}</span>`;
}

function deviceHref(name: string): string {
  return `devices/${encodeURIComponent(name)}`;
}

export function supplyBar(s: Supply): string {
  const low = s.ratio !== undefined && s.ratio < 0.15;
  const color = ['black', 'cyan', 'magenta', 'yellow'].includes(s.color) ? ` c-${s.color}` : '';
  const width = s.ratio === undefined ? 0 : Math.max(0, Math.min(1, s.ratio)) * 100;
  const value = s.ratio === undefined ? `<span class="dim">${esc(s.note)}</span>` : `<span class="pct num">${esc(percent(s.ratio))}</span>`;
  return `<div class="supply${low ? ' low' : ''}" data-supply-index="${esc(s.index)}" data-ratio="${s.ratio === undefined ? '' : String(s.ratio)}">
<span class="name" title="${esc(s.name)} (${esc(s.type)})">${esc(s.name)}</span><div class="bar"><span class="fill${color}" style="width:${width.toFixed(2)}%"></span></div>${value}</div>`;
}

function configChange(d: DeviceSummary, nowMs: number): string {
  const c = d.lastConfigChange;
  if (!c) return '';
  return `<p class="dim" data-role="config-change">config changed ${esc(duration(nowMs - c.atMs))} ago${c.approved ? ' (approved)' : ' <span class="tag">not approved</span>'}</p>`;
}

function deviceCard(d: DeviceSummary, nowMs: number): string {
  const parts = [
    `<div class="title"><a href="${deviceHref(d.name)}">${esc(d.name)}</a>${stateBadge(d.state)}</div>`,
    `<p class="dim">${esc(d.kind)} · ${esc(d.address)} ${sinceText(d, nowMs)}</p>`,
  ];
  const { vendor = '', model = '' } = d.identity;
  if (model) parts.push(`<p class="dim">${esc(vendor && !model.toLowerCase().startsWith(vendor.toLowerCase()) ? `${vendor} ${model}` : model)}</p>`);
  if (d.supplies.length > 0) parts.push(d.supplies.map(supplyBar).join(''));
  if (d.conditions.length > 0) parts.push(`<p>${d.conditions.map((c) => `<span class="tag" data-role="condition">${esc(c.replace(/_/g, ' '))}</span>`).join('')}</p>`);
  for (const f of d.failing) parts.push(`<p class="bad">${esc(f.probe)}: ${esc(f.error)}</p>`);
  parts.push(configChange(d, nowMs));
  return `<div class="card st-${d.state}" data-device="${esc(d.name)}" data-state="${d.state}">${parts.join('\n')}</div>`;
}

function alertsTable(alerts: readonly AlertView[], nowMs: number, linkPrefix: string): string {
  if (alerts.length === 0) return '<p class="empty" data-role="no-alerts">No alert is firing.</p>';
  const rows = alerts.map(
    (a) => `<tr data-alert="${esc(a.name)}" data-device="${esc(a.device)}" data-fingerprint="${esc(a.fingerprint)}">
<td><span class="badge sev-${esc(a.severity)}">${esc(a.severity)}</span></td>
<td class="num" title="${esc(timestamp(a.sinceMs))}">${esc(duration(nowMs - a.sinceMs))}</td>
<td><a href="${linkPrefix}${deviceHref(a.device)}">${esc(a.device)}</a><span class="dim hide-s"> · ${esc(a.client)}</span></td>
<td>${esc(a.summary)}<span class="dim"> (${esc(a.name)})</span></td>
<td>${a.silenced ? `<span class="dim">silenced: ${esc(a.silenced)}</span>` : 'paged'}</td></tr>`,
  );
  return `<div class="scroll"><table id="alerts-table"><thead><tr><th>severity</th><th>since</th><th>device</th><th>summary</th><th>notified</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function healthSection(h: PollerHealth): string {
  const checks = h.checks.map((c) => `<span class="${c.ok ? 'ok' : 'bad'}">${esc(c.name)} ${c.ok ? 'ok' : esc(c.detail ?? 'failing')}</span>`).join(' · ');
  const newest = h.newestResultAgeMs === undefined ? 'no result yet' : `newest result ${esc(duration(h.newestResultAgeMs))} ago`;
  return `<section id="health"><h2>Poller</h2><p data-ready="${h.ready}">${h.ready ? '<span class="ok">ready</span>' : '<span class="bad">not ready</span>'} · ${checks}</p>
<p class="dim num">${h.devices} devices · ${h.fresh} fresh results (${h.failing} failing) · ${h.stale} stale · ${newest} · workers: ${h.workers.map(esc).join(', ') || 'none yet'}</p></section>`;
}

/** The newest months' stored monthly reports, linked (served by http/reports.ts). */
function monthlyReportsSection(reports: readonly StoredReport[] | undefined): string {
  if (reports === undefined) return '';
  const months = [...new Set(reports.map((r) => r.month))].slice(0, 3);
  const body = months.length
    ? months
        .map((m) => `<p><span class="num">${esc(m)}</span> ${reports.filter((r) => r.month === m).map((r) => `<a href="reports/monthly/${esc(m)}/${esc(encodeURIComponent(r.client))}.html" data-role="monthly-report">${esc(r.client)}</a>`).join(' · ')}</p>`)
        .join('')
    : '<p class="empty">No monthly report written yet (they are written on the 1st of each month).</p>';
  return `<section id="monthly-reports"><h2>Monthly reports <a class="dim" href="reports/monthly">all</a></h2>${body}</section>`;
}

export function renderOverview(o: Overview, nowMs: number, reports?: readonly StoredReport[]): string {
  const { totals } = o;
  const header = `<header><h1>quarkpulse</h1>
<span class="num" id="totals"><span class="ok">${totals.up} up</span> · <span class="${totals.down > 0 ? 'bad' : 'dim'}">${totals.down} down</span>${totals.unknown > 0 ? ` · <span class="dim">${totals.unknown} unknown</span>` : ''}</span>
<span class="num ${o.alerts.length > 0 ? 'bad' : 'dim'}">${o.alerts.length} alerts firing</span>
<span class="dim" title="refreshes every ${REFRESH_SECONDS} s">${esc(timestamp(nowMs))}</span></header>`;
  const clients = o.clients
    .map(
      (c) => `<section class="client" data-client="${esc(c.name)}"><h2>${esc(c.name)} <span class="dim num">${c.up} up · ${c.down} down${c.unknown > 0 ? ` · ${c.unknown} unknown` : ''}</span></h2>
${c.sites.map((s) => `<h3>${esc(s.name || 'no site')}</h3><div class="grid">${s.devices.map((d) => deviceCard(d, nowMs)).join('\n')}</div>`).join('\n')}</section>`,
    )
    .join('\n');
  const body = `${header}<main><section id="alerts"><h2>Firing alerts</h2>${alertsTable(o.alerts, nowMs, '')}</section>
<section id="devices">${clients || '<p class="empty">No device in the config.</p>'}</section>${healthSection(o.health)}${monthlyReportsSection(reports)}</main>`;
  return page('quarkpulse status', body, nowMs);
}

function row(label: string, value: string): string {
  return `<tr><th>${esc(label)}</th><td>${value}</td></tr>`;
}

export function renderDevice(d: DeviceDetail, alerts: readonly AlertView[], nowMs: number): string {
  const up = (v: boolean | undefined) => (v === undefined ? '–' : v ? '<span class="ok">up</span>' : '<span class="bad">down</span>');
  const identity = Object.entries(d.identity)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => row(k.replace(/_/g, ' '), esc(v)))
    .join('');
  const probes = d.probes
    .map(
      (p) => `<tr data-probe="${esc(p.probe)}"><td>${esc(p.probe)}</td><td>${p.success === undefined ? '<span class="dim">never ran</span>' : p.success ? '<span class="ok">ok</span>' : '<span class="bad">failed</span>'}${p.stale ? ' <span class="dim">(stale)</span>' : ''}</td>
<td class="num">${p.lastRunAtMs === undefined ? '–' : `${esc(duration(nowMs - p.lastRunAtMs))} ago`}</td><td class="num">${p.durationMs === undefined ? '–' : `${Math.round(p.durationMs)} ms`}</td>
<td class="hide-s">${esc(p.worker ?? '')}</td><td>${p.modules.map((m) => `<span class="${m.success ? 'ok' : 'bad'}" title="${esc(m.error ?? '')}">${esc(m.name)}</span>`).join(' ')}</td></tr>`,
    )
    .join('');
  const errors = d.probes.filter((p) => p.error).map((p) => `<li><b>${esc(p.probe)}</b> ${esc(p.error)}${p.lastRunAtMs === undefined ? '' : ` <span class="dim">(${esc(timestamp(p.lastRunAtMs))})</span>`}</li>`);
  const moduleErrors = d.probes.flatMap((p) => p.modules.filter((m) => m.error).map((m) => `<li><b>${esc(p.probe)}/${esc(m.name)}</b> ${esc(m.error)}</li>`));
  const ifaces = d.interfaces
    .map((i) => `<tr data-ifindex="${esc(i.ifindex)}"><td class="num">${esc(i.ifindex)}</td><td>${esc(i.name)}</td><td class="hide-s">${esc(i.alias)}</td><td>${up(i.adminUp)}</td><td>${up(i.operUp)}</td><td class="num hide-s">${esc(bitsPerSecond(i.speedBps))}</td></tr>`)
    .join('');
  const sections = [
    `<header><h1><a href="../">quarkpulse</a> / ${esc(d.name)}</h1>${stateBadge(d.state)} ${sinceText(d, nowMs)}<span class="dim">${esc(d.client)} · ${esc(d.site)} · ${esc(d.kind)} · ${esc(d.address)}${d.parent ? ` · behind ${esc(d.parent)}` : ''}</span></header><main data-device="${esc(d.name)}" data-state="${d.state}">`,
    `<section id="device-alerts"><h2>Alerts</h2>${alertsTable(alerts, nowMs, '../')}</section>`,
    `<section id="identity"><h2>Identity</h2><table>${identity || row('identity', '<span class="dim">no SNMP system data yet</span>')}${d.uptimeSeconds === undefined ? '' : row('uptime', esc(duration(d.uptimeSeconds * 1000)))}${d.lastConfigChange ? row('last config change', `${esc(timestamp(d.lastConfigChange.atMs))}${d.lastConfigChange.approved ? ' (approved)' : ' (not approved)'}`) : ''}</table></section>`,
    `<section id="probes"><h2>Probes</h2><div class="scroll"><table><thead><tr><th>probe</th><th>last result</th><th>when</th><th>took</th><th class="hide-s">worker</th><th>modules</th></tr></thead><tbody>${probes}</tbody></table></div>
<h3>Last errors</h3>${errors.length + moduleErrors.length > 0 ? `<ul id="errors">${[...errors, ...moduleErrors].join('')}</ul>` : '<p class="empty">none</p>'}</section>`,
  ];
  if (d.supplies.length > 0 || d.conditions.length > 0 || d.printerStatus) {
    sections.push(
      `<section id="supplies"><h2>Printer</h2>${d.printerStatus ? `<p>status: ${esc(d.printerStatus)}</p>` : ''}${d.conditions.map((c) => `<span class="tag" data-role="condition">${esc(c.replace(/_/g, ' '))}</span>`).join('')}
${d.supplies.map(supplyBar).join('')}${d.inputs.length > 0 ? `<h3>Paper inputs</h3><table>${d.inputs.map((i) => row(i.name, esc(i.level >= 0 && i.max > 0 ? `${i.level} of ${i.max}` : i.level === -3 ? 'some paper' : String(i.level)))).join('')}</table>` : ''}
${d.printerAlerts.length > 0 ? `<h3>Printer alerts</h3><ul>${d.printerAlerts.map((a) => `<li>${esc(a.severity)}: ${esc(a.description)}</li>`).join('')}</ul>` : ''}</section>`,
    );
  }
  if (d.interfaces.length > 0) {
    sections.push(`<section id="interfaces"><h2>Interfaces</h2><div class="scroll"><table><thead><tr><th>#</th><th>name</th><th class="hide-s">alias</th><th>admin</th><th>oper</th><th class="hide-s">speed</th></tr></thead><tbody>${ifaces}</tbody></table></div></section>`);
  }
  if (d.cpus.length > 0 || d.storage.length > 0) {
    sections.push(
      `<section id="host"><h2>Host resources</h2><table>${d.cpus.map((c) => row(c.name, esc(percent(c.ratio)))).join('')}${d.storage
        .map((s) => row(s.name, `${esc(bytes(s.usedBytes))} of ${esc(bytes(s.sizeBytes))}${s.sizeBytes && s.usedBytes !== undefined ? ` (${esc(percent(s.usedBytes / s.sizeBytes))})` : ''} <span class="dim">${esc(s.type)}</span>`))
        .join('')}</table></section>`,
    );
  }
  sections.push('</main>');
  return page(`${d.name} · quarkpulse`, sections.join('\n'), nowMs);
}

export function renderLogin(next: string, failed: boolean): string {
  const body = `<header><h1>quarkpulse</h1></header><main><h2>Sign in</h2>
${failed ? '<p class="bad">That token is not the configured http.token.</p>' : '<p class="dim">This status page is protected by the configured http.token.</p>'}
<form method="post" action="login"><input type="hidden" name="next" value="${esc(next)}">
<p><label>token <input type="password" name="token" autocomplete="current-password" required autofocus></label></p><p><button type="submit">Sign in</button></p></form></main>`;
  return page('sign in · quarkpulse', body, Date.now(), { refresh: false });
}

export function renderNotFound(name: string): string {
  return page('not found · quarkpulse', `<header><h1><a href="../">quarkpulse</a></h1></header><main><h2>No device named “${esc(name)}” in the config</h2></main>`, Date.now(), {
    refresh: false,
  });
}
