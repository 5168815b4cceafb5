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

/**
 * Per parent alert (rule and parent device), the devices whose own alert of that rule is held back
 * because the parent is down, sorted: built once per dispatch, not once per alert (that was
 * every alert × every alert).
 */
export type HeldChildren = ReadonlyMap<string, readonly string[]>;

function parentKey(rule: string, device: string): string {
  return `${rule}\u0000${device}`;
}

export function heldChildren(state: EngineState): HeldChildren {
  const out = new Map<string, string[]>();
  for (const a of Object.values(state.alerts)) {
    if (a.phase !== 'firing' || a.held?.reason !== 'parent') continue;
    const key = parentKey(a.rule, a.held.parent);
    const list = out.get(key);
    if (list) list.push(a.device);
    else out.set(key, [a.device]);
  }
  for (const list of out.values()) list.sort();
  return out;
}

export function toOutgoing(a: AlertRecord, state: EngineState, externalUrl: string, held: HeldChildren = heldChildren(state)): OutgoingAlert {
  const annotations: Record<string, string> = { ...a.annotations };
  const children = held.get(parentKey(a.rule, a.device)) ?? [];
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
