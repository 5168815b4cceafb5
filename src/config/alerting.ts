/**
 * The `alerting` section of the config: where alerts go, the rules (shipped defaults plus the
 * user's), per client/site/device overrides and maintenance windows. Snake_case YAML keys, strict
 * objects, defaults such that `alertingSchema.parse({})` is a working setup. Every problem is
 * reported with its YAML path (zod issue path) and an exact message. One rule: alert-rule.ts.
 */
import { z } from 'zod';
import { boundedDurationString, ruleSchema, SEVERITIES } from './alert-rule';
import { DURATION_LIMITS_MS } from './duration';
import { DEFAULT_RULES } from './default-rules';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

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
    for: boundedDurationString(DURATION_LIMITS_MS.alertFor).optional(),
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
    resend_interval: boundedDurationString(DURATION_LIMITS_MS.resendInterval).default('1m'),
    evaluation: z
      .object({
        /** Rules are evaluated on every new result and also this often (for `for` and staleness). */
        interval: boundedDurationString(DURATION_LIMITS_MS.evaluationInterval).default('15s'),
        /** Resolved alerts are re-posted (with endsAt) for this long, so a restarted Alertmanager learns of them. */
        resolved_retention: boundedDurationString(DURATION_LIMITS_MS.resolvedRetention).default('15m'),
      })
      .strict()
      .prefault({}),
    delivery: z
      .object({
        /** One POST to one Alertmanager. */
        timeout: boundedDurationString(DURATION_LIMITS_MS.deliveryTimeout).default('10s'),
        /** Backoff after a failed POST: starts here, doubles, capped at retry_max. */
        retry_initial: boundedDurationString(DURATION_LIMITS_MS.deliveryRetry).default('1s'),
        retry_max: boundedDurationString(DURATION_LIMITS_MS.deliveryRetry).default('1m'),
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
export type AlertOverride = z.infer<typeof overrideSchema>;
export type MaintenanceWindow = z.infer<typeof maintenanceSchema>;
