import { durationMs, formatDuration, parseDuration } from '../../../src/config/duration';
import { renderTemplate, templateError } from '../../../src/config/alert-template';
import { windowActive } from '../../../src/alerts/maintenance';
import { alertingSchema } from '../../../src/config/alerting';

describe('durations', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '5', '5 m', '1m1h', '-1m', '1.5h', '5M', 'm'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());

  it('formats back to the shortest text', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
    expect(() => durationMs('soon')).toThrow('invalid duration "soon"');
  });
});

describe('templates', () => {
  it('renders labels, values and the humanize filters', () => {
    const labels = { device: 'p1', supply: 'Black Toner' };
    expect(renderTemplate('{{ $labels.device }}: {{$labels.supply}} at {{ $value | humanizePercentage }}', labels, 0.123)).toBe('p1: Black Toner at 12.3%');
    expect(renderTemplate('{{ $value }} / {{ $value | humanize }} / {{ $value | humanizeDuration }}', {}, 1234567)).toBe('1234567 / 1.2346M / 14d 6h 56m 7s');
    expect(renderTemplate('{{ $value | humanizeDuration }}', {}, 0.25)).toBe('250ms');
    expect(renderTemplate('{{ $labels.missing }}|', {}, 1)).toBe('|');
  });

  it.each([
    ['{{ .Labels.device }}', 'unknown placeholder "{{ .Labels.device }}"'],
    ['{{ $value | printf "%.2f" }}', 'unknown placeholder "{{ $value | printf "%.2f" }}"'],
    ['{{ $labels.device ', 'unclosed placeholder "{{ $labels.device "'],
  ])('rejects %s', (text, start) => expect(templateError(text)).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; use `)));
});

describe('maintenance windows', () => {
  const weekly = (days: string[], from: string, to: string, timezone = 'UTC') =>
    alertingSchema.parse({ maintenance: [{ weekly: { days, from, to, timezone } }] }).maintenance[0];
  it('same-day and overnight weekly windows', () => {
    const w = weekly(['sat'], '08:00', '12:00');
    expect(windowActive(w, Date.parse('2025-03-01T08:00:00Z'))).toBe(true); // Saturday
    expect(windowActive(w, Date.parse('2025-03-01T12:00:00Z'))).toBe(false);
    expect(windowActive(w, Date.parse('2025-03-08T11:59:00Z'))).toBe(true);
    expect(windowActive(w, Date.parse('2025-03-02T09:00:00Z'))).toBe(false); // Sunday
    const night = weekly(['fri'], '22:00', '02:00', 'America/New_York');
    expect(windowActive(night, Date.parse('2025-03-01T03:30:00Z'))).toBe(true); // Fri 22:30 EST
    expect(windowActive(night, Date.parse('2025-03-01T06:30:00Z'))).toBe(true); // Sat 01:30 EST
    expect(windowActive(night, Date.parse('2025-03-01T07:30:00Z'))).toBe(false); // Sat 02:30 EST
    expect(windowActive(night, Date.parse('2025-03-02T06:30:00Z'))).toBe(false); // Sun 01:30 EST
  });
});
