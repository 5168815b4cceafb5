/**
 * The `alerting` section of the config: where alerts go, the rules (shipped defaults plus the
 * user's), per client/site/device overrides and maintenance windows. Snake_case YAML keys, strict
 * objects, defaults such that `alertingSchema.parse({})` is a working setup. Every rule problem is
 * reported with its YAML path (zod issue path) and an exact message.
 */
import { z } from 'zod';
import { DEVICE_LABELS, DEVICE_METRICS, type DeviceMetricName } from '../metrics/names';
import { DEFAULT_RULES } from './defaults';
import { DURATION_HINT, parseDuration } from './duration';
import { templateError } from './template';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export const COMPARISON_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;
export const AGGREGATIONS = ['avg', 'max', 'min', 'sum'] as const;
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

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
  if (parseDuration(v) === undefined) ctx.addIssue({ code: 'custom', message: `invalid duration "${v}"; ${DURATION_HINT}` });
});

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

const httpUrl = z.string().superRefine((v, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(v);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    ctx.addIssue({ code: 'custom', message: `invalid Alertmanager URL "${v}"; expected http://host:port or https://host:port` });
  }
});

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
    for: durationString.default('0s'),
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

/** Which devices something applies to; every key given must match, none given = every device. */
const scopeFields = {
  client: z.string().optional(),
  site: z.string().optional(),
  device: z.string().optional(),
};

export const overrideSchema = z
  .object({
    ...scopeFields,
    /** The alertname it changes; omitted = every rule. */
    rule: z.string().optional(),
    threshold: z.number().optional(),
    clear_threshold: z.number().optional(),
    for: durationString.optional(),
    severity: z.enum(SEVERITIES).optional(),
    /** Ignore the rule(s) for the matched devices: nothing is evaluated or sent. */
    disabled: z.boolean().optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if ((o.threshold !== undefined || o.clear_threshold !== undefined) && o.rule === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rule'], message: 'threshold and clear_threshold overrides need the rule they change' });
    }
  });

const ISO_WITH_ZONE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const isoTime = z.string().superRefine((v, ctx) => {
  if (!ISO_WITH_ZONE_RE.test(v) || Number.isNaN(Date.parse(v))) {
    ctx.addIssue({ code: 'custom', message: `invalid time "${v}"; expected ISO 8601 with a zone, like 2025-03-01T22:00:00Z or 2025-03-01T22:00:00+01:00` });
  }
});
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected HH:MM (24-hour), like 22:00' });
const timeZone = z.string().superRefine((v, ctx) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: v });
  } catch {
    ctx.addIssue({ code: 'custom', message: `unknown time zone "${v}"; expected an IANA name like UTC or Europe/Berlin` });
  }
});

export const maintenanceSchema = z
  .object({
    name: z.string().optional(),
    ...scopeFields,
    /** Only these alertnames are held; omitted = all. */
    rules: z.array(z.string()).optional(),
    start: isoTime.optional(),
    end: isoTime.optional(),
    /** Recurring window; `to` before `from` runs past midnight into the next day. */
    weekly: z
      .object({
        days: z.array(z.enum(WEEKDAYS)).min(1),
        from: clockTime,
        to: clockTime,
        timezone: timeZone.default('UTC'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((w, ctx) => {
    const absolute = w.start !== undefined || w.end !== undefined;
    if (absolute && w.weekly) {
      ctx.addIssue({ code: 'custom', path: ['weekly'], message: 'a maintenance window has either start/end or weekly, not both' });
    } else if (!absolute && !w.weekly) {
      ctx.addIssue({ code: 'custom', path: [], message: 'a maintenance window needs start and end, or weekly' });
    } else if (absolute) {
      if (w.start === undefined) ctx.addIssue({ code: 'custom', path: ['start'], message: 'start is missing (end is set)' });
      else if (w.end === undefined) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end is missing (start is set)' });
      else if (Date.parse(w.end) <= Date.parse(w.start)) ctx.addIssue({ code: 'custom', path: ['end'], message: `end (${w.end}) must be after start (${w.start})` });
    } else if (w.weekly && w.weekly.from === w.weekly.to) {
      ctx.addIssue({ code: 'custom', path: ['weekly', 'to'], message: 'weekly from and to must differ' });
    }
  });

export const alertingSchema = z
  .object({
    /** Every Alertmanager of the HA group; each gets every alert (they dedupe among themselves). */
    alertmanagers: z.array(httpUrl).prefault([]),
    /** Firing alerts are posted again this often (Prometheus: resend_delay). */
    resend_interval: durationString.default('1m'),
    evaluation: z
      .object({
        /** Rules are evaluated on every new result and also this often (for `for` and staleness). */
        interval: durationString.default('15s'),
        /** Resolved alerts are re-posted (with endsAt) for this long, so a restarted Alertmanager learns of them. */
        resolved_retention: durationString.default('15m'),
      })
      .strict()
      .prefault({}),
    delivery: z
      .object({
        /** One POST to one Alertmanager. */
        timeout: durationString.default('10s'),
        /** Backoff after a failed POST: starts here, doubles, capped at retry_max. */
        retry_initial: durationString.default('1s'),
        retry_max: durationString.default('1m'),
      })
      .strict()
      .prefault({}),
    /** User rules; one named like a shipped rule replaces it. */
    rules: z.array(ruleSchema).prefault([]),
    /** true = none of the shipped rules; a list = those alertnames off. */
    disable_default_rules: z.union([z.boolean(), z.array(z.string())]).default(false),
    /** Applied in order, later entries win; device beats site beats client beats global. */
    overrides: z.array(overrideSchema).prefault([]),
    maintenance: z.array(maintenanceSchema).prefault([]),
    /** Alert state survives restarts: `auto` = Redis when the queue uses Redis, else the file. */
    state: z
      .object({
        store: z.enum(['auto', 'memory', 'file', 'redis']).default('auto'),
        file: z.string().default('data/alerts-state.json'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const defaultNames = DEFAULT_RULES.map((r) => r.name);
    const seen = new Map<string, number>();
    cfg.rules.forEach((r, i) => {
      const first = seen.get(r.name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `duplicate rule name "${r.name}" (also rules[${first}])` });
      else seen.set(r.name, i);
    });
    if (Array.isArray(cfg.disable_default_rules)) {
      cfg.disable_default_rules.forEach((name, i) => {
        if (!defaultNames.includes(name)) {
          ctx.addIssue({ code: 'custom', path: ['disable_default_rules', i], message: `unknown default rule "${name}" (shipped rules: ${defaultNames.join(', ')})` });
        }
      });
    }
    const known = new Set([...defaultNames, ...cfg.rules.map((r) => r.name)]);
    cfg.overrides.forEach((o, i) => {
      if (o.rule !== undefined && !known.has(o.rule)) ctx.addIssue({ code: 'custom', path: ['overrides', i, 'rule'], message: `unknown rule "${o.rule}"` });
    });
    cfg.maintenance.forEach((w, i) => {
      w.rules?.forEach((name, j) => {
        if (!known.has(name)) ctx.addIssue({ code: 'custom', path: ['maintenance', i, 'rules', j], message: `unknown rule "${name}"` });
      });
    });
  });

export type AlertingConfig = z.infer<typeof alertingSchema>;
export type AlertRuleConfig = z.infer<typeof ruleSchema>;
/** A rule as written in YAML/code before defaults are applied (what defaults.ts holds). */
export type AlertRuleInput = z.input<typeof ruleSchema>;
export type AlertOverride = z.infer<typeof overrideSchema>;
export type MaintenanceWindow = z.infer<typeof maintenanceSchema>;

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= 4 ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
