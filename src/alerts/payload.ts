/** Engine state → what Alertmanager is told. Pure. */
import type { AlertRecord, EngineState } from './engine';

/** One alert as handed to the Alertmanager client; endsAt of a firing alert is set at send time. */
export interface OutgoingAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAtMs: number;
  /** Set for a resolved alert; undefined while firing. */
  endsAtMs?: number;
  generatorURL: string;
}

export function generatorUrl(externalUrl: string, device: string): string {
  return `${externalUrl.replace(/\/+$/, '')}/devices/${encodeURIComponent(device)}`;
}

/** Devices whose own down alert is held back because `parent` is down (for the parent's page). */
function heldChildren(state: EngineState, parentAlert: AlertRecord): string[] {
  return Object.values(state.alerts)
    .filter((a) => a.rule === parentAlert.rule && a.phase === 'firing' && a.held?.reason === 'parent' && a.held.parent === parentAlert.device)
    .map((a) => a.device)
    .sort();
}

export function toOutgoing(a: AlertRecord, state: EngineState, externalUrl: string): OutgoingAlert {
  const annotations: Record<string, string> = { ...a.annotations };
  const children = heldChildren(state, a);
  if (children.length > 0) {
    annotations.affected_devices = children.join(', ');
    annotations.description = `${annotations.description} Also unreachable behind it (their own alerts are held back): ${children.join(', ')}.`.trim();
  }
  return {
    fingerprint: a.fingerprint,
    labels: a.labels,
    annotations,
    startsAtMs: a.firedAtMs ?? a.activeSinceMs,
    endsAtMs: a.phase === 'resolved' ? (a.resolvedAtMs ?? a.activeSinceMs) : undefined,
    generatorURL: generatorUrl(externalUrl, a.device),
  };
}

/**
 * Alerts Alertmanager must hear about now: firing ones not held back, and resolutions of alerts
 * it was told about. A held alert that was never sent resolves silently.
 */
export function deliverableAlerts(state: EngineState): AlertRecord[] {
  return Object.values(state.alerts).filter((a) => (a.phase === 'firing' && !a.held) || (a.phase === 'resolved' && a.notified));
}
