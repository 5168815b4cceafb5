import * as path from 'node:path';
import { ConfigError } from '../../../src/config/types';
import { parseConfig } from '../../../src/inventory/load';

function problemsOf(yaml: string): string[] {
  try {
    parseConfig(yaml, '/cfg/q.yml', {});
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
}

describe('reports: settings', () => {
  test('absent: defaults, no Prometheus', () => {
    expect(parseConfig('devices: []\n', '/cfg/q.yml', {}).reports).toEqual({
      prometheusUrl: undefined,
      queryTimeoutMs: 60_000,
      stepMs: 300_000,
      dir: path.resolve('data/reports/monthly'),
      monthly: { enabled: true, time: '00:15' },
    });
  });

  test('every key reaches the runtime config', () => {
    const yaml = 'reports:\n  prometheus_url: http://127.0.0.1:9090/\n  query_timeout: 2m\n  step: 10m\n  dir: /srv/reports\n  monthly: { enabled: false, time: "06:30" }\n';
    expect(parseConfig(yaml, '/cfg/q.yml', {}).reports).toEqual({ prometheusUrl: 'http://127.0.0.1:9090', queryTimeoutMs: 120_000, stepMs: 600_000, dir: '/srv/reports', monthly: { enabled: false, time: '06:30' } });
  });

  test.each([
    ['{ prometheus_url: "ftp://x" }', 'reports.prometheus_url: expected an http:// or https:// URL'],
    ['{ step: 0s }', 'reports.step: must be longer than 0'],
    ['{ step: 2h }', 'reports.step: 2h is longer than the maximum of 1h'],
    ['{ query_timeout: soon }', 'reports.query_timeout: "soon" is not a duration (use e.g. 30s, 5m, 1h)'],
    ['{ monthly: { time: "25:00" } }', 'reports.monthly.time: expected HH:MM (24 h, UTC)'],
    ['{ prometheus: x }', 'reports.prometheus: unknown key "prometheus" (known here: dir, monthly, prometheus_url, query_timeout, step)'],
  ])('%s → %s', (section, problem) => {
    expect(problemsOf(`reports: ${section}\n`)).toEqual([expect.stringContaining(problem)]);
  });
});
