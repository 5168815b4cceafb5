/**
 * The owner of the config store: the one process that commits. It takes every backup outcome
 * (in-process straight from the job handler, with Redis from the stream), stores new versions,
 * refuses versions the fail-closed scan flagged, keeps the per-device status behind the
 * quarkpulse_config_* series, decides drift against the approved baseline, and logs a
 * config-changed event for every new version.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { DeviceTarget } from '../inventory/types';
import type { Logger } from '../log';
import { CONFIG_STATUS_METRICS } from '../metrics/names';
import type { DeviceSeriesSource } from '../results/device-series';
import type { BackupOutcome, ConfigSink } from '../scheduler/config-sink';
import type { GitConfigStore } from './git-store';
import { scrubTarget } from './scrub';
import { statusSeries, type BackupResultKind, type DeviceBackupStatus } from './status';

export interface OwnerVerdict {
  device: string;
  result: BackupResultKind;
  /** The one-line reason (failed/blocked), scrubbed of the device's secrets. */
  reason?: string;
  rev?: string;
}

export interface BackupOwnerOptions {
  store: GitConfigStore;
  logger: Logger;
  /** The devices of the config in force (labels and secrets to scrub from reasons). */
  devices: () => readonly DeviceTarget[];
  now?: () => number;
}

const STATUS_FILE = 'status.json';
/** Reasons are one line, and short enough for a table cell. */
const MAX_REASON = 300;

export class BackupOwner implements ConfigSink, DeviceSeriesSource {
  readonly owns = CONFIG_STATUS_METRICS;
  private readonly statuses = new Map<string, DeviceBackupStatus>();
  /**
   * The approved baseline per device (its commit and that commit's blob of the device file), kept
   * in memory so drift is decided without a git process per fetch; re-read by refreshDrift.
   */
  private readonly approvedBlobs = new Map<string, { rev: string; blob: string | undefined }>();
  private saving: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly opts: BackupOwnerOptions) {
    this.now = opts.now ?? Date.now;
  }

  get store(): GitConfigStore {
    return this.opts.store;
  }

  /** Opens the store and rebuilds the status: persisted fetch results, counts and drift from git. */
  async open(): Promise<void> {
    await this.store.open();
    const saved = await readFile(this.statusFile(), 'utf8').then(
      (text) => JSON.parse(text) as { devices?: DeviceBackupStatus[] },
      () => ({ devices: [] }),
    );
    for (const s of saved.devices ?? []) if (typeof s?.device === 'string') this.statuses.set(s.device, { ...s, drift: false, changes: 0 });
    const counts = await this.store.versionCounts();
    for (const [device, count] of counts) {
      const s = this.statusOf(device);
      s.changes = Math.max(0, count - 1);
    }
    await this.refreshDrift();
  }

  submit(outcome: BackupOutcome): Promise<void> {
    return this.accept(outcome).then(() => undefined);
  }

  /** Handles one outcome; resolves once it is committed (or known not to need a commit). */
  async accept(outcome: BackupOutcome): Promise<OwnerVerdict> {
    const target = this.opts.devices().find((d) => d.name === outcome.device);
    const status = this.statusOf(outcome.device, outcome);
    const log = this.opts.logger.child({ device: outcome.device, client: outcome.client, probe: outcome.probe });
    let verdict: OwnerVerdict;
    if (!outcome.config) {
      const reason = oneLine(scrubTarget(`${outcome.error?.kind ?? 'internal'}: ${outcome.error?.message ?? 'failed'}`, target));
      status.last = { result: 'failed', atMs: outcome.fetchedAtMs, reason };
      status.hostKeyChanged = outcome.hostKeyChanged === true;
      verdict = { device: outcome.device, result: 'failed', reason };
      log.warn({ reason }, 'config backup failed');
    } else if (outcome.config.leak) {
      const { line, rule } = outcome.config.leak;
      const reason = `line ${line} still looks like a secret (${rule}); version not stored`;
      status.profile = outcome.config.profile;
      status.last = { result: 'blocked', atMs: outcome.fetchedAtMs, reason };
      status.leak = { line, rule };
      status.hostKeyChanged = false;
      verdict = { device: outcome.device, result: 'blocked', reason };
      log.error({ event: 'config_secret_leak_blocked', line, rule }, 'config version not stored: it still looks like it holds a secret');
    } else {
      const put = await this.store.put({ device: outcome.device, client: outcome.client, profile: outcome.config.profile, text: outcome.config.text, fetchedAtMs: outcome.fetchedAtMs });
      if (put.status === 'stored' && put.first) {
        await this.store.approve(outcome.device, put.rev);
        this.approvedBlobs.set(outcome.device, { rev: put.rev, blob: this.store.headBlob(outcome.device) });
      }
      // Every field of the status changes in one turn: a scrape never sees half an update.
      status.profile = outcome.config.profile;
      status.lastSuccessMs = Math.max(status.lastSuccessMs ?? 0, outcome.fetchedAtMs);
      status.hostKeyChanged = false;
      delete status.leak;
      if (put.status === 'stored') {
        if (!put.first) status.changes += 1;
        status.head = put.rev;
        status.lastChangeMs = outcome.fetchedAtMs;
        status.last = { result: 'stored', atMs: outcome.fetchedAtMs, rev: put.rev };
        await this.updateDrift(outcome.device, this.approvedBlobs.get(outcome.device)?.rev ?? null);
        log.info(
          { event: 'config_changed', profile: outcome.config.profile, rev: put.rev, first: put.first, drift: status.drift },
          put.first ? 'first config version stored (approved as the baseline)' : 'config changed: new version stored',
        );
        verdict = { device: outcome.device, result: 'stored', rev: put.rev };
      } else {
        status.last = { result: 'unchanged', atMs: outcome.fetchedAtMs };
        verdict = { device: outcome.device, result: 'unchanged' };
      }
    }
    this.save();
    return verdict;
  }

  /** Sets the approved baseline (default: the newest version); the revision must be one of the device's. */
  async approve(device: string, rev?: string): Promise<{ rev: string; drift: boolean }> {
    const full = rev === undefined ? await this.store.lastRev(device) : await this.store.resolve(device, rev);
    if (!full) throw new RevisionError(`"${rev ?? ''}" is not a stored version of ${device}`);
    await this.store.approve(device, full);
    await this.updateDrift(device, full);
    this.opts.logger.info({ event: 'config_approved', device, rev: full }, 'config baseline approved');
    this.save();
    return { rev: full, drift: this.statuses.get(device)?.drift ?? false };
  }

  /** Re-reads the approvals (a `config approve` from the command line, say) and recomputes drift. */
  async refreshDrift(): Promise<void> {
    const approvals = await this.store.approvals();
    for (const device of this.store.devices()) {
      const s = this.statusOf(device);
      s.approved = approvals.get(device);
      await this.updateDrift(device, approvals.get(device) ?? null);
    }
  }

  status(device: string): DeviceBackupStatus | undefined {
    const s = this.statuses.get(device);
    return s && { ...s };
  }

  /** The status of configured devices only (a removed device's series go with it). */
  series(): ReturnType<DeviceSeriesSource['series']> {
    const configured = new Map(this.opts.devices().map((d) => [d.name, d]));
    const current: DeviceBackupStatus[] = [];
    for (const s of this.statuses.values()) {
      const d = configured.get(s.device);
      if (d) current.push({ ...s, client: d.client, site: d.site });
    }
    return statusSeries(current);
  }

  /** Waits for commits and the status file. */
  async idle(): Promise<void> {
    await this.store.idle();
    await this.saving;
  }

  /** `known`: the approved rev if the caller knows it (null: known to be none); undefined: ask git. */
  private async updateDrift(device: string, known?: string | null): Promise<void> {
    const s = this.statusOf(device);
    const approved = known === undefined ? await this.store.approved(device) : (known ?? undefined);
    s.approved = approved;
    const head = this.store.headBlob(device);
    if (!head || !approved) {
      s.drift = false;
      return;
    }
    let cached = this.approvedBlobs.get(device);
    if (cached?.rev !== approved) {
      cached = { rev: approved, blob: await this.store.blobAt(device, approved) };
      this.approvedBlobs.set(device, cached);
    }
    s.drift = cached.blob !== head;
    if (!s.head) s.head = await this.store.lastRev(device);
  }

  private statusOf(device: string, from?: Pick<BackupOutcome, 'client' | 'site'>): DeviceBackupStatus {
    let s = this.statuses.get(device);
    if (!s) {
      const d = this.opts.devices().find((t) => t.name === device);
      s = { device, client: from?.client ?? d?.client ?? '', site: from?.site ?? d?.site ?? '', changes: 0, drift: false, hostKeyChanged: false };
      this.statuses.set(device, s);
    }
    return s;
  }

  private statusFile(): string {
    return path.join(this.store.stateDir(), STATUS_FILE);
  }

  /** Writes the status file after the current write; never two writers on it. */
  private save(): void {
    const body = JSON.stringify({ devices: [...this.statuses.values()] });
    const file = this.statusFile();
    this.saving = this.saving
      .then(async () => {
        await writeFile(`${file}.tmp`, body);
        await rename(`${file}.tmp`, file);
      })
      .catch((err: unknown) => this.opts.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not save the backup status'));
  }
}

/** A revision that is not a stored version of the device: the caller's mistake, not ours. */
export class RevisionError extends Error {}

function oneLine(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}
