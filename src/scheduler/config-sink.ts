/**
 * Where a worker hands what a backup run produced. Workers only fetch and normalise; the one
 * process that owns the config store (backup/owner.ts) commits. In-process the sink is the owner
 * itself; with Redis it is a stream the owner consumes (backup/redis-sink.ts).
 */
import type { CapturedConfig, ProbeFailure, ProbeKind } from '../probes/types';

/** One finished backup run of one device: a fetched config, or why there is none. */
export interface BackupOutcome {
  device: string;
  client: string;
  site: string;
  probe: ProbeKind;
  /** When the fetch finished (ms since epoch): the version's time in the store. */
  fetchedAtMs: number;
  /** Present when the fetch succeeded. */
  config?: CapturedConfig;
  /** Present when it failed. */
  error?: ProbeFailure;
  /** The device presented an SSH host key other than the pinned one. */
  hostKeyChanged?: boolean;
}

export interface ConfigSink {
  /** Resolves once the outcome is safely handed over (committed, or durably queued). */
  submit(outcome: BackupOutcome): Promise<void>;
}
