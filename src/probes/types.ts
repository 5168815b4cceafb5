import type { Logger } from '../log';
import type { Sample } from '../metrics/names';
import type { DeviceTarget } from '../inventory/types';

export type ProbeKind = 'snmp' | 'icmp' | 'ssh' | 'routeros';

/**
 * Why a probe failed, which decides what happens next: `transient` failures (timeouts,
 * unreachable) are retried with backoff; `auth` and `config` are not (retrying cannot help).
 */
export type FailureKind = 'timeout' | 'unreachable' | 'auth' | 'config' | 'protocol' | 'internal';

export interface ProbeFailure {
  kind: FailureKind;
  message: string;
}

export interface ProbeContext {
  /** Aborted when the runner's deadline passes or the process shuts down; probes must honour it. */
  signal: AbortSignal;
  logger: Logger;
}

export interface ProbeResult {
  probe: ProbeKind;
  success: boolean;
  durationSeconds: number;
  /** Device samples without the device labels (client/device/site), which the store adds. */
  samples: Sample[];
  error?: ProbeFailure;
  /** SNMP: per-module outcome, so one failed module does not hide the others. */
  modules?: Record<string, { success: boolean; error?: string }>;
}

export interface Probe {
  readonly kind: ProbeKind;
  /** True when the device has this probe configured. */
  appliesTo(target: DeviceTarget): boolean;
  run(target: DeviceTarget, ctx: ProbeContext): Promise<ProbeResult>;
  /** Drop what the probe keeps about a device that left the config (walk plans, sessions). */
  forget?(device: string): void;
  /** Release what the probe holds open (pooled sessions); called on shutdown. */
  close?(): void;
}
