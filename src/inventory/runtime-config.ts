import type { AlertingConfig } from '../config/alerting';
import type { RedisTarget } from '../config/redis-target';
import type { Secret } from '../config/secret';
import type { Weekday } from '../config/vocabulary';
import type { DeviceTarget } from './types';

/** The validated config with defaults applied and secrets resolved: what the daemon runs on. */
export interface RuntimeConfig {
  /** The file it was loaded from (absolute), for logs and reload. */
  file: string;
  devices: DeviceTarget[];
  queue: {
    /** Where Redis is: a URL, Sentinel or Cluster (REDIS_URL overrides the config); absent = in-process queue. */
    redis?: RedisTarget;
    /** Key prefix for BullMQ queues and the result store; in a Cluster the configured prefix as a hash tag, `{prefix}`. */
    prefix: string;
    /** Probes run at once per worker process. */
    concurrency: number;
    /** The schedule writer's lease (several schedulers over one Redis elect one); default 15 s. */
    leaderTtlMs?: number;
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
    /** http.metrics_shards; absent (configs built in code): DEFAULT_METRICS_SHARDS. */
    metricsShards?: number;
  };
  alerting: AlertingConfig;
  backup: {
    /** Absolute path of the config store (a git repository). */
    dir: string;
    weeklyReport: { enabled: boolean; day: Weekday; time: string; dir: string; sinceMs: number };
  };
  /**
   * Monthly client reports (absent in configs built by hand: no Prometheus, defaults elsewhere).
   * `dir` is absolute.
   */
  reports?: { prometheusUrl?: string; queryTimeoutMs: number; stepMs: number; dir: string; monthly: { enabled: boolean; time: string } };
  /**
   * The bundled simulated lab: when enabled, `run` starts the snmprec agent in-process on
   * 127.0.0.1:port first, and the SSH devices of `<recordings>/ssh` whose config changes every
   * `configChangeEveryMs`.
   */
  lab?: { enabled: boolean; port: number; recordings: string; configChangeEveryMs: number };
}
