/**
 * The monthly report against a real Prometheus: a month (2026-10) of synthetic history for two
 * clients, written as OpenMetrics and turned into TSDB blocks by promtool, served by Prometheus.
 * Every figure of the report (availability, outages, pages incl. a counter restart and a
 * replaced printer, replaced supplies, alerts, config changes) is compared with what this test
 * works out from the plan on its own. The real CLI (`report monthly`, `report pages`), the HTTP
 * API with and without the token, the scheduled writer and the status page run against it; the
 * HTML is opened in headless Chromium (screenshot in test-output/) and the PDF rasterised by pdftoppm.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Registry } from 'prom-client';
import { loadHistory, writeHistory } from '../../bench/report-history';
import { createAlerting } from '../../src/alerts/service';
import { MemoryStateStore } from '../../src/alerts/state-store';
import { GitConfigStore } from '../../src/backup/git-store';
import { startDaemon, type Daemon } from '../../src/daemon/daemon';
import type { DaemonParts } from '../../src/daemon/parts';
import { createHttpApp } from '../../src/http/app';
import { startHttpServer, type HttpServerHandle } from '../../src/http/server';
import { loadConfig } from '../../src/inventory/load';
import type { RuntimeConfig } from '../../src/inventory/runtime-config';
import { silentLogger } from '../../src/log';
import { builtinProbeRegistry } from '../../src/probes/registry';
import type { MonthlyReport } from '../../src/reports/model';
import { parseMonth } from '../../src/reports/month';
import { renderMonthlyHtml } from '../../src/reports/render-html';
import { dueMonth, scheduleMonthly, writeDueReports } from '../../src/reports/schedule';
import { buildMonthlyReport, openConfigHistory, prometheusFor } from '../../src/reports/service';
import { InProcessQueue } from '../../src/queue/in-process';
import { MemoryResultStore } from '../../src/results/store';
import { createJobHandler } from '../../src/scheduler/job-handler';
import { runCli } from '../helpers/cli';
import { freeTcpPort } from '../helpers/ports';
import { binPath, describeWith, itWith } from '../helpers/requires';
import { BIN, startPrometheus, waitFor, type ManagedProcess } from '../helpers/prom-stack';
import { DAY, historySeries, HOUR, M0, M1, markerValue, MONTH, plannedPages, PLANS, STEP, upValue, type DevicePlan } from '../helpers/report-history';

const OUT = path.resolve(__dirname, '../../test-output');
const TOKEN = 'report-test-token';

/** Independently of src/reports: the rule of docs/reports.md applied to the plan's raw samples. */
function expectedAvailability(d: DevicePlan) {
  let up = 0;
  let down = 0;
  const outages: Array<{ startMs: number; endMs: number; ongoing: boolean }> = [];
  let open: { startMs: number; endMs: number } | undefined;
  let lastSeen = -Infinity;
  for (let t = M0 + STEP; t <= M1; t += STEP) {
    const values: number[] = [];
    if (d.up) for (let s = t - STEP + d.up.intervalMs; s <= t; s += d.up.intervalMs) {
      if (s % d.up.intervalMs !== 0) continue;
      const v = upValue(d.up, s);
      if (v !== undefined) values.push(v);
    }
    if (values.length === 0) continue;
    if (Math.min(...values) >= 1) {
      up++;
      if (open) outages.push({ ...open, ongoing: false });
      open = undefined;
    } else {
      down++;
      if (open && t - lastSeen > STEP) {
        outages.push({ ...open, ongoing: false });
        open = undefined;
      }
      open = open ? { ...open, endMs: t } : { startMs: t - STEP, endMs: t };
    }
    lastSeen = t;
  }
  if (open) outages.push({ ...open, ongoing: open.endMs === M1 });
  return { up, down, ratio: up + down > 0 ? up / (up + down) : undefined, outages };
}

function configYaml(dir: string, prometheusUrl?: string): string {
  const devices = PLANS.map((d) => {
    const ssh = d.ssh ? `\n    ssh: { profile: cisco_ios, username: backup, password: pw }` : '';
    return `  - name: ${d.name}\n    client: ${d.client}\n    site: hq\n    kind: ${d.kind}\n    address: 127.0.0.1${ssh}`;
  }).join('\n');
  return `devices:
${devices}
http:
  listen: 127.0.0.1:0
  token: ${TOKEN}
  external_url: http://reports.example.test
backup:
  dir: ${path.join(dir, 'configs')}
reports:
${prometheusUrl ? `  prometheus_url: ${prometheusUrl}\n` : ''}  dir: ${path.join(dir, 'monthly')}
`;
}

describeWith(['promtool', 'prometheus'], 'monthly report from a real Prometheus with a month of history', () => {
  let dir: string;
  let prom: { proc: ManagedProcess; url: string } | undefined;
  let configFile: string;
  let config: RuntimeConfig;
  let reports: Record<string, MonthlyReport>;
  let queriesPerClient: number;
  const month = parseMonth(MONTH)!;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-report-prom-'));
    mkdirSync(OUT, { recursive: true });
    const data = path.join(dir, 'prometheus');
    const written = await writeHistory(path.join(dir, 'history'), historySeries(), M0, M1);
    await loadHistory(BIN.promtool, written.files, data);
    const promConfig = path.join(dir, 'prometheus.yml');
    writeFileSync(promConfig, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
    prom = await startPrometheus({ configFile: promConfig, storageDir: data, args: ['--storage.tsdb.retention.time=3650d'] });

    // Config versions of globex-sw-1: one before the month, two in it; globex-fw-1 never backed up.
    const store = new GitConfigStore(path.join(dir, 'configs'));
    await store.open();
    const put = (text: string, at: number) => store.put({ device: 'globex-sw-1', client: 'globex', profile: 'cisco_ios', text, fetchedAtMs: at });
    await put('hostname globex-sw-1\nvlan 10\n', M0 - 5 * DAY);
    await put('hostname globex-sw-1\nvlan 10\nvlan 20\n', M0 + 9 * DAY + 14 * HOUR);
    await put('hostname globex-sw-1\nvlan 10\nvlan 30\n', M0 + 21 * DAY + 8 * HOUR);

    configFile = path.join(dir, 'quarkpulse.yml');
    writeFileSync(configFile, configYaml(dir, prom.url));
    config = await loadConfig(configFile);
    reports = {};
    const configs = await openConfigHistory(config);
    for (const client of ['acme', 'globex']) {
      const api = prometheusFor(config);
      reports[client] = await buildMonthlyReport(config, { client, month, api, registry: builtinProbeRegistry, nowMs: Date.now(), configs });
      queriesPerClient = api.stats.queries;
    }
  }, 240_000);

  afterAll(async () => {
    await prom?.proc.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('asks Prometheus ten queries per client, whatever the number of devices', () => {
    expect(queriesPerClient).toBe(10);
  });

  it('availability per device and overall, and every outage, equal the plan', () => {
    for (const client of ['acme', 'globex']) {
      const r = reports[client];
      let up = 0;
      let known = 0;
      for (const d of PLANS.filter((p) => p.client === client)) {
        const want = expectedAvailability(d);
        const got = r.availability.devices.find((x) => x.device === d.name)!;
        expect({ device: d.name, up: got.upSteps, down: got.downSteps, ratio: got.ratio }).toEqual({ device: d.name, up: want.up, down: want.down, ratio: want.ratio });
        expect(got.outages.map((o) => ({ startMs: o.startMs, endMs: o.endMs, ongoing: o.ongoing }))).toEqual(want.outages);
        up += want.up;
        known += want.up + want.down;
      }
      expect(r.availability.overall).toBe(up / known);
    }
    // Spelled out, so a reader sees what the plan means: 45 min (a 40-min outage seen at 5-min steps), 5 min (one down sample), 2 h 30 min.
    const acme = reports.acme.availability.outages.map((o) => [o.device, new Date(o.startMs).toISOString(), o.durationMs / 60_000]);
    expect(acme).toEqual([
      ['acme-printer-1', '2026-10-03T09:55:00.000Z', 45],
      ['acme-printer-1', '2026-10-11T03:00:00.000Z', 5],
      ['acme-sw-1', '2026-10-26T13:55:00.000Z', 150],
    ]);
    const gap = reports.acme.availability.devices.find((d) => d.device === 'acme-printer-2')!;
    expect(gap.noDataSteps).toBe(24); // 2 h without samples: no data, not down
    expect(gap.ratio).toBe(1);
    const never = reports.globex.availability.devices.find((d) => d.device === 'globex-rtr-1')!;
    expect(never.ratio).toBeUndefined();
    expect(reports.globex.availability.outages).toEqual([expect.objectContaining({ device: 'globex-sw-1', startMs: M1 - HOUR - STEP, endMs: M1, ongoing: true })]);
  });

  it('pages per printer and marker equal the pages the plan printed (a counter restart, a replaced printer)', () => {
    for (const client of ['acme', 'globex']) {
      const want = PLANS.filter((p) => p.client === client).flatMap((d) =>
        (d.markers ?? []).map((m) => ({ device: d.name, marker: m.index, model: d.replaced?.model ?? d.model, startCount: markerValue(d, m, M0), endCount: markerValue(d, m, M1), pages: plannedPages(d, m) })),
      );
      expect(reports[client].printing.printers.map(({ device, marker, model, startCount, endCount, pages }) => ({ device, marker, model, startCount, endCount, pages }))).toEqual(want);
    }
    const p1 = reports.acme.printing.printers.find((p) => p.device === 'acme-printer-1')!;
    expect([p1.pages, p1.resets, p1.replacements]).toEqual([3 * 8928, 1, 0]);
    const p2 = reports.acme.printing.printers.find((p) => p.device === 'acme-printer-2')!;
    expect([p2.pages, p2.resets, p2.replacements, p2.endCount]).toEqual([2 * 8927, 0, 1, 52_000 + 2 * ((M1 - (M0 + 18 * DAY + 6 * HOUR)) / STEP)]);
  });

  it('replaced supplies are exactly the planned ones (specials -3/-2 and noise ignored); current levels and "no forecast"', () => {
    for (const client of ['acme', 'globex']) {
      const want = PLANS.filter((p) => p.client === client).flatMap((d) => (d.supplies ?? []).map((s) => ({ device: d.name, index: s.index, replacedAt: s.replacedAt })));
      expect(reports[client].supplies.map((s) => ({ device: s.device, index: s.index, replacedAt: s.replacements.map((x) => x.atMs) }))).toEqual(want);
    }
    const waste = reports.globex.supplies.find((s) => s.index === '2')!;
    expect(waste.note).toBe('unknown');
    expect(reports.globex.supplies.every((s) => s.daysLeft === undefined)).toBe(true);
  });

  it('network: errors, busiest links and peak utilisation of the burst hour', () => {
    const n = reports.acme.network;
    expect(n.interfaces).toBe(2);
    expect(n.withErrors.map((i) => [i.name, i.errors])).toEqual([['uplink', 744]]);
    expect(n.busiest[0].name).toBe('uplink');
    expect(n.busiest[0].receiveBytes).toBe(2e6 * 744 * 3600);
    expect(n.peakUtilisation[0].name).toBe('port 2');
    expect(n.peakUtilisation[0].peakUtilisation).toBeCloseTo(0.72, 9);
  });

  it('alerts: counts by severity and time to resolve from ALERTS', () => {
    const a = reports.acme.alerts;
    expect(a.bySeverity).toEqual({ warning: 1, critical: 1 });
    expect(a.episodes.map((e) => [e.alertname, e.device, e.durationMs])).toEqual([
      ['PrinterSupplyLow', 'acme-printer-1', DAY + 9 * HOUR],
      ['DeviceDown', 'acme-sw-1', 2.5 * HOUR],
    ]);
    expect(a.medianResolveMs).toBe((DAY + 9 * HOUR + 2.5 * HOUR) / 2);
    expect(reports.globex.alerts.stillFiring).toBe(1);
  });

  it('config changes of the month and backup coverage; "not configured" where no device backs up', () => {
    expect(reports.acme.config).toEqual({ configured: false });
    const g = reports.globex.config;
    if (!g.configured) throw new Error('globex has backups configured');
    expect(g.changes.map((c) => [c.device, c.atMs, c.first])).toEqual([
      ['globex-sw-1', M0 + 9 * DAY + 14 * HOUR, false],
      ['globex-sw-1', M0 + 21 * DAY + 8 * HOUR, false],
    ]);
    expect([g.backedUp, g.missing]).toEqual([['globex-sw-1'], ['globex-fw-1']]);
    expect(reports.globex.configDiffUrl).toBe('http://reports.example.test/reports/config-diff');
  });

  it('the CLI: report monthly (json equals the in-process report; html; md) and report pages --format csv', async () => {
    const json = await runCli(['report', 'monthly', '--config', configFile, '--client', 'acme', '--month', MONTH, '--format', 'json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const fromCli = JSON.parse(json.stdout) as MonthlyReport;
    expect({ ...fromCli, generatedAtMs: 0 }).toEqual({ ...reports.acme, generatedAtMs: 0 });

    const html = await runCli(['report', 'monthly', '--config', configFile, '--client', 'globex', '--month', MONTH, '--prometheus', prom!.url, '--output', path.join(dir, 'globex.html')]);
    expect(html.code).toBe(0);
    const page = readFileSync(path.join(dir, 'globex.html'), 'utf8');
    expect(page).toContain('<h1 data-role="client">globex</h1>');
    expect(page).toContain('October 2026');
    expect(page).not.toMatch(/<script|<link|src=/i);

    const md = await runCli(['report', 'monthly', '--config', configFile, '--client', 'acme', '--month', MONTH, '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('# Monthly service report: acme');
    expect(md.stdout).toContain(`| acme-printer-1 | 1 | HP LaserJet M404 | 120,000 | ${(3 * (1 + (M1 - (M0 + 15 * DAY)) / STEP)).toLocaleString('en-US')} | ${(3 * 8928).toLocaleString('en-US')} | counter restarted |`);

    const csv = await runCli(['report', 'pages', '--config', configFile, '--client', 'acme', '--month', MONTH, '--format', 'csv']);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split('\r\n');
    expect(rows[0]).toBe('device,model,start_count,end_count,pages,marker,counter_resets,device_replacements');
    const p1 = PLANS[0];
    const p2 = PLANS[1];
    expect(rows.slice(1)).toEqual([
      `acme-printer-1,HP LaserJet M404,${markerValue(p1, p1.markers![0], M0)},${markerValue(p1, p1.markers![0], M1)},${plannedPages(p1, p1.markers![0])},1,1,0`,
      `acme-printer-2,HP LaserJet M406,${markerValue(p2, p2.markers![0], M0)},${markerValue(p2, p2.markers![0], M1)},${plannedPages(p2, p2.markers![0])},1,0,1`,
    ]);
  }, 120_000);

  it('the CLI says clearly what is wrong: no Prometheus, unknown client, bad month, Prometheus away', async () => {
    const closedPort = await freeTcpPort();
    const noProm = path.join(dir, 'no-prom.yml');
    writeFileSync(noProm, configYaml(dir));
    const cases: Array<[string[], number, RegExp]> = [
      [['report', 'monthly', '--config', noProm, '--client', 'acme', '--month', MONTH], 2, /no Prometheus configured: set reports.prometheus_url/],
      [['report', 'pages', '--config', noProm, '--client', 'acme', '--month', MONTH], 2, /no Prometheus configured/],
      [['report', 'monthly', '--config', configFile, '--client', 'initech', '--month', MONTH], 2, /no device of client "initech" in the config \(clients: acme, globex\)/],
      [['report', 'monthly', '--config', configFile, '--client', 'acme', '--month', '2026-13'], 2, /month: expected YYYY-MM/],
      [['report', 'pages', '--config', configFile, '--client', 'acme', '--month', MONTH, '--format', 'xlsx'], 2, /format: expected csv/],
      [['report', 'monthly', '--config', configFile, '--client', 'acme', '--month', MONTH, '--prometheus', `http://127.0.0.1:${closedPort}`], 1, new RegExp(`^quarkpulse: Prometheus at http://127.0.0.1:${closedPort} is not reachable \\(ECONNREFUSED\\)\n$`)],
    ];
    for (const [args, code, message] of cases) {
      const r = await runCli(args);
      expect({ args: args.join(' '), code: r.code }).toEqual({ args: args.join(' '), code });
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 120_000);

  describe('HTTP', () => {
    let server: HttpServerHandle;
    beforeAll(async () => {
      const app = createHttpApp({
        logger: silentLogger,
        registry: new Registry(),
        store: new MemoryResultStore(),
        probes: builtinProbeRegistry,
        config: () => config,
        readiness: async () => ({ ready: true, checks: {} }),
        reports: { config: () => config, configHistory: () => openConfigHistory(config), dir: () => config.reports!.dir },
      });
      server = await startHttpServer(app, '127.0.0.1:0');
    });
    afterAll(async () => {
      await server?.close();
    });

    it('GET /api/reports/monthly and /api/reports/pages: 401 without the token, the report with it', async () => {
      const q = `client=acme&month=${MONTH}`;
      expect((await fetch(`${server.url}/api/reports/monthly?${q}`)).status).toBe(401);
      expect((await fetch(`${server.url}/api/reports/pages?${q}`)).status).toBe(401);
      const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
      const res = await fetch(`${server.url}/api/reports/monthly?${q}`, auth);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('x-prometheus-queries')).toBe('10');
      const html = await res.text();
      expect(html).toContain('<h1 data-role="client">acme</h1>');
      expect(html).toContain(`data-role="overall-availability">${((reports.acme.availability.overall ?? 0) * 100).toFixed(2)} %<`);
      const json = (await (await fetch(`${server.url}/api/reports/monthly?${q}&format=json`, auth)).json()) as MonthlyReport;
      expect({ ...json, generatedAtMs: 0 }).toEqual(JSON.parse(JSON.stringify({ ...reports.acme, generatedAtMs: 0 })));
      const csv = await fetch(`${server.url}/api/reports/pages?${q}`, auth);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      expect((await csv.text()).split('\r\n')[1]).toMatch(/^acme-printer-1,HP LaserJet M404,120000,/);
      const bad = await fetch(`${server.url}/api/reports/monthly?client=nobody&month=${MONTH}`, auth);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/no device of client "nobody"/);
      expect((await fetch(`${server.url}/api/reports/monthly?client=acme&month=oct`, auth)).status).toBe(400);
    });

    it('the scheduled writer (injected clock) writes each client\'s report once; the status page lists and serves them', async () => {
      const reportsDir = config.reports!.dir;
      const render = jest.fn(async (client: string) => {
        const r = await buildMonthlyReport(config, { client, month, api: prometheusFor(config), registry: builtinProbeRegistry, nowMs: Date.UTC(2026, 10, 1, 0, 20), configs: await openConfigHistory(config) });
        return { html: renderMonthlyHtml(r), md: `# ${client}\n` };
      });
      const clock = () => Date.UTC(2026, 10, 1, 0, 20);
      const opts = { dir: () => reportsDir, time: () => '00:15', clients: () => ['acme', 'globex'], render, logger: silentLogger, now: clock };
      const schedule = scheduleMonthly(opts);
      await schedule.idle();
      schedule.stop();
      expect(render).toHaveBeenCalledTimes(2);
      expect(readdirSync(path.join(reportsDir, MONTH)).sort()).toEqual(['acme.html', 'acme.md', 'globex.html', 'globex.md']);
      expect(schedule.next()).toBe(Date.UTC(2026, 11, 1, 0, 15));
      // Again (a restart, the next check): nothing due is missing, nothing rewritten.
      expect(await writeDueReports(opts)).toEqual({ month: MONTH, written: [], failed: [] });
      expect(render).toHaveBeenCalledTimes(2);

      const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
      const status = await (await fetch(`${server.url}/`, auth)).text();
      expect(status).toContain(`href="reports/monthly/${MONTH}/acme.html"`);
      expect(status).toContain(`href="reports/monthly/${MONTH}/globex.html"`);
      const file = await fetch(`${server.url}/reports/monthly/${MONTH}/acme.html`, auth);
      expect(file.status).toBe(200);
      expect(await file.text()).toContain('<h1 data-role="client">acme</h1>');
      const anonymous = await fetch(`${server.url}/reports/monthly/${MONTH}/acme.html`, { redirect: 'manual' });
      expect(anonymous.status).toBe(303);
      expect((await fetch(`${server.url}/reports/monthly/${MONTH}/..%2F..%2Fetc%2Fpasswd`, auth)).status).toBe(404);
    });
  });

  it('the daemon in the scheduler role writes the due month\'s reports at start (catch-up) and lists them on its status page', async () => {
    const due = dueMonth(Date.now(), '00:15').id;
    const daemonDir = path.join(dir, 'daemon');
    mkdirSync(daemonDir);
    const file = path.join(daemonDir, 'quarkpulse.yml');
    writeFileSync(file, configYaml(dir, prom!.url).replace(`dir: ${path.join(dir, 'monthly')}`, `dir: ${path.join(daemonDir, 'monthly')}`));
    const parts: DaemonParts = {
      probes: builtinProbeRegistry,
      createQueue: () => new InProcessQueue({ logger: silentLogger }),
      createStore: () => new MemoryResultStore(),
      createHandler: (deps) => createJobHandler(deps),
      createAlerting: (cfg, deps) => createAlerting(cfg, { ...deps, stateStore: new MemoryStateStore() }),
      startLab: async () => undefined,
    };
    let daemon: Daemon | undefined;
    try {
      daemon = await startDaemon({ config: await loadConfig(file, {}), roles: ['scheduler', 'http'], logger: silentLogger, parts, loadConfig: (f) => loadConfig(f, {}) });
      const written = path.join(daemonDir, 'monthly', due);
      await waitFor(() => {
        try {
          return readdirSync(written).filter((f) => f.endsWith('.html')).length === 2 || undefined;
        } catch {
          return undefined;
        }
      }, `the ${due} reports`, 60_000);
      expect(readdirSync(written).sort()).toEqual(['acme.html', 'acme.md', 'globex.html', 'globex.md']);
      const status = await (await fetch(`${daemon.url}/`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      expect(status).toContain(`href="reports/monthly/${due}/acme.html"`);
    } finally {
      await daemon?.close();
    }
  }, 90_000);

  describe('in a browser', () => {
    let browser: Browser | undefined;
    afterAll(async () => {
      await browser?.close();
    });

    itWith(['chromium'], 'the HTML report renders without any request, screenshot kept in test-output/', async () => {
      browser = await chromium.launch({ executablePath: binPath('chromium'), args: ['--no-sandbox'] });
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && !r.url().startsWith('file:')) requests.push(r.url());
      });
      const file = path.join(OUT, 'monthly-report.html');
      writeFileSync(file, renderMonthlyHtml(reports.acme));
      await page.goto(`file://${file}`);
      expect(await page.textContent('[data-role="client"]')).toBe('acme');
      expect(await page.textContent('[data-role="overall-availability"]')).toBe(`${((reports.acme.availability.overall ?? 0) * 100).toFixed(2)} %`);
      expect(await page.locator('table[data-role="outages"] tbody tr').count()).toBe(3);
      expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(3);
      await page.screenshot({ path: path.join(OUT, 'monthly-report.png'), fullPage: true });
      // globex: an outage still open at the month's end, a device without data, config changes and coverage.
      const globex = path.join(OUT, 'monthly-report-globex.html');
      writeFileSync(globex, renderMonthlyHtml(reports.globex));
      await page.goto(`file://${globex}`);
      expect(await page.textContent('[data-role="backup-coverage"]')).toContain('1 of 2');
      await page.screenshot({ path: path.join(OUT, 'monthly-report-globex.png'), fullPage: true });
      expect(requests).toEqual([]);
    }, 60_000);

    itWith(['chromium', 'pdftoppm'], 'report monthly --format pdf: a PDF whose pages pdftoppm renders', async () => {
      const pdf = path.join(dir, 'acme.pdf');
      const r = await runCli(['report', 'monthly', '--config', configFile, '--client', 'acme', '--month', MONTH, '--format', 'pdf', '--output', pdf], { env: { QP_CHROMIUM: binPath('chromium') }, timeoutMs: 90_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const png = spawnSync(binPath('pdftoppm'), ['-png', '-r', '50', pdf, path.join(dir, 'page')], { encoding: 'utf8' });
      expect(png.status).toBe(0);
      const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f)).sort();
      expect(pages).toHaveLength(EXPECTED_PDF_PAGES);
      writeFileSync(path.join(OUT, 'monthly-report-pdf-page1.png'), readFileSync(path.join(dir, pages[0])));
    }, 120_000);

    it('--format pdf without Chromium: one line, exit 2', async () => {
      const r = await runCli(['report', 'monthly', '--config', configFile, '--client', 'acme', '--month', MONTH, '--format', 'pdf', '--output', path.join(dir, 'x.pdf')], { env: { QP_CHROMIUM: '', PATH: '/nonexistent' } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^quarkpulse: --format pdf needs Chromium: install it/);
    });
  });
});

/** The acme report on A4 (Chromium's default paper): summary, availability, printing and supplies, network, alerts. */
const EXPECTED_PDF_PAGES = 3;
