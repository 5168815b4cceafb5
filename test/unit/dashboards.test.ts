/**
 * The Grafana dashboards and the Prometheus/Grafana provisioning files ship with the daemon, so a
 * renamed metric or label must break a test here, not a NOC wall. Every PromQL expression is
 * checked against the declared metrics (names.ts, self.ts) and, with promtool, parsed for real.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Registry } from 'prom-client';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DEVICE_LABELS, DEVICE_METRICS } from '../../src/metrics/names';
import { SelfMetrics } from '../../src/metrics/self';
import { arrayOf, expressions, isObject, loadDashboards, str, substituteVariables, variableQuery, variablesUsed, type Json } from '../helpers/dashboards';
import { binPath, describeWith } from '../helpers/requires';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const EXPECTED_DASHBOARDS = ['quarkpulse-network.json', 'quarkpulse-noc-overview.json', 'quarkpulse-printers.json', 'quarkpulse-self.json'];
const DEVICE_VARIABLES = ['client', 'site', 'device'];
const DS_REF = '${DS_PROMETHEUS}';
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = ['job', 'instance'];
const GRAFANA_BUILTINS = new Set(['__rate_interval', '__interval', '__range', '__range_s', '__interval_ms']);
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

interface KnownMetric {
  labels: Set<string>;
  histogram: boolean;
}

/** Every metric the daemon can expose: device metrics of the contract and its self-metrics. */
async function knownMetrics(): Promise<Map<string, KnownMetric>> {
  const known = new Map<string, KnownMetric>();
  for (const [name, def] of Object.entries(DEVICE_METRICS)) {
    known.set(name, { labels: new Set([...DEVICE_LABELS, ...def.labels, ...TARGET_LABELS]), histogram: false });
  }
  // Prometheus' own series for the shipped rules (config/prometheus/quarkpulse-alerts.yml): the labels of any device series plus the alert's.
  const deviceLabels = Object.values(DEVICE_METRICS).flatMap((def) => [...def.labels]);
  known.set('ALERTS', { labels: new Set([...DEVICE_LABELS, ...deviceLabels, ...TARGET_LABELS, 'alertname', 'alertstate', 'severity', 'for_override']), histogram: false });
  const registry = new Registry();
  new SelfMetrics(registry, { processMetrics: true });
  for (const m of await registry.getMetricsAsJSON()) {
    const metric: unknown = registry.getSingleMetric(m.name);
    const labelNames = isObject(metric) && Array.isArray(metric.labelNames) ? metric.labelNames.filter((l): l is string => typeof l === 'string') : [];
    const histogram = String(m.type) === 'histogram';
    known.set(m.name, { labels: new Set([...labelNames, ...TARGET_LABELS, ...(histogram ? ['le'] : [])]), histogram });
  }
  return known;
}

const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;
const LABEL_LIST_CLAUSE = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const SELECTOR = /\b(quarkpulse_[a-zA-Z0-9_]+|ALERTS)\s*(\{[^}]*\})?/g;
const MATCHER = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"/g;

function resolveMetric(token: string, known: Map<string, KnownMetric>): KnownMetric | undefined {
  const exact = known.get(token);
  if (exact) return exact;
  for (const suffix of HISTOGRAM_SUFFIXES) {
    if (!token.endsWith(suffix)) continue;
    const base = known.get(token.slice(0, -suffix.length));
    if (base?.histogram) return base;
  }
  return undefined;
}

/**
 * Problems of one expression: unknown metric names, matchers on labels the metric doesn't have,
 * and by/on/… clauses naming a label none of its metrics has.
 */
function exprProblems(expr: string, known: Map<string, KnownMetric>): string[] {
  const problems: string[] = [];
  const usable = new Set<string>();
  const withoutStrings = expr.replace(STRING_LITERAL, '""');
  let metrics = 0;
  for (const m of expr.matchAll(SELECTOR)) {
    metrics++;
    const metric = resolveMetric(m[1], known);
    if (!metric) {
      problems.push(`unknown metric ${m[1]}`);
      continue;
    }
    metric.labels.forEach((l) => usable.add(l));
    for (const matcher of (m[2] ?? '').matchAll(MATCHER)) {
      if (!metric.labels.has(matcher[1])) problems.push(`${m[1]} has no label "${matcher[1]}"`);
    }
  }
  // A token inside a string (a regex, a legend) is no metric; one outside a selector match is.
  const tokens = withoutStrings.match(/\b(?:quarkpulse_[a-zA-Z0-9_]+|ALERTS)\b/g) ?? [];
  if (tokens.length !== metrics) problems.push(`metric tokens ${tokens.join(', ')} not all parsed as selectors`);
  for (const clause of withoutStrings.matchAll(LABEL_LIST_CLAUSE)) {
    for (const label of clause[2].split(',').map((l) => l.trim()).filter(Boolean)) {
      if (!usable.has(label)) problems.push(`${clause[1]} (${label}): no metric of the expression has that label`);
    }
  }
  if (metrics === 0) problems.push('references no quarkpulse metric');
  return problems;
}

const dashboards = loadDashboards();
const PROMTOOL = binPath('promtool');

let known: Map<string, KnownMetric>;
beforeAll(async () => {
  known = await knownMetrics();
});

describe('dashboards: structure', () => {
  test('the four dashboards exist, with unique uids', () => {
    expect(dashboards.map((d) => d.file)).toEqual(expect.arrayContaining(EXPECTED_DASHBOARDS));
    const uids = dashboards.map((d) => str(d.json.uid));
    expect(uids.every((u) => u.length > 0)).toBe(true);
    expect(new Set(uids).size).toBe(uids.length);
  });

  test.each(dashboards.map((d) => [d.file, d] as const))('%s: schema version, unique panel ids, layout', (_file, d) => {
    expect(d.json.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(d.json.id).toBeNull();
    const ids = d.panels.map((p) => p.id);
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const p of d.panels) {
      const pos = isObject(p.gridPos) ? p.gridPos : {};
      expect([pos.x, pos.y, pos.w, pos.h].every((n) => typeof n === 'number')).toBe(true);
      expect(Number(pos.x) + Number(pos.w)).toBeLessThanOrEqual(24);
    }
  });

  test.each(dashboards.map((d) => [d.file, d] as const))('%s: data source variable and client/site/device variables', (_file, d) => {
    const byName = new Map(d.variables.map((v) => [str(v.name), v]));
    expect(byName.get('DS_PROMETHEUS')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const name of DEVICE_VARIABLES) {
      const v = byName.get(name);
      expect(v).toMatchObject({ type: 'query', includeAll: true, multi: true, allValue: '.*' });
      if (!v) continue;
      // allValue ".*" also matches devices without a site label; the default "(a|b)" would not.
      expect(variableQuery(v)).toMatch(new RegExp(`^label_values\\(quarkpulse_device_up(\\{[^}]*\\})?, ${name}\\)$`));
      expect(v.datasource).toEqual({ type: 'prometheus', uid: DS_REF });
    }
  });

  test.each(dashboards.map((d) => [d.file, d] as const))('%s: every query uses the DS_PROMETHEUS variable and defined variables', (_file, d) => {
    const defined = new Set(d.variables.map((v) => str(v.name)));
    const problems: string[] = [];
    for (const p of d.panels) {
      if (p.type === 'row') continue;
      if (!isObject(p.datasource) || p.datasource.uid !== DS_REF) problems.push(`panel ${String(p.id)}: datasource is not ${DS_REF}`);
      const targets = arrayOf(p.targets);
      if (targets.length === 0) problems.push(`panel ${String(p.id)}: no queries`);
      for (const t of targets) {
        if (!isObject(t.datasource) || t.datasource.uid !== DS_REF) problems.push(`panel ${String(p.id)} ${str(t.refId)}: datasource is not ${DS_REF}`);
      }
    }
    for (const { where, expr } of expressions(d)) {
      for (const name of variablesUsed(expr)) {
        if (!defined.has(name) && !GRAFANA_BUILTINS.has(name)) problems.push(`${where}: undefined variable $${name}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('dashboards: metric names and labels', () => {
  test('the checker catches renamed metrics and labels', () => {
    expect(exprProblems('rate(quarkpulse_interface_receive_bytes_total{client=~"$client"}[5m])', known)).toEqual([]);
    expect(exprProblems('histogram_quantile(0.9, sum by (le) (rate(quarkpulse_schedule_lag_seconds_bucket[5m])))', known)).toEqual([]);
    expect(exprProblems('quarkpulse_interface_receive_octets_total', known)).toEqual(['unknown metric quarkpulse_interface_receive_octets_total']);
    expect(exprProblems('quarkpulse_probe_runs_total_bucket', known)).toEqual(['unknown metric quarkpulse_probe_runs_total_bucket']);
    expect(exprProblems('quarkpulse_printer_error{state="x"}', known)).toEqual(['quarkpulse_printer_error has no label "state"']);
    expect(exprProblems('quarkpulse_snmp_requests_total{site=~"$site"}', known)).toEqual(['quarkpulse_snmp_requests_total has no label "site"']);
    expect(exprProblems('max by (client, suply) (quarkpulse_printer_supply_level)', known)).toEqual(['by (suply): no metric of the expression has that label']);
    expect(exprProblems('vector(1)', known)).toEqual(['references no quarkpulse metric']);
    expect(exprProblems('count(ALERTS{alertname="InterfaceDown", client=~"$client"})', known)).toEqual([]);
    expect(exprProblems('ALERTS{alertnme="InterfaceDown"}', known)).toEqual(['ALERTS has no label "alertnme"']);
  });

  test('the self-metrics include the prefixed process metrics the self dashboard uses', () => {
    expect(known.has('quarkpulse_process_cpu_seconds_total')).toBe(true);
    expect(known.has('quarkpulse_process_resident_memory_bytes')).toBe(true);
    expect(known.get('quarkpulse_schedule_lag_seconds')?.histogram).toBe(true);
  });

  test.each(dashboards.map((d) => [d.file, d] as const))('%s: every expression names declared metrics and labels', (_file, d) => {
    const exprs = expressions(d);
    expect(exprs.length).toBeGreaterThan(5);
    const problems = exprs.flatMap(({ where, expr }) => exprProblems(expr, known).map((p) => `${where}: ${p}`));
    expect(problems).toEqual([]);
  });

  test('together the dashboards show every device metric of the contract', () => {
    const used = new Set(dashboards.flatMap((d) => expressions(d)).flatMap(({ expr }) => expr.match(/\bquarkpulse_[a-zA-Z0-9_]+/g) ?? []));
    expect(Object.keys(DEVICE_METRICS).filter((name) => !used.has(name) && name !== 'quarkpulse_snmp_module_success')).toEqual([]);
  });
});

describe('provisioning', () => {
  const readYaml = (rel: string): Json => {
    const parsed: unknown = parseYaml(fs.readFileSync(path.join(ROOT, rel), 'utf8'));
    if (!isObject(parsed)) throw new Error(`${rel}: not a YAML mapping`);
    return parsed;
  };

  test('Grafana loads the dashboards directory and a Prometheus data source', () => {
    const providers = arrayOf(readYaml('config/grafana/provisioning/dashboards/quarkpulse.yml').providers);
    expect(providers).toEqual([expect.objectContaining({ type: 'file', options: expect.objectContaining({ path: '/var/lib/grafana/dashboards' }) })]);
    const sources = arrayOf(readYaml('config/grafana/provisioning/datasources/quarkpulse.yml').datasources);
    expect(sources).toEqual([expect.objectContaining({ type: 'prometheus', isDefault: true })]);
  });

  test('prometheus.yml scrapes quarkpulse and loads the alert rules', () => {
    const config = readYaml('config/prometheus/prometheus.yml');
    expect(config.rule_files).toEqual(['quarkpulse-alerts.yml']);
    const jobs = arrayOf(config.scrape_configs).map((s) => s.job_name);
    expect(jobs).toEqual(expect.arrayContaining(['quarkpulse', 'quarkpulse-workers']));
  });
});

describeWith(['promtool'], 'promtool', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-dashboards-'));
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  // promtool 2.42 has no "parse expr": each expression becomes a recording rule instead.
  test('every dashboard expression parses', async () => {
    const seen = new Set<string>();
    const whereOf = new Map<string, string>();
    const groups = dashboards.map((d) => ({
      name: d.file,
      rules: expressions(d).flatMap(({ where, expr }, i) => {
        const substituted = substituteVariables(expr);
        expect({ where, substituted }).toEqual({ where, substituted: expect.not.stringContaining('$') });
        if (seen.has(substituted)) return [];
        seen.add(substituted);
        const record = `dashboard_check_${d.file.replace(/\W/g, '_')}_${i}`;
        whereOf.set(record, where);
        return [{ record, expr: substituted }];
      }),
    }));
    const file = path.join(tmp, 'dashboard-exprs.yml');
    fs.writeFileSync(file, stringifyYaml({ groups }));
    const result = await run(PROMTOOL, ['check', 'rules', file], { timeout: 15_000 }).catch((err: unknown) => err);
    const raw = isObject(result) ? `${str(result.stdout)}${str(result.stderr)}` : String(result);
    const out = raw.replace(/dashboard_check_\w+/g, (r) => `${r} (${whereOf.get(r) ?? '?'})`);
    const failed = !isObject(result) || ('code' in result && result.code !== 0);
    expect(failed ? out : '').toBe('');
    expect(out).toContain(`SUCCESS: ${whereOf.size} rules found`);
  });

  test('prometheus.yml passes promtool check config', async () => {
    fs.copyFileSync(path.join(ROOT, 'config/prometheus/prometheus.yml'), path.join(tmp, 'prometheus.yml'));
    // The alert rules file is generated and tested elsewhere; a stub keeps this check about prometheus.yml.
    fs.writeFileSync(path.join(tmp, 'quarkpulse-alerts.yml'), 'groups: []\n');
    const result = await run(PROMTOOL, ['check', 'config', path.join(tmp, 'prometheus.yml')], { timeout: 15_000 }).catch((err: unknown) => err);
    const out = isObject(result) ? `${str(result.stdout)}${str(result.stderr)}` : String(result);
    expect(isObject(result) && 'code' in result && result.code !== 0 ? out : '').toBe('');
  });
});
