import type { DeviceTarget } from '../inventory/types';
import type { ProbeKind, ProbeResult } from '../probes/types';

/** The latest result of one probe on one device, as kept by the result store. */
export interface StoredResult {
  device: string;
  client: string;
  site: string;
  kind: DeviceTarget['kind'];
  probe: ProbeKind;
  /** When the probe run finished (ms since epoch). */
  finishedAtMs: number;
  /** Milliseconds between runs of this probe on this device; drives staleness (3 intervals). */
  intervalMs: number;
  /** Which worker ran it (hostname:pid), for /api/devices and debugging. */
  worker: string;
  result: ProbeResult;
  /**
   * When this probe last succeeded on this device, as far as the store remembers (set by the
   * store, not by the writer): absent while it never has — a configured SNMP that never answered.
   */
  lastSuccessAtMs?: number;
}
