import { ruleSchema } from '../../../src/config/alert-rule';
import { alertingSchema } from '../../../src/config/alerting';
import { DEFAULT_RULES } from '../../../src/config/default-rules';

function problems(input: unknown): string[] {
  const r = alertingSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const rule = (extra: Record<string, unknown>) => ({
  name: 'MyRule',
  metric: 'quarkpulse_printer_error',
  match: { condition: 'jammed' },
  op: '==',
  threshold: 1,
  summary: '{{ $labels.device }} jammed',
  ...extra,
});

describe('alertingSchema', () => {
  it('parses an empty section into a working default setup', () => {
    const cfg = alertingSchema.parse({});
    expect(cfg).toEqual({
      alertmanagers: [],
      resend_interval: '1m',
      evaluation: { interval: '15s', resolved_retention: '15m' },
      delivery: { timeout: '10s', retry_initial: '1s', retry_max: '1m' },
      rules: [],
      disable_default_rules: false,
      overrides: [],
      maintenance: [],
      state: { store: 'auto', file: 'data/alerts-state.json' },
    });
  });

  it('accepts every shipped default rule', () => {
    for (const r of DEFAULT_RULES) expect(ruleSchema.safeParse(r).success).toBe(true);
  });

  it('accepts a full example', () => {
    expect(
      problems({
        alertmanagers: ['http://127.0.0.1:9093', 'https://am2.example:9093/'],
        resend_interval: '5m',
        rules: [rule({ for: '1h30m', severity: 'critical', description: '{{ $value | humanize }}', clear_threshold: undefined })],
        disable_default_rules: ['ConfigDrift'],
        overrides: [
          { client: 'acme', rule: 'PrinterSupplyLow', threshold: 0.2 },
          { device: 'lobby-printer', disabled: true },
        ],
        maintenance: [
          { client: 'acme', start: '2025-03-01T22:00:00Z', end: '2025-03-02T02:00:00+01:00' },
          { device: 'hq-core-1', rules: ['DeviceDown'], weekly: { days: ['sat'], from: '22:00', to: '02:00', timezone: 'Europe/Berlin' } },
        ],
        state: { store: 'file', file: '/tmp/x.json' },
      }),
    ).toEqual([]);
  });

  const cases: Array<[unknown, unknown]> = [
    [{ rules: [rule({ metric: 'quarkpulse_printer_eror' })] }, 'rules.0.metric: unknown metric "quarkpulse_printer_eror"; did you mean "quarkpulse_printer_error"? (rules can use the quarkpulse_* device metrics of CONTRACT section 3)'],
    [{ rules: [rule({ metric: 'node_cpu' })] }, 'rules.0.metric: unknown metric "node_cpu" (rules can use the quarkpulse_* device metrics of CONTRACT section 3)'],
    [{ rules: [rule({ summary: 'jam on {{ $device }}' })] }, 'rules.0.summary: unknown placeholder "{{ $device }}"; use {{ $labels.NAME }} or {{ $value }}, optionally piped to humanize, humanizePercentage or humanizeDuration'],
    [{ rules: [rule({ description: 'value {{ $value ' })] }, 'rules.0.description: unclosed placeholder "{{ $value "; use {{ $labels.NAME }} or {{ $value }}, optionally piped to humanize, humanizePercentage or humanizeDuration'],
    [{ rules: [rule({ for: '5 minutes' })] }, 'rules.0.for: invalid duration "5 minutes"; use a number with a unit, like 30s, 5m, 1h, 1d or 1h30m'],
    [{ resend_interval: '1x' }, 'resend_interval: invalid duration "1x"; use a number with a unit, like 30s, 5m, 1h, 1d or 1h30m'],
    [{ rules: [rule({ match: { colour: 'x' } })] }, 'rules.0.match.colour: "colour" is not a label of quarkpulse_printer_error (labels: client, device, site, condition)'],
    [{ rules: [rule({ match_re: { condition: '(' } })] }, 'rules.0.match_re.condition: invalid regular expression "("'],
    [{ rules: [rule({ op: '>', threshold: 0.9, clear_threshold: 0.95 })] }, 'rules.0.clear_threshold: clear_threshold (0.95) must not be above threshold (0.9) for op >'],
    [{ rules: [rule({ op: '<', threshold: 0.1, clear_threshold: 0.05 })] }, 'rules.0.clear_threshold: clear_threshold (0.05) must not be below threshold (0.1) for op <'],
    [{ rules: [rule({ clear_threshold: 0 })] }, 'rules.0.clear_threshold: clear_threshold needs op >, >=, < or <=, not =='],
    [{ rules: [rule({ severity: 'page' })] }, 'rules.0.severity: Invalid option: expected one of "critical"|"warning"|"info"'],
    [{ rules: [rule({}), rule({})] }, 'rules.1.name: duplicate rule name "MyRule" (also rules[0])'],
    [{ rules: [rule({ interfaces: 'important' })] }, 'rules.0.interfaces: interfaces: important needs an interface metric (with an ifindex label), not quarkpulse_printer_error'],
    [{ alertmanagers: ['127.0.0.1:9093'] }, 'alertmanagers.0: invalid Alertmanager URL "127.0.0.1:9093"; expected http://host:port or https://host:port'],
    [{ overrides: [{ client: 'acme', rule: 'TonerLow', threshold: 0.2 }] }, 'overrides.0.rule: unknown rule "TonerLow"'],
    [{ overrides: [{ client: 'acme', threshold: 0.2 }] }, 'overrides.0.rule: threshold and clear_threshold overrides need the rule they change'],
    [{ disable_default_rules: ['Nope'] }, expect.stringMatching(/^disable_default_rules\.0: unknown default rule "Nope" \(shipped rules: DeviceDown, /)],
    [{ maintenance: [{ device: 'x', start: '2025-03-01 22:00' , end: '2025-03-02T02:00:00Z' }] }, 'maintenance.0.start: invalid time "2025-03-01 22:00"; expected ISO 8601 with a zone, like 2025-03-01T22:00:00Z or 2025-03-01T22:00:00+01:00'],
    [{ maintenance: [{ device: 'x', start: '2025-03-02T00:00:00Z', end: '2025-03-01T00:00:00Z' }] }, 'maintenance.0.end: end (2025-03-01T00:00:00Z) must be after start (2025-03-02T00:00:00Z)'],
    [{ maintenance: [{ device: 'x' }] }, 'maintenance.0: a maintenance window needs start and end, or weekly'],
    [{ maintenance: [{ device: 'x', weekly: { days: ['sat'], from: '25:00', to: '02:00' } }] }, 'maintenance.0.weekly.from: expected HH:MM (24-hour), like 22:00'],
    [{ maintenance: [{ device: 'x', weekly: { days: ['sat'], from: '22:00', to: '02:00', timezone: 'Mars/Base' } }] }, 'maintenance.0.weekly.timezone: unknown time zone "Mars/Base"; expected an IANA name like UTC or Europe/Berlin'],
    [{ rules: [rule({ treshold: 1 })] }, 'rules.0: Unrecognized key: "treshold"'],
  ];
  it.each(cases.map(([input, message]) => ({ input, message, title: typeof message === 'string' ? message : 'unknown default rule' })))('rejects: $title', ({ input, message }) => {
    expect(problems(input)).toEqual([message]);
  });
});
