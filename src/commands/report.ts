/**
 * `quarkpulse report config-diff --since 7d [--client NAME] [--format md|html] [--out FILE]`: the
 * weekly config-diff review from the store under backup.dir, to stdout or a file.
 * `quarkpulse report monthly` / `report pages`: a client's monthly service report and page-count
 * export from Prometheus history (reports/).
 */
import { writeFile } from 'node:fs/promises';
import { renderHtml } from '../backup/render-html';
import { renderMarkdown } from '../backup/render-md';
import { configDiffReport, openOwner } from '../backup/service';
import { parseDurationMs } from '../config/duration';
import { loadConfig } from '../inventory/load';
import { createLogger } from '../log';
import { builtinProbeRegistry } from '../probes/registry';
import { findChromium, PdfUnavailableError } from '../reports/pdf';
import { PrometheusError } from '../reports/prometheus';
import { buildMonthlyReport, buildPagesCsv, checkClient, checkFormat, checkMonth, openConfigHistory, prometheusFor, renderReport, ReportRequestError } from '../reports/service';
import type { CommandIo } from './backup';
import { UserError } from './errors';

export interface ReportOptions {
  config: string;
  since: string;
  client?: string;
  format: string;
  out?: string;
}

export async function runConfigDiffReport(opts: ReportOptions, io: CommandIo = {}): Promise<number> {
  const sinceMs = parseDurationMs(opts.since);
  if (sinceMs === undefined || sinceMs <= 0) throw new UserError(`--since: "${opts.since}" is not a duration (use e.g. 7d, 24h)`);
  if (opts.format !== 'md' && opts.format !== 'html') throw new UserError(`--format: expected md or html, got "${opts.format}"`);
  const logger = io.logger ?? createLogger();
  const out = io.out ?? process.stdout;
  const config = await loadConfig(opts.config);
  if (opts.client !== undefined && !config.devices.some((d) => d.client === opts.client)) {
    throw new UserError(`--client: no device of client "${opts.client}" in the config`);
  }
  const owner = await openOwner(config, { logger, devices: () => config.devices });
  const nowMs = Date.now();
  const report = await configDiffReport(owner, config.devices, io.registry ?? builtinProbeRegistry, { sinceMs: nowMs - sinceMs, nowMs, client: opts.client });
  const text = opts.format === 'html' ? renderHtml(report) : renderMarkdown(report);
  if (opts.out) await writeFile(opts.out, text);
  else out.write(text);
  return 0;
}

export interface MonthlyReportOptions {
  config: string;
  client: string;
  month: string;
  prometheus?: string;
  format: string;
  output?: string;
}

/** Exit code of a report that could not be built although the request was fine (Prometheus away, a query refused). */
const EXIT_FAILED = 1;

/** The request's mistakes exit 2; Prometheus failing exits 1; both in one line. */
async function reportErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ReportRequestError) throw new UserError(err.message);
    if (err instanceof PrometheusError) throw new UserError(err.message, EXIT_FAILED);
    if (err instanceof PdfUnavailableError) throw new UserError(err.message);
    throw err;
  }
}

/** `quarkpulse report monthly --client NAME --month YYYY-MM [--prometheus URL] [--format html|md|pdf|json] [--output FILE]` */
export async function runMonthlyReport(opts: MonthlyReportOptions, io: CommandIo = {}): Promise<number> {
  const out = io.out ?? process.stdout;
  return reportErrors(async () => {
    const format = checkFormat(opts.format);
    const month = checkMonth(opts.month);
    const config = await loadConfig(opts.config);
    const client = checkClient(config, opts.client);
    const api = prometheusFor(config, opts.prometheus);
    if (format === 'pdf' && !findChromium()) throw new PdfUnavailableError('--format pdf needs Chromium: install it (Debian: apt-get install chromium) or set QP_CHROMIUM to its path');
    const report = await buildMonthlyReport(config, { client, month, api, registry: io.registry ?? builtinProbeRegistry, nowMs: Date.now(), configs: await openConfigHistory(config) });
    const rendered = await renderReport(report, format);
    if (opts.output) await writeFile(opts.output, rendered.body);
    else if (format === 'pdf' && (out as { isTTY?: boolean }).isTTY) throw new ReportRequestError('--format pdf: give --output FILE (a PDF is not for a terminal)', 'bad-format');
    else out.write(rendered.body);
    return 0;
  });
}

/** The same request as the monthly report: a client, a month, where Prometheus is, a format. */
export type PagesReportOptions = MonthlyReportOptions;

/** `quarkpulse report pages --client NAME --month YYYY-MM --format csv`: the page counts for billing. */
export async function runPagesReport(opts: PagesReportOptions, io: CommandIo = {}): Promise<number> {
  const out = io.out ?? process.stdout;
  return reportErrors(async () => {
    checkFormat(opts.format, ['csv']);
    const month = checkMonth(opts.month);
    const config = await loadConfig(opts.config);
    const client = checkClient(config, opts.client);
    const api = prometheusFor(config, opts.prometheus);
    const csv = await buildPagesCsv(config, { client, month, api, nowMs: Date.now() });
    if (opts.output) await writeFile(opts.output, csv);
    else out.write(csv);
    return 0;
  });
}
