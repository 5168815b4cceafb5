/**
 * Durations in the inventory: Prometheus-style text ("500ms", "30s", "5m", "1h30m") as in alert
 * rules (one grammar, alerts/duration.ts), or a bare number of seconds.
 */
import { parseDuration } from '../alerts/duration';

export { formatDuration } from '../alerts/duration';

export function parseDurationMs(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input * 1000 : undefined;
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  return parseDuration(text);
}
