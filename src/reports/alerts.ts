/**
 * Alerts from Prometheus's own `ALERTS` series (Prometheus evaluating the shipped rule file,
 * `quarkpulse rules export`). The query asks for firing alerts at every step end over the step
 * before it, so one point = "firing at some time in (t-step, t]". An episode is a run of
 * consecutive points of one alert (its labels without alertstate); it started at the beginning of
 * its first step and was resolved by the end of its last: time to resolve at step resolution.
 */
import type { Series } from './prometheus';

export interface AlertEpisode {
  alertname: string;
  severity: string;
  device: string;
  startMs: number;
  /** Resolved by then; undefined while still firing at the end of the period. */
  endMs?: number;
  durationMs: number;
}

export interface AlertSummary {
  episodes: AlertEpisode[];
  bySeverity: Record<string, number>;
  /** Median and longest time to resolve of the resolved episodes. */
  medianResolveMs?: number;
  longestResolveMs?: number;
  stillFiring: number;
}

/** Pure: episodes of the firing series; `lastMs` is the period's last step end. */
export function alertEpisodes(series: readonly Series[], stepMs: number, lastMs: number): AlertEpisode[] {
  const groups = new Map<string, { labels: Record<string, string>; times: Set<number> }>();
  for (const s of series) {
    if (s.labels.alertstate !== undefined && s.labels.alertstate !== 'firing') continue;
    const labels = Object.fromEntries(Object.entries(s.labels).filter(([k]) => k !== '__name__' && k !== 'alertstate'));
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    const g = groups.get(key) ?? { labels, times: new Set<number>() };
    for (const [t, v] of s.points) if (Number.isFinite(v)) g.times.add(t);
    groups.set(key, g);
  }
  const out: AlertEpisode[] = [];
  for (const g of groups.values()) {
    const times = [...g.times].sort((a, b) => a - b);
    let start: number | undefined;
    let prev = 0;
    const push = (last: number) => {
      const startMs = (start as number) - stepMs;
      const ongoing = last >= lastMs;
      out.push({
        alertname: g.labels.alertname ?? '',
        severity: g.labels.severity ?? 'none',
        device: g.labels.device ?? '',
        startMs,
        ...(ongoing ? {} : { endMs: last }),
        durationMs: last - startMs,
      });
    };
    for (const t of times) {
      if (start !== undefined && t - prev > stepMs) {
        push(prev);
        start = undefined;
      }
      if (start === undefined) start = t;
      prev = t;
    }
    if (start !== undefined) push(prev);
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.alertname.localeCompare(b.alertname) || a.device.localeCompare(b.device));
}

/** Pure: counts by severity and resolve times. */
export function alertSummary(episodes: readonly AlertEpisode[]): AlertSummary {
  const bySeverity: Record<string, number> = {};
  for (const e of episodes) bySeverity[e.severity] = (bySeverity[e.severity] ?? 0) + 1;
  const resolved = episodes.filter((e) => e.endMs !== undefined).map((e) => e.durationMs).sort((a, b) => a - b);
  const summary: AlertSummary = { episodes: [...episodes], bySeverity, stillFiring: episodes.length - resolved.length };
  if (resolved.length > 0) {
    const mid = Math.floor(resolved.length / 2);
    summary.medianResolveMs = resolved.length % 2 === 1 ? resolved[mid] : (resolved[mid - 1] + resolved[mid]) / 2;
    summary.longestResolveMs = resolved[resolved.length - 1];
  }
  return summary;
}
