/**
 * The config section of a monthly report, from the config-backup store: the versions stored in
 * the month (each one a change) and the backup coverage (devices with a stored config among the
 * devices configured for backup). When no device of the client is configured for backup, the
 * section says so instead of showing empty figures.
 */
import type { LoggedChange } from '../backup/git-store';
import type { Month } from './month';

export interface ConfigChangeRow {
  device: string;
  atMs: number;
  rev: string;
  /** The device's first stored version (a new backup, not a change of a known config). */
  first: boolean;
}

export type ConfigSection =
  | { configured: false }
  | {
      configured: true;
      changes: ConfigChangeRow[];
      /** Devices configured for backup that have a stored config. */
      backedUp: string[];
      /** Devices configured for backup without one yet. */
      missing: string[];
    };

/** The store's reading side a report needs (backup/git-store.ts GitConfigStore). */
export interface ConfigHistory {
  has(device: string): boolean;
  changesSince(sinceMs: number): Promise<LoggedChange[]>;
}

/** Pure: the section from the store's whole log (all devices, newest first) and who has a stored config. */
export function configSection(input: { client: string; month: Month; backupDevices: readonly string[]; log: readonly LoggedChange[]; has: (device: string) => boolean }): ConfigSection {
  if (input.backupDevices.length === 0) return { configured: false };
  const mine = input.log.filter((c) => c.client === input.client);
  // The oldest version of each device in the whole log is its first backup (the log is newest first).
  const firstRev = new Map<string, string>();
  for (const c of mine) firstRev.set(c.device, c.rev);
  const changes = mine
    .filter((c) => c.atMs >= input.month.startMs && c.atMs < input.month.endMs)
    .map((c) => ({ device: c.device, atMs: c.atMs, rev: c.rev, first: firstRev.get(c.device) === c.rev }))
    .sort((a, b) => a.atMs - b.atMs || a.device.localeCompare(b.device));
  const backedUp = input.backupDevices.filter((d) => input.has(d)).sort();
  const missing = input.backupDevices.filter((d) => !input.has(d)).sort();
  return { configured: true, changes, backedUp, missing };
}

/** Reads the store and builds the section (the whole log: a first backup is told apart from a change). */
export async function readConfigSection(store: ConfigHistory | undefined, input: { client: string; month: Month; backupDevices: readonly string[] }): Promise<ConfigSection> {
  if (!store || input.backupDevices.length === 0) return { configured: false };
  const log = await store.changesSince(0);
  return configSection({ ...input, log, has: (d) => store.has(d) });
}
