/**
 * `GET /api/alerts`: the alerts this process evaluates, firing and recently resolved (pending on
 * request), filterable by client, severity and state. Labels and annotations are what
 * Alertmanager receives; generatorURL opens the device's status page.
 */
import type { Request } from 'express';
import type { AlertPhase, AlertRecord } from '../alerts/engine';
import { generatorUrl } from '../alerts/payload';

export interface AlertJson {
  fingerprint: string;
  state: AlertPhase;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Became firing (pending: condition first seen). */
  startsAt: string;
  /** Resolved at; null while active. */
  endsAt: string | null;
  generatorURL: string;
  /** Why a firing alert is not paged: a maintenance window or the parent device being down. */
  held: { reason: string; window?: string; parent?: string } | null;
}

const PHASES: readonly AlertPhase[] = ['pending', 'firing', 'resolved'];
const DEFAULT_STATES: readonly AlertPhase[] = ['firing', 'resolved'];
const PHASE_ORDER: Record<AlertPhase, number> = { firing: 0, pending: 1, resolved: 2 };

/** `?x=a,b&x=c` → ['a','b','c']; absent → undefined (no filter). */
function listParam(value: unknown): string[] | undefined {
  const raw = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const items = raw.flatMap((v) => (typeof v === 'string' ? v.split(',') : [])).map((v) => v.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

export class AlertFilterError extends Error {
  readonly status = 400;
}

export interface AlertFilter {
  clients?: string[];
  severities?: string[];
  states: AlertPhase[];
}

export function alertFilter(query: Request['query']): AlertFilter {
  const states = listParam(query.state);
  const bad = (states ?? []).filter((s) => !(PHASES as readonly string[]).includes(s));
  if (bad.length > 0) throw new AlertFilterError(`state: unknown "${bad.join(', ')}" (pending, firing, resolved)`);
  return { clients: listParam(query.client), severities: listParam(query.severity), states: (states as AlertPhase[] | undefined) ?? [...DEFAULT_STATES] };
}

export function alertsJson(records: readonly AlertRecord[], filter: AlertFilter, externalUrl: string): AlertJson[] {
  return records
    .filter((a) => filter.states.includes(a.phase))
    .filter((a) => !filter.clients || filter.clients.includes(a.labels.client ?? ''))
    .filter((a) => !filter.severities || filter.severities.includes(a.labels.severity ?? ''))
    // Active ones first (firing, then pending), resolved last; oldest first within each.
    .sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || (a.firedAtMs ?? a.activeSinceMs) - (b.firedAtMs ?? b.activeSinceMs) || a.fingerprint.localeCompare(b.fingerprint))
    .map((a) => ({
      fingerprint: a.fingerprint,
      state: a.phase,
      labels: { ...a.labels },
      annotations: { ...a.annotations },
      startsAt: new Date(a.firedAtMs ?? a.activeSinceMs).toISOString(),
      endsAt: a.resolvedAtMs === undefined || a.phase !== 'resolved' ? null : new Date(a.resolvedAtMs).toISOString(),
      generatorURL: generatorUrl(externalUrl, a.device),
      held: a.held ? { ...a.held } : null,
    }));
}
