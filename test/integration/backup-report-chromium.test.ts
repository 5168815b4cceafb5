/**
 * The weekly config-diff review as HTML, from a store with a week of changes across 3 clients,
 * opened in a real headless Chromium: it renders without a single network request (inline CSS,
 * no external assets), shows every client and diff, and a screenshot is kept under test-output/.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { GitConfigStore } from '../../src/backup/git-store';
import { BackupOwner } from '../../src/backup/owner';
import { renderHtml } from '../../src/backup/render-html';
import { buildConfigDiffReport } from '../../src/backup/report';
import { silentLogger } from '../../src/log';
import { binPath, describeWith } from '../helpers/requires';
import { deviceTarget } from '../helpers/targets';

/** The browser's globals, typed here: this project's TypeScript has no DOM library. */
interface BrowserGlobals {
  getComputedStyle(el: unknown): { backgroundColor: string };
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

const OUT = path.resolve(__dirname, '../../test-output');
const DAY = 86_400_000;

const CLIENTS = {
  acme: ['acme-core-1', 'acme-fw-1'],
  globex: ['globex-sw-1', 'globex-rtr-1'],
  initech: ['initech-sw-1', 'initech-ap-ctl'],
};

function config(device: string, vlan: number, extra: string[] = []): string {
  return [`hostname ${device}`, '!', `vlan ${vlan}`, ` name users-${vlan}`, '!', 'interface GigabitEthernet1/0/1', ' description uplink', ' switchport mode trunk', ...extra, 'snmp-server community <removed> RO', 'end', ''].join('\n');
}

describeWith(['chromium'], 'weekly config-diff report in headless Chromium', () => {
  let dir: string;
  let browser: BrowserContext | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-report-html-'));
    mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders a week of changes of 3 clients with no network request; screenshot kept', async () => {
    const devices = Object.entries(CLIENTS).flatMap(([client, names]) => names.map((n) => deviceTarget(n, { client, site: 'hq', ssh: { profile: 'cisco_ios', port: 22, username: 'backup' } })));
    devices.push(deviceTarget('initech-new-sw', { client: 'initech', ssh: { profile: 'cisco_ios', port: 22, username: 'backup' } }));
    const owner = new BackupOwner({ store: new GitConfigStore(path.join(dir, 'configs')), logger: silentLogger, devices: () => devices });
    await owner.open();
    const now = Date.now();
    const weekAgo = now - 7 * DAY;
    let i = 0;
    for (const names of Object.values(CLIENTS)) {
      for (const device of names) {
        i++;
        // A baseline before the week, then changes during it (one approved, the latest not).
        await owner.accept({ device, client: devices.find((d) => d.name === device)!.client, site: 'hq', probe: 'ssh', fetchedAtMs: weekAgo - DAY, config: { profile: 'cisco_ios', text: config(device, 10) } });
        await owner.accept({ device, client: devices.find((d) => d.name === device)!.client, site: 'hq', probe: 'ssh', fetchedAtMs: weekAgo + i * 0.5 * DAY, config: { profile: 'cisco_ios', text: config(device, 20) } });
        if (i % 2 === 0) await owner.approve(device);
        await owner.accept({
          device,
          client: devices.find((d) => d.name === device)!.client,
          site: 'hq',
          probe: 'ssh',
          fetchedAtMs: weekAgo + (i + 1) * 0.5 * DAY + 3_600_000,
          config: { profile: 'cisco_ios', text: config(device, 20, [` ip access-group guest-${i} in`]) },
        });
      }
    }
    await owner.accept({ device: 'globex-rtr-1', client: 'globex', site: 'hq', probe: 'ssh', fetchedAtMs: now - DAY, error: { kind: 'auth', message: 'All configured authentication methods failed' } });
    const report = await buildConfigDiffReport({ store: owner.store, devices, status: (d) => owner.status(d), sinceMs: weekAgo, nowMs: now });
    const html = renderHtml(report);
    expect(html).not.toMatch(/<link|<script|<style|https?:\/\//i);
    const file = path.join(OUT, 'config-diff-report.html');
    writeFileSync(file, html);

    // A fresh profile directory per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: binPath('chromium'),
      headless: true,
      viewport: { width: 1000, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`);
    expect(requests).toEqual([`file://${file}`]);
    const text = await page.innerText('body');
    for (const client of Object.keys(CLIENTS)) expect(text).toContain(`Client ${client}`);
    for (const names of Object.values(CLIENTS)) for (const n of names) expect(text).toContain(n);
    expect(text).toContain('+ ip access-group guest-1 in');
    expect(text).toContain('not approved');
    expect(text).toContain('auth: All configured authentication methods failed');
    expect(text).toMatch(/Never backed up\s+initech-new-sw/);
    // Added lines are green, removed red: the inline styles reached the rendering.
    const added = await page.locator('span', { hasText: '+ ip access-group guest-1 in' }).first().evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor);
    expect(added).toBe('rgb(218, 251, 225)');
    // Fits a mail client's width: nothing wider than the page container but the diffs' own scroll boxes.
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as BrowserGlobals).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    const shot = path.join(OUT, 'config-diff-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  }, 90_000);
});
