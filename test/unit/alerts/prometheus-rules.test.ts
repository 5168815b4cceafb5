import { parse } from 'yaml';
import { prometheusRules, prometheusRulesYaml, promString } from '../../../src/alerts/prometheus-rules';
import { alertingSchema } from '../../../src/config/alerting';
import { target } from './helpers';

const rulesNamed = (doc: ReturnType<typeof prometheusRules>, name: string) => doc.groups[0].rules.filter((r) => r.alert === name);

describe('prometheus rules export', () => {
  it('exports every engine rule, with the same templates', () => {
    const doc = prometheusRules(alertingSchema.parse({}));
    expect(doc.groups[0].rules.map((r) => r.alert)).toEqual([
      'DeviceDown', 'PrinterSupplyLow', 'PrinterSupplyEmpty', 'PrinterSupplyRunningOut', 'PrinterTonerLow', 'PrinterTonerEmpty', 'PrinterPaperJam', 'PrinterDoorOpen',
      'PrinterNoPaper', 'PrinterServiceRequested', 'PrinterOffline', 'InterfaceDown', 'IcmpPacketLoss', 'IcmpHighLatency', 'HostStorageFull',
      'HostCpuHigh', 'SnmpNotResponding', 'ConfigDrift', 'ConfigBackupFailing', 'ConfigHostKeyChanged', 'ConfigSecretLeakBlocked',
    ]);
    const jam = rulesNamed(doc, 'PrinterPaperJam')[0];
    expect(jam).toEqual({
      alert: 'PrinterPaperJam',
      expr: 'quarkpulse_printer_error{condition="jammed"} == 1',
      for: '1m',
      labels: { severity: 'critical' },
      annotations: { summary: '{{ $labels.device }}: paper jam', description: 'Printer {{ $labels.device }} of {{ $labels.client }} has a paper jam.' },
    });
    expect(rulesNamed(doc, 'ConfigBackupFailing')[0].for).toBe('48h');
    expect(rulesNamed(doc, 'ConfigDrift')[0].for).toBeUndefined();
    expect(rulesNamed(doc, 'PrinterSupplyRunningOut')[0]).toMatchObject({ expr: expect.stringContaining('(quarkpulse_printer_supply_days_left < 7)'), for: '1h', labels: { severity: 'warning' } });
  });

  it('per-device overrides become scoped expressions; disabled devices are excluded', () => {
    const cfg = alertingSchema.parse({
      overrides: [
        { client: 'acme', rule: 'PrinterSupplyLow', threshold: 0.2 },
        { device: 'lobby', rule: 'PrinterPaperJam', disabled: true },
        { device: 'p3', rule: 'PrinterPaperJam', for: '10m' },
      ],
    });
    const doc = prometheusRules(cfg, { devices: [target('lobby'), target('p2', { client: 'beta' }), target('p3', { client: 'beta' })] });
    const [low] = rulesNamed(doc, 'PrinterSupplyLow');
    expect(low.expr).toContain('quarkpulse_printer_supply_level_ratio{device!~"lobby"} < 0.15');
    expect(low.expr).toContain('quarkpulse_printer_supply_level_ratio{device=~"lobby"} < 0.2');
    expect(low.expr).toContain('quarkpulse_printer_supply_level_ratio{device=~"lobby"} < 0.25 and ignoring(alertname, alertstate, severity, for_override) ALERTS{alertname="PrinterSupplyLow"}');
    const jams = rulesNamed(doc, 'PrinterPaperJam');
    expect(jams.map((j) => [j.expr, j.for, j.labels])).toEqual([
      ['quarkpulse_printer_error{condition="jammed", device!~"lobby|p3"} == 1', '1m', { severity: 'critical' }],
      ['quarkpulse_printer_error{condition="jammed", device=~"p3"} == 1', '10m', { severity: 'critical', for_override: '10m' }],
    ]);
  });

  it('important interfaces and parents come from the inventory', () => {
    const doc = prometheusRules(alertingSchema.parse({}), {
      devices: [target('core', { kind: 'switch', importantInterfaces: ['Gi0/1', 'eth0.100'] }), target('sw', { kind: 'switch', parent: 'core' })],
    });
    expect(rulesNamed(doc, 'InterfaceDown')[0].expr).toContain('quarkpulse_interface_info{device="core", name=~"Gi0/1|eth0\\\\.100"}');
    expect(rulesNamed(doc, 'DeviceDown')[0].expr).toBe(
      '(quarkpulse_device_up == 0)\nunless on(device) (label_replace(quarkpulse_device_up{device="core"} == 0, "device", "sw", "device", ".*"))',
    );
  });

  it('quotes PromQL strings and writes YAML with the header', () => {
    expect(promString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    const text = prometheusRulesYaml(alertingSchema.parse({}), { forOverride: '0s', group: 'g' });
    expect(text.startsWith('# quarkpulse alert rules for Prometheus')).toBe(true);
    const doc = parse(text) as { groups: Array<{ name: string; rules: Array<{ for?: string }> }> };
    expect(doc.groups[0].name).toBe('g');
    expect(doc.groups[0].rules.every((r) => r.for === undefined)).toBe(true);
  });
});
