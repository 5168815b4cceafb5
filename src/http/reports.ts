/**
 * The monthly reports over HTTP: built on request from Prometheus (`/api/reports/monthly`,
 * `/api/reports/pages`, behind the bearer token like all of /api), and the ones the scheduler
 * wrote (`/reports/monthly/…`, behind the page guard so the status page's links open in a browser).
 */
import type { Express, RequestHandler, Response } from 'express';
import type { ProbeRegistry } from '../probes/registry';
import type { ConfigHistory } from '../reports/config-section';
import { PdfUnavailableError } from '../reports/pdf';
import { PrometheusError } from '../reports/prometheus';
import { buildMonthlyReport, buildPagesCsv, checkClient, checkFormat, checkMonth, prometheusFor, renderReport, ReportRequestError, type ReportConfig } from '../reports/service';
import { listStoredReports, readStoredReport } from '../reports/stored';
import { esc } from './status/html';

export interface ReportsHttpDeps {
  config: () => ReportConfig;
  probes: ProbeRegistry;
  /** The config store to read the config section from. */
  configHistory: () => Promise<ConfigHistory>;
  /** Where the scheduler writes (absolute). */
  dir: () => string;
  now: () => number;
}

type SendJson = (res: Response, status: number, body: unknown) => void;

function sendError(res: Response, sendJson: SendJson, err: unknown): boolean {
  if (err instanceof ReportRequestError) {
    sendJson(res, err.reason === 'no-prometheus' ? 503 : 400, { error: err.reason === 'no-prometheus' ? 'not configured' : 'bad request', message: err.message });
    return true;
  }
  if (err instanceof PrometheusError) {
    sendJson(res, err.kind === 'timeout' ? 504 : 502, { error: 'prometheus', message: err.message });
    return true;
  }
  if (err instanceof PdfUnavailableError) {
    sendJson(res, 501, { error: 'not implemented', message: err.message });
    return true;
  }
  return false;
}

function param(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The on-demand API (mount after the bearer guard). */
export function mountReportApi(app: Express, deps: ReportsHttpDeps, sendJson: SendJson): void {
  app.get('/api/reports/monthly', async (req, res) => {
    try {
      const format = checkFormat(param(req.query.format));
      const month = checkMonth(param(req.query.month));
      const config = deps.config();
      const client = checkClient(config, param(req.query.client));
      const api = prometheusFor(config);
      const report = await buildMonthlyReport(config, { client, month, api, registry: deps.probes, nowMs: deps.now(), configs: await deps.configHistory() });
      const out = await renderReport(report, format);
      res
        .status(200)
        .set({ 'Cache-Control': 'no-store', 'X-Prometheus-Queries': String(api.stats.queries) })
        .type(out.contentType)
        .set(format === 'pdf' ? { 'Content-Disposition': `attachment; filename="report-${client}-${month.id}.pdf"` } : {})
        .send(out.body);
    } catch (err) {
      if (!sendError(res, sendJson, err)) throw err;
    }
  });

  app.get('/api/reports/pages', async (req, res) => {
    try {
      checkFormat(param(req.query.format) ?? 'csv', ['csv']);
      const month = checkMonth(param(req.query.month));
      const config = deps.config();
      const client = checkClient(config, param(req.query.client));
      const csv = await buildPagesCsv(config, { client, month, api: prometheusFor(config), nowMs: deps.now() });
      res
        .status(200)
        .set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="pages-${client}-${month.id}.csv"` })
        .type('text/csv; charset=utf-8')
        .send(csv);
    } catch (err) {
      if (!sendError(res, sendJson, err)) throw err;
    }
  });
}

/** The scheduler's stored reports: an index and the files (mount with the page guard). */
export function mountStoredReports(app: Express, deps: Pick<ReportsHttpDeps, 'dir'>, guard: RequestHandler): void {
  app.get('/reports/monthly', guard, async (_req, res) => {
    const reports = await listStoredReports(deps.dir());
    const rows = reports.map((r) => `<li>${esc(r.month)} · <a href="monthly/${esc(r.month)}/${esc(encodeURIComponent(r.client))}.html">${esc(r.client)}</a>${r.formats.includes('md') ? ` (<a href="monthly/${esc(r.month)}/${esc(encodeURIComponent(r.client))}.md">Markdown</a>)` : ''}</li>`);
    res
      .status(200)
      .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })
      .type('html')
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Monthly reports</title></head><body><h1>Monthly reports</h1>${rows.length ? `<ul>${rows.join('')}</ul>` : '<p>No monthly report written yet.</p>'}<p><a href="../">status</a></p></body></html>`);
  });

  app.get('/reports/monthly/:month/:file', guard, async (req, res) => {
    const found = await readStoredReport(deps.dir(), String(req.params.month), String(req.params.file));
    if (!found) {
      res.status(404).type('application/json').send(JSON.stringify({ error: 'not found', message: 'no such monthly report' }));
      return;
    }
    res
      .status(200)
      .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })
      .type(found.format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8')
      .send(found.body);
  });
}
