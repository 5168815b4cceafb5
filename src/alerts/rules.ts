/**
 * Config rules → compiled rules (durations parsed, regexes built), and the per-device view of a
 * rule after overrides. Pure.
 */
import type { DeviceMetricName } from '../metrics/names';
import { ruleSchema, type AlertRuleConfig, type ComparisonOp, type Severity } from '../config/alert-rule';
import type { AlertingConfig, AlertOverride } from '../config/alerting';
import { DEFAULT_RULES } from '../config/default-rules';
import { durationMs } from '../config/duration';

export interface CompiledSelector {
  metric: DeviceMetricName;
  match: Record<string, string>;
  matchRe: Record<string, RegExp>;
  /** The regexes as written (for PromQL). */
  matchReText: Record<string, string>;
}

export interface CompiledRule extends CompiledSelector {
  name: string;
  divideBy?: DeviceMetricName;
  aggregate?: 'avg' | 'max' | 'min' | 'sum';
  op: ComparisonOp;
  threshold: number;
  clearThreshold?: number;
  forMs: number;
  severity: Severity;
  summary: string;
  description: string;
  labels: Record<string, string>;
  and: Array<CompiledSelector & { op: ComparisonOp; threshold: number; on: string[] }>;
  unless: Array<CompiledSelector & { on: string[] }>;
  importantInterfacesOnly: boolean;
  parentAware: boolean;
  /** The rule as configured, for the Prometheus export. */
  source: AlertRuleConfig;
}

/**
 * `interfaces: important` also counts a port that was operationally up within this window (learned
 * per port): a port that was in use and went down matters, an access port never used does not.
 * The engine and the Prometheus rules file use the same window.
 */
export const INTERFACE_SEEN_UP_WINDOW = '7d';

/** Where a device sits, for matching overrides and maintenance windows. */
export interface DeviceScope {
  client: string;
  site: string;
  device: string;
}

/** The shipped defaults (minus disabled ones) followed by the user's rules; a user rule replaces a default of the same name. */
export function effectiveRuleConfigs(cfg: AlertingConfig): AlertRuleConfig[] {
  const disabled = cfg.disable_default_rules;
  const userNames = new Set(cfg.rules.map((r) => r.name));
  const defaults =
    disabled === true
      ? []
      : DEFAULT_RULES.map((r) => ruleSchema.parse(r)).filter((r) => !userNames.has(r.name) && !(Array.isArray(disabled) && disabled.includes(r.name)));
  return [...defaults, ...cfg.rules];
}

export function compileRules(cfg: AlertingConfig): CompiledRule[] {
  return effectiveRuleConfigs(cfg).map(compileRule);
}

function anchored(re: string): RegExp {
  return new RegExp(`^(?:${re})$`);
}

function compileSelector(s: { metric: string; match: Record<string, string>; match_re: Record<string, string> }): CompiledSelector {
  return {
    metric: s.metric as DeviceMetricName,
    match: s.match,
    matchRe: Object.fromEntries(Object.entries(s.match_re).map(([k, v]) => [k, anchored(v)])),
    matchReText: s.match_re,
  };
}

export function compileRule(rule: AlertRuleConfig): CompiledRule {
  return {
    ...compileSelector(rule),
    name: rule.name,
    divideBy: rule.divide_by as DeviceMetricName | undefined,
    aggregate: rule.aggregate,
    op: rule.op,
    threshold: rule.threshold,
    clearThreshold: rule.clear_threshold,
    forMs: durationMs(rule.for),
    severity: rule.severity,
    summary: rule.summary,
    description: rule.description,
    labels: rule.labels,
    and: rule.and.map((c) => ({ ...compileSelector(c), op: c.op, threshold: c.threshold, on: c.on })),
    unless: rule.unless.map((c) => ({ ...compileSelector(c), on: c.on })),
    importantInterfacesOnly: rule.interfaces === 'important',
    parentAware: rule.parent_aware,
    source: rule,
  };
}

/**
 * Every metric the rules read (selectors, divisors, `and`, `unless`), plus what the engine itself
 * reads: interfaces seen up, and interface aliases for `interfaces: important`. A device's other
 * samples cannot change an alert, so its snapshot leaves them out (at 10,000 devices most of the
 * ~160 samples per device are traffic and error counters no default rule names).
 */
export function metricsRulesRead(rules: readonly CompiledRule[]): Set<string> {
  const out = new Set<string>(['quarkpulse_interface_oper_up']);
  for (const r of rules) {
    out.add(r.metric);
    if (r.divideBy) out.add(r.divideBy);
    for (const c of r.and) out.add(c.metric);
    for (const c of r.unless) out.add(c.metric);
    if (r.importantInterfacesOnly) out.add('quarkpulse_interface_info');
  }
  return out;
}

export function scopeMatches(sel: { client?: string; site?: string; device?: string }, scope: DeviceScope): boolean {
  return (
    (sel.client === undefined || sel.client === scope.client) &&
    (sel.site === undefined || sel.site === scope.site) &&
    (sel.device === undefined || sel.device === scope.device)
  );
}

function specificity(o: AlertOverride): number {
  if (o.device !== undefined) return 3;
  if (o.site !== undefined) return 2;
  if (o.client !== undefined) return 1;
  return 0;
}

export type DeviceRule = CompiledRule & { disabled: boolean };

const AS_CONFIGURED = new WeakMap<CompiledRule, Readonly<DeviceRule>>();

/**
 * The rule as it applies to one device: matching overrides applied from least to most specific
 * (global, client, site, device), config order within a level. A threshold override without a
 * clear_threshold moves the clear level by the same amount, keeping the hysteresis band.
 */
export function ruleForDevice(rule: CompiledRule, scope: DeviceScope, overrides: readonly AlertOverride[]): Readonly<DeviceRule> {
  // Most devices of most rules have no override: one shared copy per rule, not one per device per cycle.
  if (!overrides.some((o) => (o.rule === undefined || o.rule === rule.name) && scopeMatches(o, scope))) {
    let plain = AS_CONFIGURED.get(rule);
    if (!plain) AS_CONFIGURED.set(rule, (plain = Object.freeze(withOverrides(rule, scope, []))));
    return plain;
  }
  return withOverrides(rule, scope, overrides);
}

function withOverrides(rule: CompiledRule, scope: DeviceScope, overrides: readonly AlertOverride[]): DeviceRule {
  const applicable = overrides
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => (o.rule === undefined || o.rule === rule.name) && scopeMatches(o, scope))
    .sort((a, b) => specificity(a.o) - specificity(b.o) || a.i - b.i);
  const out: DeviceRule = { ...rule, disabled: false };
  for (const { o } of applicable) {
    if (o.threshold !== undefined) {
      if (o.clear_threshold === undefined && out.clearThreshold !== undefined) out.clearThreshold += o.threshold - out.threshold;
      out.threshold = o.threshold;
    }
    if (o.clear_threshold !== undefined) out.clearThreshold = o.clear_threshold;
    if (o.for !== undefined) out.forMs = durationMs(o.for);
    if (o.severity !== undefined) out.severity = o.severity;
    if (o.disabled !== undefined) out.disabled = o.disabled;
  }
  // An override may leave the clear level on the wrong side of the threshold: no hysteresis then.
  if (out.clearThreshold !== undefined) {
    const wrongSide = out.op === '>' || out.op === '>=' ? out.clearThreshold > out.threshold : out.clearThreshold < out.threshold;
    if (wrongSide || out.op === '==' || out.op === '!=') out.clearThreshold = undefined;
  }
  return out;
}

export function compare(value: number, op: ComparisonOp, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

export function selectorMatches(sel: CompiledSelector, metric: string, labels: Record<string, string>): boolean {
  if (metric !== sel.metric) return false;
  for (const [k, v] of Object.entries(sel.match)) if ((labels[k] ?? '') !== v) return false;
  for (const [k, re] of Object.entries(sel.matchRe)) if (!re.test(labels[k] ?? '')) return false;
  return true;
}
