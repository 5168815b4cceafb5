/**
 * Per-device backup status, kept by the process that owns the config store: what the last fetch
 * gave, when a fetch last succeeded, how many versions changed, and whether the newest version
 * differs from the approved baseline. Pure: status → the quarkpulse_config_* series.
 */
import type { Sample } from '../metrics/names';
import type { DeviceSeries } from '../results/device-series';

/** stored: a new version was committed; unchanged: same as the newest; blocked: a secret-like value, not stored. */
export type BackupResultKind = 'stored' | 'unchanged' | 'failed' | 'blocked';

export interface DeviceBackupStatus {
  device: string;
  client: string;
  site: string;
  profile?: string;
  /** The last fetch, when there was one since the status file began. */
  last?: { result: BackupResultKind; atMs: number; reason?: string; rev?: string };
  lastSuccessMs?: number;
  /** Stored versions that differed from the one before (the first version is not a change). */
  changes: number;
  /** When the newest stored version was fetched (the last change, or the first version). */
  lastChangeMs?: number;
  /** Newest stored version and approved baseline (commit ids). */
  head?: string;
  approved?: string;
  drift: boolean;
  hostKeyChanged: boolean;
  leak?: { line: number; rule: string };
}

/** The one-line reason shown by `backup --once` and the device API. */
export function statusLine(s: Pick<DeviceBackupStatus, 'last'>): string {
  if (!s.last) return 'never backed up';
  switch (s.last.result) {
    case 'stored':
      return `stored${s.last.rev ? ` ${s.last.rev.slice(0, 12)}` : ''}`;
    case 'unchanged':
      return 'unchanged';
    case 'blocked':
    case 'failed':
      return `${s.last.result}: ${s.last.reason ?? 'unknown reason'}`;
  }
}

export function statusSamples(s: DeviceBackupStatus): Sample[] {
  const out: Sample[] = [];
  if (s.last) out.push({ name: 'quarkpulse_config_backup_success', labels: {}, value: s.last.result === 'stored' || s.last.result === 'unchanged' ? 1 : 0 });
  if (s.lastSuccessMs !== undefined) out.push({ name: 'quarkpulse_config_backup_last_success_timestamp_seconds', labels: {}, value: Math.floor(s.lastSuccessMs / 1000) });
  if (s.head) {
    out.push({ name: 'quarkpulse_config_changes_total', labels: {}, value: s.changes });
    out.push({ name: 'quarkpulse_config_drift', labels: {}, value: s.drift ? 1 : 0 });
  }
  out.push({ name: 'quarkpulse_config_hostkey_changed', labels: {}, value: s.hostKeyChanged ? 1 : 0 });
  if (s.leak) out.push({ name: 'quarkpulse_config_secret_leak_blocked', labels: { line: String(s.leak.line), rule: s.leak.rule }, value: 1 });
  return out;
}

export function statusSeries(statuses: Iterable<DeviceBackupStatus>): DeviceSeries[] {
  return [...statuses].map((s) => ({ client: s.client, device: s.device, site: s.site, samples: statusSamples(s) }));
}
