/**
 * Durations as people write them in YAML and Prometheus: "500ms", "30s", "5m", "1h", "7d", "1h30m",
 * or a bare number of seconds. Pure; returns undefined for anything else so callers can report it.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/;

export function parseDurationMs(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input * 1000 : undefined;
  let rest = input.trim();
  if (rest === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(rest)) return Number(rest) * 1000;
  let total = 0;
  while (rest.length > 0) {
    const m = DURATION_RE.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** The shortest exact Prometheus-style rendering of a duration, e.g. 300000 → "5m". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
