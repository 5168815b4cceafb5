/**
 * The bundled lab: when the config has `lab: { enabled: true }`, the daemon (and `poll --once`)
 * start the snmprec agent in-process on loopback first, so the built-in default config has
 * devices to poll without any hardware or Redis.
 */
import type { RuntimeConfig } from '../config/types';
import type { Logger } from '../log';
import { startSimulator, type SimulatorHandle } from './agent';

export async function startLabIfConfigured(config: RuntimeConfig, logger: Logger): Promise<SimulatorHandle | undefined> {
  if (!config.lab?.enabled) return undefined;
  const handle = await startSimulator({ recordingsDir: config.lab.recordings, host: '127.0.0.1', port: config.lab.port, logger });
  logger.info({ address: `${handle.address}:${handle.port}`, devices: handle.communities().length, recordings: config.lab.recordings }, 'simulated lab started');
  return handle;
}
