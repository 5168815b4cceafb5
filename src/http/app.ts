/**
 * The HTTP face of the daemon (express 5): Prometheus scrape (metrics.ts), health checks, the
 * device API and reload. Everything but /metrics* and the health checks sits behind the bearer token when
 * one is configured. Errors answer JSON, never a stack.
 */
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Response } from 'express';
import type { Registry } from 'prom-client';
import type { AlertRecord } from '../alerts/engine';
import { DEFAULT_METRICS_SHARDS } from '../config/schema';
import type { ConfigProblem } from '../config/types';
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { Logger } from '../log';
import type { ProbeRegistry } from '../probes/registry';
import type { DeviceMetrics } from '../results/collector';
import type { ResultStore } from '../results/store';
import { listStoredReports } from '../reports/stored';
import { withTimeout } from '../util/timeout';
import { alertFilter, alertsJson } from './alerts-api';
import { requireToken } from './auth';
import { backupView, mountConfigRoutes, type ConfigsDeps } from './configs';
import { mapLimit } from '../util/concurrency';
import { devicePage, parseDevicePage } from './device-page';
import { deviceView } from './device-view';
import { mountMetricsRoutes } from './metrics';
import { scrubSecrets, secretValues } from './secrets';
import { mountReportApi, mountStoredReports, type ReportsHttpDeps } from './reports';
import { requirePageToken } from './status/auth';
import { registerStatusPages } from './status/routes';

export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
}

export type ReloadOutcome =
  | { ok: true; devices: number; added: string[]; removed: string[]; changed: string[] }
  | { ok: false; problems: ConfigProblem[] };

export interface HttpDeps {
  logger: Logger;
  registry: Registry;
  /** Refreshes pull-style self-metrics (queue counts, workers) just before a scrape; failures are logged, not fatal. */
  beforeScrape?: () => Promise<void>;
  store: ResultStore;
  /** The device series of /metrics and its shards; absent in a process that serves only its own metrics. */
  deviceMetrics?: DeviceMetrics;
  /** Per-kind knowledge for the device API. */
  probes: ProbeRegistry;
  /** The config in force; it changes on reload. */
  config: () => Pick<RuntimeConfig, 'devices' | 'http'>;
  readiness: () => Promise<Readiness>;
  /** Absent: POST /-/reload answers 501 (a process without a config file to re-read). */
  reload?: () => Promise<ReloadOutcome>;
  /** Current alert records (pending, firing, recently resolved); absent in a process that evaluates none. */
  alerts?: () => readonly AlertRecord[];
  /** The last stored config change of a device (config backups); absent: the status page shows none. */
  lastConfigChange?: (device: string) => Promise<{ atMs: number; approved: boolean } | undefined>;
  /** The config store, in the process that owns it: /api/configs, /reports/config-diff, backup status in the device API. */
  configs?: ConfigsDeps;
  /** Monthly reports (reports/): on request from Prometheus, and the ones the scheduler wrote. */
  reports?: Omit<ReportsHttpDeps, 'probes' | 'now'>;
  now?: () => number;
}

/** A scrape or probe of /-/ready must answer even while Redis is away. */
const CHECK_TIMEOUT_MS = 2_000;

export function createHttpApp(deps: HttpDeps): Express {
  const now = deps.now ?? Date.now;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  /** Devices that back up their config show the last backup's one-line outcome. */
  const withBackup = <T extends object>(view: T, target: RuntimeConfig['devices'][number]): T | (T & { backup: ReturnType<typeof backupView> }) => {
    const owner = deps.configs?.owner;
    if (!owner || (deps.probes.configKinds(target).length === 0 && !owner.store.has(target.name))) return view;
    return { ...view, backup: backupView(owner.status(target.name)) };
  };

  /** Every JSON answer goes through here: scrubbed of configured secret values. */
  const sendJson = (res: Response, status: number, body: unknown) => {
    const json = JSON.stringify(scrubSecrets(body, secretValues(deps.config())));
    res.status(status).type('application/json').send(json);
  };

  // Open routes: scrapers and orchestrators do not carry the token.
  mountMetricsRoutes(app, { logger: deps.logger, registry: deps.registry, beforeScrape: deps.beforeScrape, deviceMetrics: deps.deviceMetrics, shards: () => deps.config().http.metricsShards ?? DEFAULT_METRICS_SHARDS });
  app.get('/-/healthy', (_req, res) => {
    sendJson(res, 200, { status: 'healthy' });
  });
  app.get('/-/ready', async (_req, res) => {
    let r: Readiness;
    try {
      r = await withTimeout(deps.readiness(), CHECK_TIMEOUT_MS, 'readiness check');
    } catch (err) {
      r = { ready: false, checks: { readiness: { ok: false, detail: err instanceof Error ? err.message : String(err) } } };
    }
    sendJson(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', checks: r.checks });
  });

  // The status pages guard themselves (a browser signs in once and keeps a cookie).
  const reports = deps.reports;
  registerStatusPages(app, { ...deps, now, monthlyReports: reports && (() => listStoredReports(reports.dir())) });
  if (reports) mountStoredReports(app, reports, requirePageToken(() => deps.config().http.token));

  app.use(requireToken(() => deps.config().http.token));

  app.get('/api/alerts', (req, res) => {
    const alerts = alertsJson(deps.alerts?.() ?? [], alertFilter(req.query), deps.config().http.externalUrl);
    sendJson(res, 200, { alerts });
  });

  app.get('/api/devices', async (req, res) => {
    const page = parseDevicePage(req.query);
    if (typeof page === 'string') {
      sendJson(res, 400, { error: 'bad request', message: page });
      return;
    }
    const devices = deps.config().devices;
    const slice = devicePage(devices, page);
    if (slice === undefined) {
      sendJson(res, 400, { error: 'bad request', message: 'cursor is not valid (its device left the config); start again without cursor' });
      return;
    }
    // Only the page's results are read: a 100,000-device store is never loaded for one page.
    const results = await mapLimit(slice.devices, 32, (d) => deps.store.forDevice(d.name));
    const nowMs = now();
    const views = slice.devices.map((d, i) => withBackup(deviceView(deps.probes, d, results[i], nowMs, { samples: page.samples }), d));
    sendJson(res, 200, { devices: views, nextCursor: slice.nextCursor, total: slice.total });
  });

  app.get('/api/devices/:name', async (req, res) => {
    const target = deps.config().devices.find((d) => d.name === req.params.name);
    if (!target) {
      // The name is not echoed: scrubbing would turn a guessed secret into "<secret>" and confirm it.
      sendJson(res, 404, { error: 'not found', message: 'no device of that name in the config' });
      return;
    }
    const results = await deps.store.forDevice(target.name);
    sendJson(res, 200, withBackup(deviceView(deps.probes, target, results, now(), { samples: true }), target));
  });

  if (deps.reports) mountReportApi(app, { ...deps.reports, probes: deps.probes, now }, sendJson);

  if (deps.configs) mountConfigRoutes(app, deps.configs, { devices: () => deps.config().devices, sendJson });

  const reloadHandler: RequestHandler = async (_req, res) => {
    if (!deps.reload) {
      sendJson(res, 501, { error: 'not implemented', message: 'this process cannot reload its config' });
      return;
    }
    const outcome = await deps.reload();
    if (outcome.ok) sendJson(res, 200, { status: 'reloaded', devices: outcome.devices, added: outcome.added, removed: outcome.removed, changed: outcome.changed });
    else sendJson(res, 400, { error: 'invalid config', message: 'the config was not reloaded; the previous one stays in force', problems: outcome.problems });
  };
  // POST or PUT, as Prometheus and Alertmanager accept for their own /-/reload.
  app.post('/-/reload', reloadHandler);
  app.put('/-/reload', reloadHandler);

  app.use((req, res) => {
    // Nor is the path echoed (see /api/devices/:name).
    sendJson(res, 404, { error: 'not found', message: `no such route for ${req.method}` });
  });

  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const status = httpStatusOf(err);
    if (status >= 500) deps.logger.error({ err: err instanceof Error ? err.message : String(err), path: req.path }, 'HTTP handler failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    // Client errors (malformed request) may say what was wrong; server errors say nothing internal.
    const message = status < 500 && err instanceof Error ? err.message : 'internal error';
    sendJson(res, status, { error: status < 500 ? 'bad request' : 'internal error', message });
  };
  app.use(onError);
  return app;
}

function httpStatusOf(err: unknown): number {
  if (typeof err === 'object' && err !== null) {
    const s = (err as { status?: unknown; statusCode?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode;
    if (typeof s === 'number' && s >= 400 && s < 600) return s;
  }
  return 500;
}
