import type { AlertingConfig } from '../config/alerting';
import type { Secret } from '../config/secret';
import type { Weekday } from '../config/vocabulary';
import type { DeviceTarget } from './types';

/** The validated config with defaults applied and secrets resolved: what the daemon runs on. */
export interface RuntimeConfig {
  /** The file it was loaded from (absolute), for logs and reload. */
  file: string;
  devices: DeviceTarget[];
  queue: {
    /** Redis URL (REDIS_URL overrides the config); absent = in-process queue. */
    redis?: string;
    /** Key prefix for BullMQ queues and the result store. */
    prefix: string;
    /** Probes run at once per worker process. */
    concurrency: number;
    /** Share of a worker's slots one client may hold while another client has work (queue/fair.ts); absent: no cap. */
    clientShare?: number;
  };
  http: {
    /** host:port */
    listen: string;
    /** Bearer token guarding everything but /metrics and the health checks. */
    token?: Secret;
    /** Base URL used in links (alert generatorURL). */
    externalUrl: string;
  };
  alerting: AlertingConfig;
  backup: {
    /** Absolute path of the config store (a git repository). */
    dir: string;
    weeklyReport: { enabled: boolean; day: Weekday; time: string; dir: string; sinceMs: number };
  };
  /**
   * The bundled simulated lab: when enabled, `run` starts the snmprec agent in-process on
   * 127.0.0.1:port first, and the SSH devices of `<recordings>/ssh` whose config changes every
   * `configChangeEveryMs`.
   */
  lab?: { enabled: boolean; port: number; recordings: string; configChangeEveryMs: number };
}
