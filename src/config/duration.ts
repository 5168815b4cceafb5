/**
 * Durations, one grammar for the whole config: Prometheus-style text ("30s", "5m", "1h30m", "7d",
 * "0"). Alerting keeps the text (rule `for`, `resend_interval`: it exports unchanged to a
 * Prometheus rules file) and the engine converts with parseDuration; the inventory's settings
 * (intervals, timeouts) also take a bare number of seconds (parseDurationMs). Pure.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

// Units must come largest first, each at most once: the same grammar Prometheus accepts.
const DURATION_RE = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const ORDER = ['w', 'd', 'h', 'm', 's', 'ms'] as const;

export const DURATION_HINT = 'use a number with a unit, like 30s, 5m, 1h, 1d or 1h30m';

/**
 * Upper bound of every duration setting, by what it is (docs/configuration.md has the table).
 * All far below what a Node.js timer takes (util/timer.ts MAX_TIMER_MS, ~24.8 days); the schema
 * rejects anything longer with the bound in the message.
 */
export const DURATION_LIMITS_MS = {
  /** intervals.snmp / icmp / backup */
  interval: 7 * 86_400_000,
  /** probe_timeout: one whole run */
  probeTimeout: 3_600_000,
  /** snmp.timeout (one request PDU), icmp.timeout (one echo) */
  requestTimeout: 60_000,
  /** alerting: rule and override `for` */
  alertFor: 7 * 86_400_000,
  /** alerting.resend_interval */
  resendInterval: 86_400_000,
  /** alerting.evaluation.interval */
  evaluationInterval: 3_600_000,
  /** alerting.evaluation.resolved_retention */
  resolvedRetention: 7 * 86_400_000,
  /** alerting.delivery.timeout */
  deliveryTimeout: 300_000,
  /** alerting.delivery.retry_initial / retry_max */
  deliveryRetry: 3_600_000,
  /** queue.leader_ttl: how long a dead schedule writer holds the lease before another scheduler takes over */
  leaderTtl: 600_000,
  /** ssh.connect_timeout, ssh.command_timeout (the longest silence of a command) */
  sshTimeout: 600_000,
  /** backup.weekly_report.since: how far back a config-diff review looks */
  reportWindow: 366 * 86_400_000,
} as const;

/** Pure: the problem with a parsed duration of `ms` against `maxMs`, or undefined when it fits. */
export function durationBoundProblem(ms: number, maxMs: number): string | undefined {
  return ms > maxMs ? `${formatDuration(ms)} is longer than the maximum of ${formatDuration(maxMs)}` : undefined;
}

/** Milliseconds, or undefined when `text` is not a valid duration. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const m = DURATION_RE.exec(text);
  if (!m || text.length === 0) return undefined;
  let total = 0;
  ORDER.forEach((unit, i) => {
    const n = m[i + 1];
    if (n !== undefined) total += Number(n) * UNIT_MS[unit];
  });
  return Number.isSafeInteger(total) ? total : undefined;
}

/** Inventory settings: duration text, or a number of seconds (as a number or as digits). Milliseconds. */
export function parseDurationMs(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input * 1000 : undefined;
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  return parseDuration(text);
}

/** Like parseDuration, for values the schema has already validated. */
export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`invalid duration "${text}"; ${DURATION_HINT}`);
  return ms;
}

/** Milliseconds → the shortest duration text ("90000" → "1m30s"); 0 → "0s". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ORDER) {
    const size = UNIT_MS[unit];
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
