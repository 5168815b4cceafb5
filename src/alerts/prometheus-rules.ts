/**
 * The alert rules as a Prometheus rules file: the same rules the engine evaluates (defaults plus
 * the config's rules), translated to PromQL. A supply running out is the daemon's own forecast
 * (quarkpulse_printer_supply_days_left), so no rule needs Prometheus' history. Hysteresis becomes
 * the classic `or (… and ALERTS)` form; with the inventory given, per-device overrides, important
 * interfaces and parent relations are written out per device.
 * Maintenance windows are not exported: use Alertmanager silences or time_intervals there.
 */
import { stringify } from 'yaml';
import type { DeviceTarget } from '../inventory/types';
import { compileRules, INTERFACE_SEEN_UP_WINDOW, ruleForDevice, type CompiledRule, type CompiledSelector, type DeviceRule } from './rules';
import type { ComparisonOp } from '../config/alert-rule';
import type { AlertingConfig } from '../config/alerting';
import { durationMs, formatDuration } from '../config/duration';

export interface PrometheusRulesOptions {
  /** The inventory: enables per-device overrides, important interfaces and parent holds. */
  devices?: readonly DeviceTarget[];
  /** Replace every `for` (tests: "0s"). */
  forOverride?: string;
  /** Rule group name. */
  group?: string;
  /** Evaluation interval of the group (Prometheus default when absent). */
  interval?: string;
}

export interface PrometheusRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function regexEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type Matcher = [label: string, op: '=' | '!=' | '=~' | '!~', value: string];

export function selector(sel: CompiledSelector, extra: readonly Matcher[] = []): string {
  const matchers: string[] = [];
  for (const [k, v] of Object.entries(sel.match)) matchers.push(`${k}=${promString(v)}`);
  for (const [k, re] of Object.entries(sel.matchReText)) matchers.push(`${k}=~${promString(re)}`);
  for (const [k, op, v] of extra) matchers.push(`${k}${op}${promString(v)}`);
  return matchers.length > 0 ? `${sel.metric}{${matchers.join(', ')}}` : sel.metric;
}

function num(n: number): string {
  // Overrides shift clear levels by float arithmetic (0.9 - 0.1 + …); print what a person wrote.
  return Number.isFinite(n) ? String(Number(n.toPrecision(12))) : n > 0 ? '+Inf' : '-Inf';
}

function onClause(labels: readonly string[]): string {
  return `on(${['client', 'device', ...labels].join(', ')})`;
}

/** The rule's value expression (before the comparison). */
function valueExpr(rule: CompiledRule, scope: readonly Matcher[]): string {
  let expr = selector(rule, scope);
  if (rule.divideBy) expr = `${expr} / (${selector({ ...rule, metric: rule.divideBy }, scope)} > 0)`;
  if (rule.aggregate) expr = `${rule.aggregate} by (client, device, site) (${expr})`;
  return expr;
}

/** The engine's isImportantInterface in PromQL: listed, aliased as an uplink, or up within the learning window. */
function importantInterfaces(devices: readonly DeviceTarget[] | undefined): string {
  const parts = [`quarkpulse_interface_info{alias=~".*(?i:uplink).*"}`, `(max_over_time(quarkpulse_interface_oper_up[${INTERFACE_SEEN_UP_WINDOW}]) == 1)`];
  for (const d of devices ?? []) {
    if (d.importantInterfaces.length === 0) continue;
    const re = d.importantInterfaces.map(regexEscape).join('|');
    parts.push(`quarkpulse_interface_info{device=${promString(d.name)}, ifindex=~${promString(re)}}`);
    parts.push(`quarkpulse_interface_info{device=${promString(d.name)}, name=~${promString(re)}}`);
  }
  return parts.join(' or ');
}

/** Child devices held back while their parent is down (parent-aware rules, inventory given). */
function parentHold(rule: CompiledRule, devices: readonly DeviceTarget[] | undefined): string | undefined {
  const children = (devices ?? []).filter((d) => d.parent);
  if (!rule.parentAware || children.length === 0) return undefined;
  const parts = children.map(
    (c) => `label_replace(${selector(rule, [['device', '=', c.parent ?? '']])} ${rule.op} ${num(rule.threshold)}, "device", ${promString(c.name)}, "device", ".*")`,
  );
  return parts.join(' or ');
}

export function ruleExpr(rule: DeviceRule, scope: readonly Matcher[], devices?: readonly DeviceTarget[]): string {
  const value = valueExpr(rule, scope);
  let expr = `${value} ${rule.op} ${num(rule.threshold)}`;
  if (rule.clearThreshold !== undefined) {
    // Stays active (pending or firing) until the value passes the clear level: hysteresis.
    const ignoring = ['alertname', 'alertstate', 'severity', 'for_override', ...Object.keys(rule.labels)].join(', ');
    expr = `(${expr})\nor\n(${value} ${rule.op} ${num(rule.clearThreshold)} and ignoring(${ignoring}) ALERTS{alertname=${promString(rule.name)}})`;
  }
  const filters: string[] = [];
  for (const c of rule.and) filters.push(`and ${onClause(c.on)} (${selector(c)} ${c.op} ${num(c.threshold)})`);
  for (const u of rule.unless) filters.push(`unless ${onClause(u.on)} ${selector(u)}`);
  if (rule.importantInterfacesOnly) filters.push(`and on(client, device, ifindex) (${importantInterfaces(devices)})`);
  const hold = parentHold(rule, devices);
  if (hold) filters.push(`unless on(device) (${hold})`);
  if (filters.length === 0) return expr;
  return `(${expr})\n${filters.join('\n')}`;
}

function toPrometheus(rule: DeviceRule, scope: readonly Matcher[], opts: PrometheusRulesOptions): PrometheusRule {
  // Keep the duration as written ("24h", not "1d") unless an override changed it.
  const configured = rule.source.for;
  const forText = opts.forOverride ?? (durationMs(configured) === rule.forMs ? configured : formatDuration(rule.forMs));
  return {
    alert: rule.name,
    expr: ruleExpr(rule, scope, opts.devices),
    ...(durationMs(forText) > 0 ? { for: forText } : {}),
    labels: { severity: rule.severity, ...rule.labels },
    annotations: { summary: rule.summary, description: rule.description },
  };
}

/** What makes two devices need different Prometheus rules. */
function variantKey(r: DeviceRule): string {
  return JSON.stringify([r.disabled, r.threshold, r.clearThreshold, r.forMs, r.severity]);
}

/**
 * Per-device parameters (threshold, for, severity, disabled) from overrides, as few Prometheus
 * rules as possible: devices grouped by their effective rule, each group a scope (`device=~…`, the
 * global one `device!~…` everything else), and scopes with the same `for` and severity joined by
 * `or` into one rule. Prometheus' linter rejects two rules with the same name and labels, so a
 * rule that differs only in `for` carries a `for_override` label.
 */
function variants(rule: CompiledRule, cfg: AlertingConfig, opts: PrometheusRulesOptions): PrometheusRule[] {
  const global = ruleForDevice(rule, { client: '\u0000', site: '\u0000', device: '\u0000' }, cfg.overrides.filter((o) => o.client === undefined && o.site === undefined && o.device === undefined));
  const groups = new Map<string, { rule: DeviceRule; devices: string[] }>();
  for (const d of opts.devices ?? []) {
    const r = ruleForDevice(rule, { client: d.client, site: d.site, device: d.name }, cfg.overrides);
    const key = variantKey(r);
    if (key === variantKey(global)) continue;
    const g = groups.get(key);
    if (g) g.devices.push(d.name);
    else groups.set(key, { rule: r, devices: [d.name] });
  }
  const special = [...groups.values()].flatMap((g) => g.devices);
  const deviceRe = (names: string[]) => names.map(regexEscape).join('|');
  const scoped: Array<{ rule: DeviceRule; scope: Matcher[] }> = [];
  if (!global.disabled) scoped.push({ rule: global, scope: special.length > 0 ? [['device', '!~', deviceRe(special)]] : [] });
  for (const g of groups.values()) if (!g.rule.disabled) scoped.push({ rule: g.rule, scope: [['device', '=~', deviceRe(g.devices)]] });

  const merged = new Map<string, Array<{ rule: DeviceRule; scope: Matcher[] }>>();
  for (const v of scoped) {
    const key = `${v.rule.severity}\u0000${opts.forOverride ?? v.rule.forMs}`;
    const list = merged.get(key);
    if (list) list.push(v);
    else merged.set(key, [v]);
  }
  const out: PrometheusRule[] = [];
  const severitiesSeen = new Set<string>();
  for (const list of merged.values()) {
    const first = list[0];
    const base = toPrometheus(first.rule, first.scope, opts);
    if (list.length > 1) base.expr = list.map((v) => `(\n${indent(ruleExpr(v.rule, v.scope, opts.devices))}\n)`).join('\nor\n');
    if (severitiesSeen.has(first.rule.severity) && opts.forOverride === undefined) base.labels.for_override = base.for ?? '0s';
    severitiesSeen.add(first.rule.severity);
    out.push(base);
  }
  return out;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export function prometheusRules(cfg: AlertingConfig, opts: PrometheusRulesOptions = {}): { groups: Array<{ name: string; interval?: string; rules: PrometheusRule[] }> } {
  const rules = compileRules(cfg).flatMap((r) => variants(r, cfg, opts));
  const group: { name: string; interval?: string; rules: PrometheusRule[] } = { name: opts.group ?? 'quarkpulse', rules };
  if (opts.interval) group.interval = opts.interval;
  return { groups: [group] };
}

const HEADER = `# quarkpulse alert rules for Prometheus — generated by \`quarkpulse rules export\`; do not edit by hand.
# The same rules quarkpulse evaluates itself and posts to Alertmanager (alerting.* in its config).
# Load them in Prometheus only if Prometheus, not quarkpulse, is to send these alerts.
`;

export function prometheusRulesYaml(cfg: AlertingConfig, opts: PrometheusRulesOptions = {}): string {
  const doc = prometheusRules(cfg, opts);
  // Strip undefined `for` keys so the YAML stays clean.
  const clean = JSON.parse(JSON.stringify(doc)) as unknown;
  return HEADER + stringify(clean, { lineWidth: 0 });
}
