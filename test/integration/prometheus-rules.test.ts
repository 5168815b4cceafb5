/**
 * The exported rules file: promtool accepts it, promtool unit tests prove the PromQL semantics
 * (hysteresis, supplies running out, toner bits vs. ratios), and a REAL Prometheus scraping samples
 * decoded from real printer recordings fires the printer rules.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { prometheusRulesYaml } from '../../src/alerts/prometheus-rules';
import { alertingSchema } from '../../src/config/alerting';
import type { DeviceTarget } from '../../src/inventory/types';
import { CLI, runCli } from '../helpers/cli';
import { freeTcpPort, freeUdpPort } from '../helpers/ports';
import { recordingsDir } from '../helpers/recordings';
import { loadConfig } from '../../src/inventory/load';
import { BIN, runTool, startPrometheus, waitFor, type ManagedProcess } from '../helpers/prom-stack';
import { describeWith } from '../helpers/requires';

const SHIPPED_RULES = path.resolve(__dirname, '../../config/prometheus/quarkpulse-alerts.yml');

function device(name: string, client: string, extra: Partial<DeviceTarget> = {}): DeviceTarget {
  return {
    name,
    client,
    site: 'hq',
    kind: 'printer',
    address: '127.0.0.1',
    intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 86_400_000 },
    probeTimeoutMs: 10_000,
    importantInterfaces: [],
    ...extra,
  };
}

describeWith(['prometheus', 'promtool'], 'Prometheus rules export', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-prom-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the committed config/prometheus/quarkpulse-alerts.yml is the current export and passes promtool', async () => {
    expect(readFileSync(SHIPPED_RULES, 'utf8')).toBe(prometheusRulesYaml(alertingSchema.parse({})));
    const { code, output } = await runTool(BIN.promtool, ['check', 'rules', SHIPPED_RULES]);
    expect(output).toMatch(/SUCCESS: 21 rules found/);
    expect(code).toBe(0);
  });

  it('`quarkpulse rules export` prints the export, with the config\'s overrides when given', async () => {
    const plain = await runCli(['rules', 'export']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(prometheusRulesYaml(alertingSchema.parse({})));

    const cfgDir = path.join(dir, 'project', 'config');
    mkdirSync(cfgDir, { recursive: true });
    const cfgFile = path.join(cfgDir, 'quarkpulse.yml');
    writeFileSync(
      cfgFile,
      [
        'devices:',
        '  - { name: lobby, client: acme, kind: printer, address: 127.0.0.1, snmp: { version: 2c, community: public } }',
        '  - { name: core, client: acme, kind: switch, address: 127.0.0.1, snmp: { version: 2c, community: public } }',
        'alerting:',
        '  overrides:',
        '    - { client: acme, rule: PrinterSupplyLow, threshold: 0.2 }',
        '',
      ].join('\n'),
    );
    const withConfig = await runCli(['rules', 'export', '--config', cfgFile]);
    expect(withConfig.stderr).toBe('');
    expect(withConfig.code).toBe(0);
    const config = await loadConfig(cfgFile);
    expect(withConfig.stdout).toBe(prometheusRulesYaml(config.alerting, { devices: config.devices }));
    expect(withConfig.stdout).toContain('quarkpulse_printer_supply_level_ratio{device=~"lobby|core"} < 0.2');
    const file = path.join(dir, 'from-cli.yml');
    writeFileSync(file, withConfig.stdout);
    const check = await runTool(BIN.promtool, ['check', 'rules', file]);
    expect(check.output).toContain('SUCCESS');

    writeFileSync(cfgFile, 'devices: []\nalerting:\n  rules:\n    - { name: X, metric: quarkpulse_nope, op: ">", threshold: 1, summary: x }\n');
    const bad = await runCli(['rules', 'export', '--config', cfgFile]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('alerting.rules[0].metric: unknown metric "quarkpulse_nope"');
  });

  it('an export with per-client/device overrides, parents and important interfaces passes promtool', async () => {
    const cfg = alertingSchema.parse({
      overrides: [
        { client: 'acme', rule: 'PrinterSupplyLow', threshold: 0.2 },
        { device: 'lobby', rule: 'PrinterPaperJam', disabled: true },
        { device: 'core', rule: 'InterfaceDown', severity: 'warning', for: '10m' },
      ],
      rules: [{ name: 'FuserWorn', metric: 'quarkpulse_printer_supply_level_ratio', match: { supply_type: 'fuser' }, match_re: { supply: 'Fuser.*|fus\\.er' }, op: '<', threshold: 0.05, summary: '{{ $labels.device }} fuser' }],
    });
    const file = path.join(dir, 'overrides.yml');
    writeFileSync(
      file,
      prometheusRulesYaml(cfg, {
        devices: [device('lobby', 'acme'), device('p2', 'beta'), device('core', 'acme', { kind: 'switch', importantInterfaces: ['Gi0/1', '24'] }), device('sw', 'acme', { kind: 'switch', parent: 'core' })],
      }),
    );
    const { code, output } = await runTool(BIN.promtool, ['check', 'rules', file]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('promtool unit tests: hysteresis holds a hovering value, the forecast warns a week ahead, toner bits only without ratios', async () => {
    writeFileSync(path.join(dir, 'rules.yml'), prometheusRulesYaml(alertingSchema.parse({})));
    const p1 = 'client="acme",device="p1",site="hq"';
    const supply = `supply_index="1.1",supply="Black Toner",supply_type="toner",color="black"`;
    const tests = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            // 0.14/0.16 around the 0.15 threshold, then 0.19 (inside the band), then 0.21 (past the 0.2 clear level).
            { series: `quarkpulse_printer_supply_level_ratio{${p1},${supply}}`, values: '0.14 0.16 0.14 0.16 0.14 0.16 0.14 0.16 0.19 0.21 0.21 0.21' },
            { series: `quarkpulse_printer_error{${p1},condition="low_toner"}`, values: '1x12' },
            { series: `quarkpulse_printer_error{client="acme",device="p2",site="hq",condition="low_toner"}`, values: '1x12' },
          ],
          alert_rule_test: [
            { eval_time: '4m', alertname: 'PrinterSupplyLow', exp_alerts: [] },
            {
              eval_time: '6m',
              alertname: 'PrinterSupplyLow',
              exp_alerts: [
                {
                  exp_labels: { alertname: 'PrinterSupplyLow', severity: 'warning', client: 'acme', device: 'p1', site: 'hq', supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' },
                  exp_annotations: {
                    summary: 'p1: Black Toner is low (14%)',
                    description: 'Black Toner (toner) on printer p1 of acme is at 14%.',
                  },
                },
              ],
            },
            {
              eval_time: '8m',
              alertname: 'PrinterSupplyLow',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', client: 'acme', device: 'p1', site: 'hq', supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' },
                  exp_annotations: { summary: 'p1: Black Toner is low (19%)', description: 'Black Toner (toner) on printer p1 of acme is at 19%.' },
                },
              ],
            },
            { eval_time: '10m', alertname: 'PrinterSupplyLow', exp_alerts: [] },
            // p1 reports a ratio: its low_toner bit is not an alert; p2 reports none: it is.
            {
              eval_time: '6m',
              alertname: 'PrinterTonerLow',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', client: 'acme', device: 'p2', site: 'hq', condition: 'low_toner' },
                  exp_annotations: { summary: 'p2: toner low', description: 'Printer p2 of acme reports low toner (it does not report supply levels).' },
                },
              ],
            },
          ],
        },
      ],
    };
    // The daemon's forecast below 7 days for the hour of `for`, held while under the 10-day clear level.
    const runningOut = (days: string) => ({
      exp_labels: { severity: 'warning', client: 'acme', device: 'p1', site: 'hq', supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' },
      exp_annotations: {
        summary: 'p1: Black Toner runs out within 7 days',
        description: `At its rate since the last refill, Black Toner (toner) on printer p1 of acme runs out in ${days} days; order a replacement.`,
      },
    });
    const slowTests = {
      rule_files: ['rules.yml'],
      evaluation_interval: '5m',
      tests: [
        {
          // 8 days, 6.5 from 5m to 105m, 8 until 135m, 9 until 165m, then 11 (past the clear level).
          interval: '5m',
          input_series: [{ series: `quarkpulse_printer_supply_days_left{${p1},${supply}}`, values: '8 6.5x20 8x5 9x5 11x5' }],
          alert_rule_test: [
            { eval_time: '30m', alertname: 'PrinterSupplyRunningOut', exp_alerts: [] },
            { eval_time: '70m', alertname: 'PrinterSupplyRunningOut', exp_alerts: [runningOut('6.5')] },
            { eval_time: '120m', alertname: 'PrinterSupplyRunningOut', exp_alerts: [runningOut('8')] },
            { eval_time: '150m', alertname: 'PrinterSupplyRunningOut', exp_alerts: [runningOut('9')] },
            { eval_time: '180m', alertname: 'PrinterSupplyRunningOut', exp_alerts: [] },
          ],
        },
      ],
    };
    const testFile = path.join(dir, 'rules.test.yml');
    const slowFile = path.join(dir, 'rules-running-out.test.yml');
    writeFileSync(testFile, JSON.stringify(tests));
    writeFileSync(slowFile, JSON.stringify(slowTests));
    const { code, output } = await runTool(BIN.promtool, ['test', 'rules', testFile, slowFile]);
    expect(output.match(/SUCCESS/g)).toHaveLength(2);
    expect(code).toBe(0);
  });

  describe('a real Prometheus scraping the daemon (lab serving real printer recordings)', () => {
    let daemon: ChildProcess | undefined;
    let prom: { proc: ManagedProcess; url: string };

    beforeAll(async () => {
      // The real `quarkpulse run`: its in-process lab serves the recordings, its probes poll them,
      // its /metrics is what Prometheus scrapes. sharp: toner ratios 19-100 % and the low_toner
      // bit; konica_c250i: the service_requested bit.
      const [port, labPort] = [await freeTcpPort(), await freeUdpPort()];
      const configFile = path.join(dir, 'daemon.yml');
      writeFileSync(
        configFile,
        [
          `lab: { enabled: true, port: ${labPort}, recordings: "${recordingsDir()}" }`,
          `http: { listen: "127.0.0.1:${port}" }`,
          'defaults: { intervals: { snmp: 2s }, icmp: { enabled: false } }',
          'alerting: { state: { store: memory }, overrides: [ { client: acme, rule: PrinterSupplyLow, threshold: 0.2 } ] }',
          'devices:',
          `  - { name: sharp, client: acme, site: hq, kind: printer, address: 127.0.0.1, snmp: { community: sharp, port: ${labPort} } }`,
          `  - { name: konica_c250i, client: beta, site: hq, kind: printer, address: 127.0.0.1, snmp: { community: konica_c250i, port: ${labPort} } }`,
          '',
        ].join('\n'),
      );
      daemon = spawn(process.execPath, [CLI, 'run', '--config', configFile], { cwd: dir, stdio: 'ignore', env: { ...process.env, QP_LOG_LEVEL: 'warn' } });
      await waitFor(
        async () => {
          const text = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2000) }).then((r) => r.text(), () => '');
          return /quarkpulse_printer_error\{[^}]*device="konica_c250i"/.test(text) && /quarkpulse_printer_supply_level_ratio\{[^}]*device="sharp"/.test(text) ? true : undefined;
        },
        'printer series on the daemon /metrics',
        20_000,
        200,
      );

      // The client acme wants toner warnings at 20 %: sharp's 19 % toner fires, nothing of beta's does.
      const cfg = alertingSchema.parse({ overrides: [{ client: 'acme', rule: 'PrinterSupplyLow', threshold: 0.2 }] });
      const devices = [device('sharp', 'acme'), device('konica_c250i', 'beta')];
      writeFileSync(path.join(dir, 'fast.yml'), prometheusRulesYaml(cfg, { devices, forOverride: '0s', group: 'quarkpulse-fast', interval: '1s' }));
      writeFileSync(path.join(dir, 'slow.yml'), prometheusRulesYaml(cfg, { devices, group: 'quarkpulse', interval: '1s' }));
      writeFileSync(
        path.join(dir, 'prometheus.yml'),
        JSON.stringify({
          global: { scrape_interval: '1s', evaluation_interval: '1s' },
          rule_files: ['fast.yml', 'slow.yml'],
          scrape_configs: [{ job_name: 'quarkpulse', static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
        }),
      );
      prom = await startPrometheus({ configFile: path.join(dir, 'prometheus.yml'), storageDir: path.join(dir, 'tsdb') });
    }, 30_000);

    afterAll(async () => {
      await prom?.proc.stop();
      daemon?.kill('SIGTERM');
    });

    interface PromAlert {
      labels: Record<string, string>;
      annotations: Record<string, string>;
      state: 'pending' | 'firing';
    }

    it('fires supply-low and printer-error rules (for: 0s) and holds them pending with the real for', async () => {
      const find = (alerts: PromAlert[], alertname: string, device: string, state: string) =>
        alerts.find((a) => a.labels.alertname === alertname && a.labels.device === device && a.state === state);
      const alerts = await waitFor(
        async () => {
          const res = await fetch(`${prom.url}/api/v1/alerts`, { signal: AbortSignal.timeout(2000) });
          const body = (await res.json()) as { data: { alerts: PromAlert[] } };
          const list = body.data.alerts;
          const ready =
            find(list, 'PrinterSupplyLow', 'sharp', 'firing') &&
            find(list, 'PrinterServiceRequested', 'konica_c250i', 'firing') &&
            find(list, 'PrinterSupplyLow', 'sharp', 'pending') &&
            find(list, 'PrinterServiceRequested', 'konica_c250i', 'pending');
          return ready ? list : undefined;
        },
        'the printer alerts in Prometheus',
        20_000,
        250,
      );
      const low = find(alerts, 'PrinterSupplyLow', 'sharp', 'firing');
      expect(low?.labels).toMatchObject({ severity: 'warning', client: 'acme', device: 'sharp', site: 'hq', job: 'quarkpulse' });
      expect(low?.annotations.summary).toMatch(/^sharp: .+ is low \(19%\)$/);
      expect(find(alerts, 'PrinterServiceRequested', 'konica_c250i', 'firing')?.labels).toMatchObject({ severity: 'warning', client: 'beta', condition: 'service_requested' });
      // sharp sets low_toner but reports levels: judged by its ratios, so no PrinterTonerLow.
      expect(alerts.filter((a) => a.labels.alertname === 'PrinterTonerLow')).toEqual([]);
      // beta keeps the 15 % default: nothing of konica's supplies fires as low unless really below 15 %.
      const betaLow = alerts.filter((a) => a.labels.alertname === 'PrinterSupplyLow' && a.labels.client === 'beta');
      for (const a of betaLow) expect(Number(/\((\d+)%\)/.exec(a.annotations.summary)?.[1])).toBeLessThan(15);
    });
  });
});
