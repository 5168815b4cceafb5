/**
 * One alert rule of the config (`alerting.rules[i]`, and each shipped rule): the series it
 * selects, its condition and hysteresis, its texts. Every problem is reported with its YAML path
 * (zod issue path) and an exact message; an unknown metric name gets a "did you mean".
 */
import { z } from 'zod';
import { DEVICE_LABELS, DEVICE_METRICS, type DeviceMetricName } from '../metrics/names';
import { templateError } from './alert-template';
import { closest } from '../util/closest';
import { DURATION_HINT, DURATION_LIMITS_MS, durationBoundProblem, parseDuration } from './duration';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export const COMPARISON_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;
export const AGGREGATIONS = ['avg', 'max', 'min', 'sum'] as const;

export type Severity = (typeof SEVERITIES)[number];
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

const METRIC_NAMES = Object.keys(DEVICE_METRICS) as DeviceMetricName[];

/** Labels a series of `metric` can carry: the device labels, `kind` (device_up) and its own. */
export function metricLabels(metric: DeviceMetricName): string[] {
  return [...DEVICE_LABELS, ...DEVICE_METRICS[metric].labels];
}

export function unknownMetricMessage(name: string): string {
  const near = closest(name, METRIC_NAMES);
  return `unknown metric "${name}"${near ? `; did you mean "${near}"?` : ''} (rules can use the quarkpulse_* device metrics of CONTRACT section 3)`;
}

const metricName = z.string().superRefine((v, ctx) => {
  if (!(METRIC_NAMES as string[]).includes(v)) ctx.addIssue({ code: 'custom', message: unknownMetricMessage(v) });
});

export const durationString = z.string().superRefine((v, ctx) => {
  if (parseDuration(v) === undefined) ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(v)}; ${DURATION_HINT}` });
});

/** Duration text no longer than `maxMs` (every alerting duration has a bound: config/duration.ts). */
export function boundedDurationString(maxMs: number) {
  return z.string().superRefine((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined) ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(v)}; ${DURATION_HINT}` });
    else {
      const problem = durationBoundProblem(ms, maxMs);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  });
}

const templateString = z.string().superRefine((v, ctx) => {
  const problem = templateError(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const regexString = z.string().superRefine((v, ctx) => {
  try {
    new RegExp(`^(?:${v})$`);
  } catch {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression "${v}"` });
  }
});

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const labelName = z.string().regex(LABEL_NAME_RE, { message: 'label names are letters, digits and _' });

/** A series selector shared by rules and their `and`/`unless` conditions. */
const selectorFields = {
  metric: metricName,
  /** Label equality matchers. */
  match: z.record(labelName, z.string()).prefault({}),
  /** Label regex matchers, anchored like PromQL `=~`. */
  match_re: z.record(labelName, regexString).prefault({}),
};

/** Extra labels (besides client and device, always implied) that join a condition to the rule's series. */
const onLabels = z.array(labelName).prefault([]);

const andCondition = z
  .object({
    ...selectorFields,
    op: z.enum(COMPARISON_OPS),
    threshold: z.number(),
    on: onLabels,
  })
  .strict();

const unlessCondition = z
  .object({
    ...selectorFields,
    on: onLabels,
  })
  .strict();

export const ruleSchema = z
  .object({
    /** The alertname. */
    name: z.string().regex(LABEL_NAME_RE, { message: 'alert names are letters, digits and _ (e.g. PrinterPaperJam)' }),
    ...selectorFields,
    /** value = metric ÷ divide_by (series joined on all labels of the divisor), e.g. storage used ÷ size. */
    divide_by: metricName.optional(),
    /** Collapse all matching series of a device into one (alert labels: device labels only). */
    aggregate: z.enum(AGGREGATIONS).optional(),
    op: z.enum(COMPARISON_OPS),
    threshold: z.number(),
    /**
     * Hysteresis: once active, the alert only clears when the value is past this level
     * (below it for > and >=, above it for < and <=).
     */
    clear_threshold: z.number().optional(),
    for: boundedDurationString(DURATION_LIMITS_MS.alertFor).default('0s'),
    severity: z.enum(SEVERITIES).default('warning'),
    summary: templateString,
    description: templateString.default(''),
    /** Static labels added to every alert of the rule (e.g. team). */
    labels: z.record(labelName, z.string()).prefault({}),
    /** Every condition must hold for a series with the same client, device and `on` labels. */
    and: z.array(andCondition).prefault([]),
    /** The rule does not apply where a series of this selector exists (same client, device, `on` labels). */
    unless: z.array(unlessCondition).prefault([]),
    /** `important`: only interfaces listed in the device's important_interfaces (name or ifindex) or whose alias says uplink. */
    interfaces: z.enum(['all', 'important']).default('all'),
    /** Device-down style rule: held back while the device's parent is down; the parent's page names it. */
    parent_aware: z.boolean().default(false),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.clear_threshold !== undefined) {
      const { op, threshold, clear_threshold: clear } = rule;
      if (op === '==' || op === '!=') {
        ctx.addIssue({ code: 'custom', path: ['clear_threshold'], message: `clear_threshold needs op >, >=, < or <=, not ${op}` });
      } else if ((op === '>' || op === '>=') && clear > threshold) {
        ctx.addIssue({ code: 'custom', path: ['clear_threshold'], message: `clear_threshold (${clear}) must not be above threshold (${threshold}) for op ${op}` });
      } else if ((op === '<' || op === '<=') && clear < threshold) {
        ctx.addIssue({ code: 'custom', path: ['clear_threshold'], message: `clear_threshold (${clear}) must not be below threshold (${threshold}) for op ${op}` });
      }
    }
    if (!(METRIC_NAMES as string[]).includes(rule.metric)) return;
    const metric = rule.metric as DeviceMetricName;
    checkSelectorLabels(ctx, [], metric, rule.match, rule.match_re);
    rule.and.forEach((c, i) => {
      if ((METRIC_NAMES as string[]).includes(c.metric)) checkSelectorLabels(ctx, ['and', i], c.metric as DeviceMetricName, c.match, c.match_re);
    });
    rule.unless.forEach((c, i) => {
      if ((METRIC_NAMES as string[]).includes(c.metric)) checkSelectorLabels(ctx, ['unless', i], c.metric as DeviceMetricName, c.match, c.match_re);
    });
    if (rule.interfaces === 'important' && !DEVICE_METRICS[metric].labels.some((l) => l === 'ifindex')) {
      ctx.addIssue({ code: 'custom', path: ['interfaces'], message: `interfaces: important needs an interface metric (with an ifindex label), not ${metric}` });
    }
  });

function checkSelectorLabels(
  ctx: z.RefinementCtx,
  base: Array<string | number>,
  metric: DeviceMetricName,
  match: Record<string, string>,
  matchRe: Record<string, string>,
): void {
  const allowed = [...metricLabels(metric), 'kind'];
  for (const [key, labels] of [['match', match], ['match_re', matchRe]] as const) {
    for (const label of Object.keys(labels)) {
      if (!allowed.includes(label)) {
        ctx.addIssue({
          code: 'custom',
          path: [...base, key, label],
          message: `"${label}" is not a label of ${metric} (labels: ${metricLabels(metric).join(', ')})`,
        });
      }
    }
  }
}

export type AlertRuleConfig = z.infer<typeof ruleSchema>;
/** A rule as written in YAML/code before defaults are applied (what default-rules.ts holds). */
export type AlertRuleInput = z.input<typeof ruleSchema>;
