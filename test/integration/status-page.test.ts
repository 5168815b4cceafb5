/**
 * The status page as a person sees it: headless Chromium (Debian's, driven by playwright-core)
 * against `quarkpulse run` on the bundled lab. Every lab device with the state the availability
 * rule gives it, supply bars as wide as the metrics say, a forced alert shown and gone after it
 * resolves, and the alert's generatorURL opening the device page. Screenshots, page weight and
 * render time go to test-output/.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/cli';
import { getJson, LAB_DEVICES, parseExposition, startLabDaemon, type LabDaemon } from '../helpers/lab-daemon';
import { waitFor } from '../helpers/prom-stack';
import { binPath, describeWith } from '../helpers/requires';

const OUTPUT = path.join(REPO_ROOT, 'test-output');
/** The flags this machine's closed network needs (no background connections, no QUIC). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FORCED = 'StatusPageTestAlert';

interface PageTiming {
  transferBytes: number;
  bodyBytes: number;
  domContentLoadedMs: number;
  loadMs: number;
  firstContentfulPaintMs: number | null;
  resources: string[];
}

interface AlertJson {
  state: string;
  labels: Record<string, string>;
  generatorURL: string;
}

describeWith(['chromium'], 'status page in headless Chromium', () => {
  let lab: LabDaemon;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    lab = await startLabDaemon({
      lab: 'in-process',
      // A device nobody answers for (no ping either, or 127.0.0.1 would answer it): the page must show it down.
      extraDevices: [{ name: 'lab-gone', client: 'demo', site: 'annex', kind: 'other', address: '127.0.0.1', snmp: { community: 'no-such-recording', timeout: '300ms', retries: 0 }, icmp: { enabled: false } }],
      rules: [{ name: FORCED, metric: 'quarkpulse_device_up', match: { device: 'lab-router' }, op: '==', threshold: 1, for: '0s', severity: 'warning', summary: 'forced by the status page test' }],
    });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: binPath('chromium'), headless: true, args: CHROMIUM_ARGS, viewport: { width: 1600, height: 1000 } });
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('lists every lab device with the state of the availability rule', async () => {
    const expected = { ...Object.fromEntries(LAB_DEVICES.map((d) => [d, 'up'])), 'lab-gone': 'down' };
    let states: Record<string, string> = {};
    await waitFor(async () => {
      const { devices } = await getJson<{ devices: Array<{ device: string; up: boolean | null }> }>(`${lab.url}/api/devices`);
      states = Object.fromEntries(devices.map((d) => [d.device, d.up === null ? 'unknown' : d.up ? 'up' : 'down']));
      return JSON.stringify(states) === JSON.stringify(expected) || undefined;
    }, 'every device polled', 30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; states: ${JSON.stringify(states)}`);
    });

    const started = Date.now();
    const response = await page.goto(`${lab.url}/`, { waitUntil: 'load' });
    const wallMs = Date.now() - started;
    expect(response?.status()).toBe(200);
    const shown = await page.$$eval('.card[data-device]', (cards) => Object.fromEntries(cards.map((c) => [c.getAttribute('data-device'), c.getAttribute('data-state')])));
    expect(shown).toEqual(expected);
    // Grouped client → site → devices.
    expect(await page.$$eval('section.client h3', (hs) => hs.map((h) => h.textContent))).toEqual(['lab', 'annex']);

    // Page weight and render time, for the record.
    // Evaluated in the page (this project compiles without the DOM library, hence a string).
    const timing = await page.evaluate<PageTiming>(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return { transferBytes: nav.transferSize, bodyBytes: nav.decodedBodySize, domContentLoadedMs: nav.domContentLoadedEventEnd, loadMs: nav.loadEventEnd,
        firstContentfulPaintMs: paint ? paint.startTime : null, resources: performance.getEntriesByType('resource').map((r) => r.name) };
    })()`);
    // No script, stylesheet, font or image to fetch: the page is one self-contained document.
    expect(timing.resources).toEqual([]);
    expect(timing.bodyBytes).toBeLessThan(100_000);
    fs.writeFileSync(path.join(OUTPUT, 'status-page-metrics.json'), `${JSON.stringify({ ...timing, wallMs }, null, 2)}\n`);
    await page.screenshot({ path: path.join(OUTPUT, 'status-overview.png'), fullPage: true });
  }, 60_000);

  it('draws every supply bar of the printer as wide as its level ratio', async () => {
    // "Up" (the first test's wait) may come from ping alone while the printer's first SNMP poll
    // failed on a loaded machine: wait for its supplies to be in /metrics.
    const ratios = await waitFor(async () => {
      const metrics = await (await fetch(`${lab.url}/metrics`)).text();
      const found = parseExposition(metrics, 'quarkpulse_printer_supply_level_ratio').filter((s) => s.labels.device === 'lab-printer');
      return found.length >= 5 ? found : undefined;
    }, 'the lab printer\'s supply levels in /metrics', 30_000);
    expect(ratios.length).toBeGreaterThanOrEqual(5);
    await page.goto(`${lab.url}/`);
    for (const r of ratios) {
      const bar = page.locator(`.card[data-device="lab-printer"] .supply[data-supply-index="${r.labels.supply_index}"]`);
      const track = await bar.locator('.bar').boundingBox();
      const fill = await bar.locator('.fill').boundingBox();
      if (!track || !fill) throw new Error(`supply ${r.labels.supply_index} not drawn`);
      // The track has a 1 px border on each side.
      // The lab printer uses toner (a unit per 5 s): a poll between /metrics and the page may move a level by 1 %.
      expect({ supply: r.labels.supply, withinOnePercent: Math.abs(fill.width / (track.width - 2) - r.value) <= 0.015 }).toEqual({ supply: r.labels.supply, withinOnePercent: true });
    }
    // The black toner at 6 % is marked low, and the printer's low-toner condition is shown.
    const low = await page.$$eval('.card[data-device="lab-printer"] .supply.low .name', (els) => els.map((e) => e.textContent));
    expect(low.length).toBeGreaterThan(0);
    expect(await page.locator('.card[data-device="lab-printer"] [data-role="condition"]').allTextContents()).toContain('low toner');
  }, 60_000);

  it('shows a firing alert, opens its device page from the generatorURL, and drops it once resolved', async () => {
    const firing = await waitFor(async () => {
      const { alerts } = await getJson<{ alerts: AlertJson[] }>(`${lab.url}/api/alerts?state=firing`);
      return alerts.find((a) => a.labels.alertname === FORCED);
    }, 'forced alert firing', 20_000);
    await page.goto(`${lab.url}/`);
    const row = page.locator(`#alerts-table tr[data-alert="${FORCED}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('forced by the status page test');
    expect(await row.getAttribute('data-device')).toBe('lab-router');

    expect(firing.generatorURL).toBe(`${lab.url}/devices/lab-router`);
    const res = await page.goto(firing.generatorURL);
    expect(res?.status()).toBe(200);
    expect(await page.locator('main').getAttribute('data-device')).toBe('lab-router');
    expect(await page.locator(`#device-alerts tr[data-alert="${FORCED}"]`).count()).toBe(1);
    // The link on the overview leads to the same page.
    await page.goto(`${lab.url}/`);
    await row.locator('a').click();
    expect(new URL(page.url()).pathname).toBe('/devices/lab-router');

    await lab.reconfigure((config) => {
      (config.alerting as { rules: unknown[] }).rules = [];
    });
    await waitFor(async () => {
      const { alerts } = await getJson<{ alerts: AlertJson[] }>(`${lab.url}/api/alerts`);
      return alerts.some((a) => a.labels.alertname === FORCED && a.state === 'resolved') || undefined;
    }, 'forced alert resolved', 20_000);
    await page.goto(`${lab.url}/`);
    expect(await page.locator(`#alerts-table tr[data-alert="${FORCED}"]`).count()).toBe(0);
    expect(await page.locator('[data-role="no-alerts"]').count()).toBe(1);
  }, 60_000);

  it('renders a device page with probes, interfaces and supplies, readable on a phone', async () => {
    await page.goto(`${lab.url}/devices/lab-switch`);
    expect(await page.locator('#interfaces tr[data-ifindex]').count()).toBe(9);
    expect(await page.locator('#probes tr[data-probe="snmp"]').textContent()).toContain('ok');
    await page.goto(`${lab.url}/devices/lab-printer`);
    expect(await page.locator('#supplies .supply').count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: path.join(OUTPUT, 'status-device-lab-printer.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${lab.url}/`);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(OUTPUT, 'status-overview-phone.png'), fullPage: true });
  }, 30_000);
});
