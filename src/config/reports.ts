/**
 * The `reports` section of the config: where the monthly client reports read their history
 * (Prometheus), and where and when the scheduler writes them. Every key optional;
 * `reportsSchema.parse({})` is the default (no Prometheus: the report commands say so).
 */
import { z } from 'zod';
import { durationBoundProblem, parseDurationMs } from './duration';
import { quote } from './quote';

/** A duration text or seconds, longer than 0 and at most `maxMs`; parsed to milliseconds. */
function boundedDuration(maxMs: number) {
  return z
    .union([z.string(), z.number()], { error: 'expected a duration such as 30s, 5m or 1h' })
    .transform((v, ctx) => {
      const ms = parseDurationMs(v);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `${quote(v)} is not a duration (use e.g. 30s, 5m, 1h)` });
        return z.NEVER;
      }
      const problem = ms <= 0 ? 'must be longer than 0' : durationBoundProblem(ms, maxMs);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return ms;
    });
}

export const reportsSchema = z.strictObject({
  /** Base URL of the Prometheus that scrapes quarkpulse (its HTTP API); `--prometheus` overrides. */
  prometheus_url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  /** One Prometheus query may take at most this long. */
  query_timeout: boundedDuration(600_000).default(60_000),
  /** Resolution of availability, outages, supplies and alerts (one point per step). */
  step: boundedDuration(3_600_000).default(300_000),
  /** Where the scheduler writes the monthly reports; relative to the working directory. */
  dir: z.string().min(1).default('data/reports/monthly'),
  monthly: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** UTC time on the 1st of the month when last month's reports are written. */
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected HH:MM (24 h, UTC)' })
        .default('00:15'),
    })
    .default({ enabled: true, time: '00:15' }),
});

export type ReportsSettings = z.output<typeof reportsSchema>;
