import type { AlertingConfig } from './alerting';
import type { DeviceTarget } from '../inventory/types';
import type { Secret } from './secret';

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
  backup: { dir: string };
  /** The bundled simulated lab: when enabled, `run` starts the snmprec agent in-process on 127.0.0.1:port first. */
  lab?: { enabled: boolean; port: number; recordings: string };
}

/** One problem found in a config file: file, YAML path (e.g. `devices[3].snmp.version`), what is wrong. */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}
