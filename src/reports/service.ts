/**
 * Monthly reports assembled from the config in force: which Prometheus, which devices of the
 * client, which of them back up their config and where the store is. Used by the commands, the
 * HTTP routes and the scheduled writer, so the three give the same report for the same month.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { GitConfigStore } from '../backup/git-store';
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { ProbeRegistry } from '../probes/registry';
import { collectMonthlyReport, collectPages, ReportPeriodError } from './collect';
import type { ConfigHistory } from './config-section';
import type { MonthlyReport } from './model';
import { parseMonth, type Month } from './month';
import { htmlToPdf } from './pdf';
import { PrometheusApi } from './prometheus';
import { renderPagesCsv } from './render-csv';
import { renderMonthlyHtml } from './render-html';
import { renderMonthlyMarkdown } from './render-md';

export const REPORT_FORMATS = ['html', 'md', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const DEFAULT_REPORTS = { queryTimeoutMs: 60_000, stepMs: 300_000, dir: path.resolve('data/reports/monthly'), monthly: { enabled: true, time: '00:15' } } as const;

export type ReportsConfig = NonNullable<RuntimeConfig['reports']>;
export type ReportConfig = Pick<RuntimeConfig, 'devices' | 'backup' | 'http'> & { reports?: RuntimeConfig['reports'] };

/** A request the config cannot answer (no Prometheus, unknown client, bad month): the caller's mistake, said in one line. */
export class ReportRequestError extends Error {
  constructor(
    message: string,
    readonly reason: 'no-prometheus' | 'unknown-client' | 'bad-month' | 'bad-format',
  ) {
    super(message);
    this.name = 'ReportRequestError';
  }
}

export function reportsSettings(config: ReportConfig): ReportsConfig {
  return config.reports ?? { ...DEFAULT_REPORTS, monthly: { ...DEFAULT_REPORTS.monthly } };
}

/** Clients of the config, sorted. */
export function clientsOf(devices: RuntimeConfig['devices']): string[] {
  return [...new Set(devices.map((d) => d.client))].sort();
}

export function checkMonth(text: unknown): Month {
  const month = typeof text === 'string' ? parseMonth(text) : undefined;
  if (!month) throw new ReportRequestError(`month: expected YYYY-MM (e.g. 2026-10), got "${String(text ?? '')}"`, 'bad-month');
  return month;
}

export function checkClient(config: ReportConfig, client: unknown): string {
  if (typeof client !== 'string' || client === '') throw new ReportRequestError('client: a client name is required', 'unknown-client');
  if (!config.devices.some((d) => d.client === client)) {
    const known = clientsOf(config.devices);
    throw new ReportRequestError(`client: no device of client "${client}" in the config${known.length ? ` (clients: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''})` : ''}`, 'unknown-client');
  }
  return client;
}

export function checkFormat(format: unknown, allowed: readonly string[] = REPORT_FORMATS): ReportFormat {
  const f = format === undefined ? 'html' : format;
  if (typeof f !== 'string' || !allowed.includes(f)) throw new ReportRequestError(`format: expected ${allowed.join(', ')}, got "${String(f)}"`, 'bad-format');
  return f as ReportFormat;
}

export function prometheusFor(config: ReportConfig, override?: string): PrometheusApi {
  const settings = reportsSettings(config);
  const url = override ?? settings.prometheusUrl;
  if (!url) throw new ReportRequestError('no Prometheus configured: set reports.prometheus_url in the config (or give --prometheus URL); the reports read their history from Prometheus', 'no-prometheus');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ReportRequestError(`prometheus: "${url}" is not a URL (expected e.g. http://127.0.0.1:9090)`, 'no-prometheus');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ReportRequestError(`prometheus: "${url}" is not an http:// or https:// URL`, 'no-prometheus');
  return new PrometheusApi({ url, timeoutMs: settings.queryTimeoutMs });
}

/** The config store to read, without creating one: absent directory = nothing stored yet. */
export async function openConfigHistory(config: ReportConfig): Promise<ConfigHistory> {
  if (!existsSync(path.join(config.backup.dir, '.git'))) return { has: () => false, changesSince: async () => [] };
  const store = new GitConfigStore(config.backup.dir);
  await store.open();
  return store;
}

export interface BuildOptions {
  client: string;
  month: Month;
  api: PrometheusApi;
  registry: ProbeRegistry;
  nowMs: number;
  /** The config store (the owner's in the daemon; opened read-only by the commands). */
  configs?: ConfigHistory;
}

export async function buildMonthlyReport(config: ReportConfig, opts: BuildOptions): Promise<MonthlyReport> {
  const devices = config.devices.filter((d) => d.client === opts.client);
  const backupDevices = devices.filter((d) => opts.registry.configKinds(d).length > 0).map((d) => d.name);
  try {
    return await collectMonthlyReport(opts.api, {
      client: opts.client,
      month: opts.month,
      stepMs: reportsSettings(config).stepMs,
      nowMs: opts.nowMs,
      devices: devices.map((d) => ({ name: d.name, kind: d.kind })),
      configs: opts.configs && backupDevices.length > 0 ? { store: opts.configs, backupDevices } : undefined,
      configDiffUrl: `${config.http.externalUrl}/reports/config-diff`,
    });
  } catch (err) {
    if (err instanceof ReportPeriodError) throw new ReportRequestError(`month: ${err.message}`, 'bad-month');
    throw err;
  }
}

/** The page-count export of one client's month, as CSV. */
export async function buildPagesCsv(config: ReportConfig, opts: Pick<BuildOptions, 'client' | 'month' | 'api' | 'nowMs'>): Promise<string> {
  try {
    return renderPagesCsv(await collectPages(opts.api, { client: opts.client, month: opts.month, stepMs: reportsSettings(config).stepMs, nowMs: opts.nowMs }));
  } catch (err) {
    if (err instanceof ReportPeriodError) throw new ReportRequestError(`month: ${err.message}`, 'bad-month');
    throw err;
  }
}

export interface Rendered {
  body: string | Buffer;
  contentType: string;
  extension: string;
}

export async function renderReport(report: MonthlyReport, format: ReportFormat): Promise<Rendered> {
  switch (format) {
    case 'html':
      return { body: renderMonthlyHtml(report), contentType: 'text/html; charset=utf-8', extension: 'html' };
    case 'md':
      return { body: renderMonthlyMarkdown(report), contentType: 'text/markdown; charset=utf-8', extension: 'md' };
    case 'json':
      return { body: `${JSON.stringify(report, null, 2)}\n`, contentType: 'application/json; charset=utf-8', extension: 'json' };
    case 'pdf':
      return { body: await htmlToPdf(renderMonthlyHtml(report)), contentType: 'application/pdf', extension: 'pdf' };
  }
}
