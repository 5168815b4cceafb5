/**
 * The dashboards against a real Prometheus scraping `quarkpulse run` on the lab, with the shipped
 * rules loaded (their `for` set to 0s so alerts need not wait): every PromQL expression of every
 * panel, template variables substituted, parses and returns data — the alert list and the wall's
 * "interfaces down" tile included. A panel that lists problems is empty on a healthy lab only
 * where this file says why, and then its metrics must still be there. The wall's interfaces-down
 * count is 0 with the lab as recorded and 1 once the switch's uplink goes down.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT } from '../helpers/cli';
import { expressions, loadDashboards, str, type Expr } from '../helpers/dashboards';
import { startLabDaemon, type LabDaemon } from '../helpers/lab-daemon';
import { BIN, runTool, startPrometheus, waitFor, type ManagedProcess } from '../helpers/prom-stack';
import { describeWith } from '../helpers/requires';

const SHIPPED_RULES = path.join(REPO_ROOT, 'config/prometheus/quarkpulse-alerts.yml');

/**
 * Panels that list problems, with why they are empty on this lab. Everything else must return
 * data. (The lab has a down device, a printer low on toner and down access ports on purpose.)
 */
const EMPTY_WHEN_HEALTHY: Record<string, string> = {
  'Devices losing packets': 'pings to 127.0.0.1 lose nothing',
  Errors: 'the recordings are fixed: no error counter moves',
  Discards: 'the recordings are fixed: no discard counter moves',
  'Supplies without a level ratio': 'the lab printer reports a level ratio for every supply',
  'Config drift': 'no lab config has changed since its first (approved) backup',
  'Backups refused': 'no lab device has a changed host key or a config blocked for a secret',
};

/** Series that exist only while something is wrong (the metric cannot exist on a healthy lab). */
const NO_SUCH_METRIC_HERE = ['quarkpulse_config_secret_leak_blocked', 'quarkpulse_icmp_packet_loss_ratio'];

interface QueryAnswer {
  status: string;
  error?: string;
  data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

/** Dashboard variables → what Grafana would send with "All" selected and a 5 minute range. */
function substitute(expr: string): string {
  return expr
    .replace(/\$\{?__rate_interval\}?/g, '30s')
    .replace(/\$\{?__(?:interval|range)\}?/g, '5m')
    .replace(/\$\{([a-zA-Z_][a-zA-Z0-9_]*)(?::[a-z]+)?\}|\$([a-zA-Z_][a-zA-Z0-9_]*)/g, '.*');
}

function panelTitle(where: string): string {
  return /panel \d+ "([^"]*)"/.exec(where)?.[1] ?? '';
}

describeWith(['prometheus', 'promtool'], 'dashboards against a real Prometheus scraping the lab', () => {
  let lab: LabDaemon;
  let prom: { proc: ManagedProcess; url: string };
  let dir: string;

  const query = async (expr: string): Promise<QueryAnswer> => {
    const res = await fetch(`${prom.url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: expr }), signal: AbortSignal.timeout(10_000) });
    return (await res.json()) as QueryAnswer;
  };
  const value = async (expr: string): Promise<number | undefined> => {
    const r = await query(expr);
    return r.data?.result.length === 1 ? Number(r.data.result[0].value[1]) : undefined;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-dash-prom-'));
    lab = await startLabDaemon({
      lab: 'separate',
      extraDevices: [{ name: 'lab-gone', client: 'demo', site: 'annex', kind: 'other', address: '127.0.0.1', snmp: { community: 'no-such-recording', timeout: '300ms', retries: 0 }, icmp: { enabled: false } }],
    });
    // The shipped rules, unchanged but for `for` (no 5-minute waits in a test).
    fs.writeFileSync(path.join(dir, 'rules.yml'), fs.readFileSync(SHIPPED_RULES, 'utf8').replace(/^(\s+for:) .*$/gm, '$1 0s'));
    fs.writeFileSync(
      path.join(dir, 'prometheus.yml'),
      stringifyYaml({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: ['rules.yml'],
        scrape_configs: [{ job_name: 'quarkpulse', static_configs: [{ targets: [new URL(lab.url).host] }] }],
      }),
    );
    prom = await startPrometheus({ configFile: path.join(dir, 'prometheus.yml'), storageDir: path.join(dir, 'data') });
    // Rules evaluated on real data, and enough scrapes for rate() over 30 s.
    await waitFor(async () => ((await value('count(ALERTS{alertname="PrinterSupplyLow"})')) === 1 ? true : undefined), 'rules evaluated on lab data', 60_000, 500);
    await waitFor(async () => ((await value('count_over_time(quarkpulse_workers[30s])')) ?? 0) >= 10 || undefined, 'ten scrapes', 60_000, 500);
    // The lab printer uses toner (a unit per 5 s, config/lab/lab-printer.snmprec): the forecast needs a drop of more than 3 units.
    await waitFor(async () => ((await value('count(quarkpulse_printer_supply_days_left{device="lab-printer"})')) ?? 0) >= 1 || undefined, 'a supply forecast', 60_000, 500);
    // The lab's three SSH devices backed up at least once (every 5 s here).
    await waitFor(async () => ((await value('count(quarkpulse_config_backup_last_success_timestamp_seconds)')) ?? 0) >= 3 || undefined, 'lab backups', 60_000, 500);
  }, 150_000);

  afterAll(async () => {
    await prom?.proc.stop();
    await lab?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('promtool check rules passes on the shipped rules file', async () => {
    const { code, output } = await runTool(BIN.promtool, ['check', 'rules', SHIPPED_RULES]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('every expression of every panel parses and returns data', async () => {
    const all: Expr[] = loadDashboards().flatMap((d) => expressions(d));
    expect(all.length).toBeGreaterThan(60);
    const problems: string[] = [];
    const empty: string[] = [];
    for (const { where, expr } of all) {
      const q = substitute(expr);
      const answer = await query(q);
      if (answer.status !== 'success') {
        problems.push(`${where}: ${answer.error ?? answer.status}`);
        continue;
      }
      if ((answer.data?.result.length ?? 0) > 0) continue;
      const reason = EMPTY_WHEN_HEALTHY[panelTitle(where)];
      if (!reason) {
        problems.push(`${where}: no data (${q})`);
        continue;
      }
      empty.push(`${where}: ${reason}`);
      // Empty because of the filter, not because a metric is missing.
      for (const metric of new Set(q.match(/\bquarkpulse_[a-zA-Z0-9_]+/g) ?? [])) {
        if (NO_SUCH_METRIC_HERE.some((p) => metric.startsWith(p))) continue;
        if ((await query(`count(${metric})`)).data?.result.length !== 1) problems.push(`${where}: metric ${metric} missing`);
      }
    }
    expect(problems).toEqual([]);
    // The exceptions are few and all named above (11 expressions of 6 panels).
    expect(empty.length).toBeLessThanOrEqual(11);
  }, 120_000);

  it('the NOC wall lists the firing alerts from the shipped rules', async () => {
    const noc = loadDashboards().find((d) => d.file === 'quarkpulse-noc-overview.json');
    const panel = noc?.panels.find((p) => str(p.title) === 'Firing alerts');
    const expr = panel ? expressions({ ...noc!, panels: [panel], variables: [] })[0]?.expr : undefined;
    expect(expr).toContain('ALERTS{alertstate="firing"');
    const names = ((await query(substitute(expr ?? ''))).data?.result ?? []).map((r) => `${r.metric.alertname} ${r.metric.device}`);
    expect(names).toEqual(expect.arrayContaining(['PrinterSupplyLow lab-printer', 'DeviceDown lab-gone']));
  });

  it('the wall counts 0 interfaces down with the lab as recorded, 1 once the uplink goes down', async () => {
    const noc = loadDashboards().find((d) => d.file === 'quarkpulse-noc-overview.json');
    const tile = noc?.panels.find((p) => str(p.title).startsWith('Interfaces down'));
    const expr = tile ? substitute(expressions({ ...noc!, panels: [tile], variables: [] })[0]?.expr ?? '') : '';
    expect(expr).toContain('InterfaceDown');
    // The lab has admin-up, oper-down access ports on three devices; none was ever in use.
    expect(await value('count(max by (device, ifindex) (quarkpulse_interface_admin_up == 1) and on (device, ifindex) (quarkpulse_interface_oper_up == 0))')).toBeGreaterThanOrEqual(4);
    expect(await value(expr)).toBe(0);

    // ifOperStatus.1 of the switch (alias "uplink lab-router ether2", important_interfaces [1]) → down(2).
    await lab.editRecording('lab-switch', (text) => text.replace(/^1\.3\.6\.1\.2\.1\.2\.2\.1\.8\.1\|2\|1$/m, '1.3.6.1.2.1.2.2.1.8.1|2|2'));
    await waitFor(async () => ((await value(expr)) === 1 ? true : undefined), 'wall count 1', 30_000, 500);
    const alerts = (await query('ALERTS{alertname="InterfaceDown"}')).data?.result.map((r) => `${r.metric.device} ${r.metric.ifindex}`);
    expect(alerts).toEqual(['lab-switch 1']);
    // quarkpulse's own engine agrees: the same rule, the same port.
    await waitFor(async () => {
      const res = (await (await fetch(`${lab.url}/api/alerts?state=pending,firing`)).json()) as { alerts: Array<{ labels: Record<string, string> }> };
      const mine = res.alerts.filter((a) => a.labels.alertname === 'InterfaceDown').map((a) => `${a.labels.device} ${a.labels.ifindex}`);
      return mine.length === 1 && mine[0] === 'lab-switch 1' ? true : undefined;
    }, 'engine InterfaceDown on lab-switch 1', 30_000, 500);
  }, 90_000);
});
