/**
 * The built-in status pages: `/` (clients → sites → devices, firing alerts, poller health) and
 * `/devices/:name` (one device), plus the login form that sets the page cookie. Registered before
 * the API's bearer guard: pages have their own (auth.ts).
 */
import express, { type Express } from 'express';
import type { AlertRecord } from '../../alerts/engine';
import type { RuntimeConfig } from '../../inventory/runtime-config';
import type { ProbeRegistry } from '../../probes/registry';
import type { ResultStore } from '../../results/store';
import type { StoredReport } from '../../reports/stored';
import { withTimeout } from '../../util/timeout';
import { tokenMatches } from '../auth';
import { scrubSecrets, secretValues } from '../secrets';
import { requirePageToken, safeNext, setSession } from './auth';
import { alertView, deviceDetail, overview, StateSince, type ConfigChange, type Overview } from './model';
import { renderDevice, renderLogin, renderNotFound, renderOverview } from './render';

export interface StatusPageDeps {
  store: ResultStore;
  probes: ProbeRegistry;
  config: () => Pick<RuntimeConfig, 'devices' | 'http'>;
  readiness: () => Promise<{ ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> }>;
  /** Current alert records (a process that evaluates none shows no alerts). */
  alerts?: () => readonly AlertRecord[];
  /** The last stored config change of a device, once config backups exist; absent: nothing shown. */
  lastConfigChange?: (device: string) => Promise<ConfigChange | undefined>;
  /** The monthly reports the scheduler wrote (reports/stored.ts); absent: no such section. */
  monthlyReports?: () => Promise<StoredReport[]>;
  now: () => number;
}

const READINESS_TIMEOUT_MS = 2_000;

export function registerStatusPages(app: Express, deps: StatusPageDeps): void {
  const since = new StateSince();
  const guard = requirePageToken(() => deps.config().http.token);
  const html = (body: string) => (res: express.Response, status = 200) => {
    res.status(status).set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' }).type('html').send(body);
  };

  const configChanges = async (names: readonly string[]): Promise<Map<string, ConfigChange>> => {
    const out = new Map<string, ConfigChange>();
    if (!deps.lastConfigChange) return out;
    const lookup = deps.lastConfigChange;
    await Promise.all(
      names.map(async (name) => {
        const change = await lookup(name).catch(() => undefined);
        if (change) out.set(name, change);
      }),
    );
    return out;
  };

  app.get('/', guard, async (_req, res) => {
    const cfg = deps.config();
    const nowMs = deps.now();
    const [results, readiness, changes, reports] = await Promise.all([
      deps.store.all(),
      withTimeout(deps.readiness(), READINESS_TIMEOUT_MS, 'readiness check').catch((err: unknown) => ({
        ready: false,
        checks: { readiness: { ok: false, detail: err instanceof Error ? err.message : String(err) } },
      })),
      configChanges(cfg.devices.map((d) => d.name)),
      deps.monthlyReports ? deps.monthlyReports().catch(() => []) : Promise.resolve(undefined),
    ]);
    const model = overview({ devices: cfg.devices, results, alerts: deps.alerts?.() ?? [], probes: deps.probes, nowMs, since, configChanges: changes }, readiness);
    html(renderOverview(scrubSecrets(model, secretValues(cfg)) as Overview, nowMs, reports))(res);
  });

  app.get('/devices/:name', guard, async (req, res) => {
    const cfg = deps.config();
    const name = String(req.params.name);
    const target = cfg.devices.find((d) => d.name === name);
    if (!target) {
      html(renderNotFound(name))(res, 404);
      return;
    }
    const nowMs = deps.now();
    const [results, changes] = await Promise.all([deps.store.forDevice(target.name), configChanges([target.name])]);
    const alerts = deps.alerts?.() ?? [];
    const detail = deviceDetail(target, results, { alerts, probes: deps.probes, nowMs, since, configChanges: changes });
    const deviceAlerts = alerts
      .filter((a) => a.device === target.name && a.phase === 'firing')
      .map(alertView)
      .sort((a, b) => a.sinceMs - b.sinceMs);
    const secrets = secretValues(cfg);
    html(renderDevice(scrubSecrets(detail, secrets) as typeof detail, scrubSecrets(deviceAlerts, secrets) as typeof deviceAlerts, nowMs))(res);
  });

  app.get('/login', (req, res) => {
    html(renderLogin(safeNext(req.query.next), req.query.failed === '1'))(res);
  });

  app.post('/login', express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const expected = deps.config().http.token;
    const presented = typeof body.token === 'string' ? body.token : '';
    if (!expected || expected.isEmpty() || tokenMatches(presented, expected)) {
      if (expected && !expected.isEmpty()) setSession(res, req, presented);
      res.redirect(303, next);
      return;
    }
    html(renderLogin(next, true))(res, 401);
  });
}
