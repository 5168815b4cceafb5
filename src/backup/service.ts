/**
 * The config-backup side assembled from the config: the host-key store for the probes, the sink
 * workers hand configs to, and the store owner (with its Redis consumer and weekly report) for
 * the one process that commits. The daemon and the commands build their parts here.
 */
import * as path from 'node:path';
import type { RuntimeConfig } from '../inventory/runtime-config';
import type { DeviceTarget } from '../inventory/types';
import type { Logger } from '../log';
import type { ProbeRegistry } from '../probes/registry';
import type { HostKeyStore } from '../probes/types';
import type { ConfigSink } from '../scheduler/config-sink';
import { GitConfigStore, stateDir } from './git-store';
import { FileHostKeyStore, RedisHostKeyStore } from './hostkeys';
import { BackupOwner } from './owner';
import { RedisConfigConsumer, RedisConfigSink } from './redis-sink';
import { buildConfigDiffReport, type ConfigDiffReport } from './report';
import { scheduleWeekly, writeReportFiles } from './weekly';

export type ClosableHostKeyStore = HostKeyStore & { close?(): Promise<void> };

/** Shared by every worker: Redis when there is one, else a file beside the store. */
export function createHostKeyStore(config: Pick<RuntimeConfig, 'queue' | 'backup'>, logger: Logger): ClosableHostKeyStore {
  if (config.queue.redis) return new RedisHostKeyStore({ url: config.queue.redis, prefix: config.queue.prefix, logger });
  return new FileHostKeyStore(path.join(stateDir(config.backup.dir), 'hostkeys.json'));
}

/** Devices with a probe kind that fetches their config (ssh, routeros without ssh, …). */
export function backupDevices(devices: readonly DeviceTarget[], registry: ProbeRegistry): DeviceTarget[] {
  return devices.filter((d) => registry.configKinds(d).length > 0);
}

export async function openOwner(config: Pick<RuntimeConfig, 'backup'>, deps: { logger: Logger; devices: () => readonly DeviceTarget[] }): Promise<BackupOwner> {
  const owner = new BackupOwner({ store: new GitConfigStore(config.backup.dir), logger: deps.logger, devices: deps.devices });
  await owner.open();
  return owner;
}

export function configDiffReport(
  owner: BackupOwner,
  devices: readonly DeviceTarget[],
  registry: ProbeRegistry,
  opts: { sinceMs: number; nowMs?: number; client?: string },
): Promise<ConfigDiffReport> {
  return buildConfigDiffReport({
    store: owner.store,
    devices: backupDevices(devices, registry),
    status: (d) => owner.status(d),
    sinceMs: opts.sinceMs,
    nowMs: opts.nowMs ?? Date.now(),
    client: opts.client,
  });
}

/** How often the owner re-reads approvals made outside it (`quarkpulse config approve`). */
const DRIFT_REFRESH_MS = 30_000;

export interface StoreOwnerRole {
  owner: BackupOwner;
  /** When the next weekly report is due (ms), if scheduled. */
  nextReportAt(): number | undefined;
  close(): Promise<void>;
}

/** The scheduler's part: open the store, consume the stream (with Redis), refresh drift, write the weekly report. */
export async function startStoreOwner(deps: { config: () => RuntimeConfig; registry: ProbeRegistry; logger: Logger }): Promise<StoreOwnerRole> {
  const initial = deps.config();
  const logger = deps.logger.child({ component: 'config-store' });
  const owner = await openOwner(initial, { logger, devices: () => deps.config().devices });
  const consumer = initial.queue.redis ? new RedisConfigConsumer({ url: initial.queue.redis, prefix: initial.queue.prefix, logger, handle: (o) => owner.accept(o) }) : undefined;
  await consumer?.start();
  const refresh = setInterval(() => {
    owner.refreshDrift().catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'refreshing config drift failed'));
  }, DRIFT_REFRESH_MS);
  refresh.unref();
  const weekly = initial.backup.weeklyReport;
  const schedule = weekly.enabled
    ? scheduleWeekly({
        day: weekly.day,
        time: weekly.time,
        logger,
        write: async () => {
          const config = deps.config();
          const nowMs = Date.now();
          const report = await configDiffReport(owner, config.devices, deps.registry, { sinceMs: nowMs - config.backup.weeklyReport.sinceMs, nowMs });
          return writeReportFiles(config.backup.weeklyReport.dir, report);
        },
      })
    : undefined;
  logger.info({ dir: owner.store.dir, via: consumer ? 'redis stream' : 'in-process', weeklyReport: weekly.enabled ? `${weekly.day} ${weekly.time}` : 'off' }, 'config store open');
  return {
    owner,
    nextReportAt: () => schedule?.next(),
    close: async () => {
      clearInterval(refresh);
      schedule?.stop();
      await consumer?.close();
      await owner.idle();
    },
  };
}

/** Where a worker hands configs: the stream with Redis, else the owner in this process. */
export function createConfigSink(config: Pick<RuntimeConfig, 'queue'>, deps: { logger: Logger; owner?: BackupOwner }): (ConfigSink & { close?(): Promise<void> }) | undefined {
  if (config.queue.redis) return new RedisConfigSink({ url: config.queue.redis, prefix: config.queue.prefix, logger: deps.logger });
  return deps.owner;
}
