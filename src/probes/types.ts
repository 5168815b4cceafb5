import type { RedisTarget } from '../config/redis-target';
import type { DeviceTarget } from '../inventory/types';
import type { Logger } from '../log';
import type { Sample } from '../metrics/names';
import type { SelfMetrics } from '../metrics/self';

/**
 * A probe kind's name: label `probe` and the key of its registry entry (registry.ts). Open-ended
 * on purpose, so a new kind is one folder plus one registry line, with no union to widen.
 */
export type ProbeKind = string;

/**
 * Why a probe failed, which decides what happens next: `transient` failures (timeouts,
 * unreachable) are retried with backoff; `auth` and `config` are not (retrying cannot help).
 */
export type FailureKind = 'timeout' | 'unreachable' | 'auth' | 'config' | 'protocol' | 'internal';

export interface ProbeFailure {
  kind: FailureKind;
  message: string;
  /** Trying this run again cannot help, whatever the kind (a device known dead was checked once: probes/snmp/fail-fast.ts). */
  final?: boolean;
}

export interface ProbeContext {
  /** Aborted when the runner's deadline passes or the process shuts down; probes must honour it. */
  signal: AbortSignal;
  logger: Logger;
}

/**
 * A device configuration a backup probe fetched, already normalised (volatile lines gone, secrets
 * replaced by the marker) by the worker. The job handler hands it to the one process that owns
 * the config store (backup/); it is never kept in the result store.
 */
export interface CapturedConfig {
  /** The platform profile that fetched it (cisco_ios, junos, routeros_api, …). */
  profile: string;
  /** Normalised text, as it will be stored. */
  text: string;
  /**
   * The fail-closed scan found what still looks like a secret after redaction: the version must
   * not be stored. Line number and rule name only — never the value.
   */
  leak?: { line: number; rule: string };
}

/** What a probe returns; the runner fills in the duration. */
export interface ProbeOutcome {
  success: boolean;
  /** Device samples without the device labels (client/device/site), which the store adds. */
  samples: Sample[];
  error?: ProbeFailure;
  /** SNMP: per-module outcome, so one failed module does not hide the others. */
  modules?: Record<string, { success: boolean; error?: string }>;
  /** Backup probes: the configuration fetched by this run. */
  config?: CapturedConfig;
}

/** One finished run of one probe, as stored and served. */
export interface ProbeResult extends ProbeOutcome {
  probe: ProbeKind;
  /** Measured by the runner around the whole run, for every kind alike. */
  durationMs: number;
}

export interface Probe {
  readonly kind: ProbeKind;
  run(target: DeviceTarget, ctx: ProbeContext): Promise<ProbeOutcome>;
  /** Drop what the probe keeps about a device that left the config (walk plans, sessions). */
  forget?(device: string): void;
  /** Release what the probe holds open (pooled sessions); called on shutdown. */
  close?(): void;
}

/**
 * Pinned SSH host keys, shared by every worker (Redis with BullMQ, a file without): the first key
 * seen is recorded; a different one refuses the backup until an operator accepts it.
 */
export interface HostKeyStore {
  /** The pinned key of `device` (an OpenSSH-style "type base64" string), if any. */
  get(device: string): Promise<string | undefined>;
  /** Record the first key seen (no effect when one is pinned already). */
  pinFirst(device: string, key: string): Promise<void>;
  /** Remember a refused key, so `backup accept-hostkey` can pin it. */
  recordRefused(device: string, key: string): Promise<void>;
  /** Pin the last refused key (operator's decision); false when nothing was refused. */
  accept(device: string): Promise<boolean>;
}

/** What a probe may use from the process it runs in. */
export interface ProbeDeps {
  logger: Logger;
  selfMetrics?: SelfMetrics;
  /** Backup probes over SSH: pinned host keys. */
  hostKeys?: HostKeyStore;
  /**
   * Where probes keep what every worker should share (SNMP request sizes, say): Redis when the
   * queue runs on it; absent, each process keeps its own.
   */
  redis?: { url: RedisTarget; prefix: string };
}

/** A JSON-safe value for the device API. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Everything the program knows about one probe kind, in one place (registry.ts lists them).
 * Scheduler, runner, result store, metrics, alerts and the device API all ask the definition instead of switching over kinds.
 */
export interface ProbeDefinition {
  readonly kind: ProbeKind;
  /** True when the device has this probe configured. */
  appliesTo(target: DeviceTarget): boolean;
  /** Milliseconds between runs on `target` (the config's `intervals` setting for this kind). */
  intervalMs(target: DeviceTarget): number;
  /** Deadline of one run when the config sets no `probe_timeout`. */
  readonly defaultTimeoutMs: number;
  /**
   * Whether a success means "the device answers" (quarkpulse_device_up). Reachability probes
   * count; a nightly config backup does not: it could hold a dead device up for a day.
   */
  readonly countsForAvailability: boolean;
  /**
   * Whether a run of this kind on `target` fetches the device's configuration (a backup): then its
   * failures count as failed backups too, and `backup --once` runs it. Absent: never.
   */
  producesConfig?(target: DeviceTarget): boolean;
  /** How it runs: one instance per process, reused for every device. */
  create(deps: ProbeDeps): Probe;
  /**
   * The device's settings of this kind for the API, built field by field: never a secret. (Every
   * Secret anywhere in a target is also scrubbed from API answers, whatever kind holds it.)
   */
  settingsView(target: DeviceTarget): JsonValue;
}
