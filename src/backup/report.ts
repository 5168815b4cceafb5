/**
 * The weekly config-diff review: per client, every device that changed in the window (each change
 * as a unified diff with its time and whether it is approved), the devices whose backups fail,
 * and the devices never backed up. Built from the store and the owner's status; rendered as
 * Markdown or as HTML that reads well in a browser and as an e-mail body (render-*.ts).
 */
import type { DeviceTarget } from '../inventory/types';
import { diffRevisions } from './diff';
import type { GitConfigStore } from './git-store';
import type { DeviceBackupStatus } from './status';

export interface ReportChange {
  rev: string;
  atMs: number;
  /** At or before the approved baseline in the device's history. */
  approved: boolean;
  /** The device's first stored version (its diff is against nothing). */
  first: boolean;
  diff: string;
}

export interface ReportDevice {
  device: string;
  profile: string;
  changes: ReportChange[];
  /** The newest version differs from the approved baseline. */
  drift: boolean;
}

export interface ClientReport {
  client: string;
  changed: ReportDevice[];
  failing: Array<{ device: string; reason: string; lastSuccessMs?: number }>;
  neverBackedUp: string[];
}

export interface ConfigDiffReport {
  generatedAtMs: number;
  sinceMs: number;
  clients: ClientReport[];
}

export interface ReportInput {
  store: GitConfigStore;
  /** Configured devices that have a backup (ssh/routeros) set. */
  devices: readonly DeviceTarget[];
  status: (device: string) => DeviceBackupStatus | undefined;
  sinceMs: number;
  nowMs: number;
  client?: string;
}

export async function buildConfigDiffReport(input: ReportInput): Promise<ConfigDiffReport> {
  const { store } = input;
  const devices = input.devices.filter((d) => input.client === undefined || d.client === input.client);
  const approvals = await store.approvals();
  const recent = await store.changesSince(input.sinceMs);
  const byClient = new Map<string, ClientReport>();
  const section = (client: string) => {
    let c = byClient.get(client);
    if (!c) byClient.set(client, (c = { client, changed: [], failing: [], neverBackedUp: [] }));
    return c;
  };
  for (const d of devices) section(d.client);

  const changedDevices = new Set(recent.filter((c) => input.client === undefined || c.client === input.client).map((c) => c.device));
  for (const device of [...changedDevices].sort()) {
    const history = await store.history(device);
    const approvedIndex = history.findIndex((v) => v.rev === approvals.get(device));
    const changes: ReportChange[] = [];
    for (let i = 0; i < history.length && history[i].atMs >= input.sinceMs; i++) {
      const v = history[i];
      const before = history[i + 1];
      changes.push({
        rev: v.rev,
        atMs: v.atMs,
        approved: approvedIndex >= 0 && i >= approvedIndex,
        first: before === undefined,
        diff: await diffRevisions(store, device, before?.rev, v.rev),
      });
    }
    if (changes.length === 0) continue;
    const client = recent.find((c) => c.device === device)?.client ?? '';
    const approvedRev = approvals.get(device);
    const drift = approvedRev !== undefined && (await store.blobAt(device, approvedRev)) !== store.headBlob(device);
    section(client).changed.push({ device, profile: history[0].profile, changes: changes.reverse(), drift });
  }

  for (const d of devices) {
    const s = input.status(d.name);
    if (!store.has(d.name)) section(d.client).neverBackedUp.push(d.name);
    if (s?.last && (s.last.result === 'failed' || s.last.result === 'blocked')) {
      section(d.client).failing.push({ device: d.name, reason: `${s.last.result}: ${s.last.reason ?? 'unknown reason'}`, ...(s.lastSuccessMs ? { lastSuccessMs: s.lastSuccessMs } : {}) });
    }
  }
  const clients = [...byClient.values()].sort((a, b) => a.client.localeCompare(b.client));
  return { generatedAtMs: input.nowMs, sinceMs: input.sinceMs, clients };
}

export function reportTotals(report: ConfigDiffReport): { changed: number; changes: number; unapproved: number; failing: number; never: number } {
  let changed = 0;
  let changes = 0;
  let unapproved = 0;
  let failing = 0;
  let never = 0;
  for (const c of report.clients) {
    changed += c.changed.length;
    for (const d of c.changed) {
      changes += d.changes.length;
      unapproved += d.changes.filter((x) => !x.approved).length;
    }
    failing += c.failing.length;
    never += c.neverBackedUp.length;
  }
  return { changed, changes, unapproved, failing, never };
}
