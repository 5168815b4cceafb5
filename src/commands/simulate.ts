/**
 * `quarkpulse simulate`: serve a directory of snmprec recordings as an SNMP v1/v2c agent until
 * SIGINT/SIGTERM; optionally the bundled lab's SSH devices and RouterOS API devices too.
 */
import * as fs from 'node:fs';
import { UserError } from './errors';
import { createLogger, type Logger } from '../log';
import * as path from 'node:path';
import { startSimulator } from '../simulate/agent';
import { labRecordingsDir } from '../simulate/lab';
import { LAB_SSH_LOGIN, LAB_SSH_SUBDIR, serveLabSshFiles } from '../simulate/ssh/lab';
import { LAB_ROUTEROS_LOGIN, LAB_ROUTEROS_SUBDIR, serveLabRouterosFiles } from '../simulate/routeros/lab';
import { SNMPREC_EXT } from '../simulate/load';

export interface SimulateOptions {
  recordings: string;
  port: number;
  host: string;
  /** Also serve the bundled SSH lab devices (config/lab/ssh) on this port and the next ones. */
  sshPort?: number;
  /** How often those devices change a line of their config. */
  sshChangeEveryMs?: number;
  /** Also serve the bundled RouterOS API lab devices (config/lab/routeros) on this port and the next ones. */
  routerosPort?: number;
}

function checkRecordingsDir(dir: string): void {
  let names: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new UserError(`--recordings ${dir}: not a directory`);
    names = fs.readdirSync(dir);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`--recordings ${dir}: ${code === 'ENOENT' ? 'no such directory' : err instanceof Error ? err.message : String(err)}`);
  }
  if (!names.some((n) => n.endsWith(SNMPREC_EXT) && n.length > SNMPREC_EXT.length)) {
    throw new UserError(`--recordings ${dir}: no *${SNMPREC_EXT} files in it (community = file name without ${SNMPREC_EXT})`);
  }
}

export interface SimulateDeps {
  logger?: Logger;
  /** Resolves when the agent should stop; default: the first SIGINT or SIGTERM. */
  stop?: Promise<unknown>;
}

export async function runSimulate(opts: SimulateOptions, deps: SimulateDeps = {}): Promise<number> {
  const logger = deps.logger ?? createLogger();
  checkRecordingsDir(opts.recordings);
  const sim = await listenOrExplain(`${opts.host}:${opts.port}/udp`, () => startSimulator({ recordingsDir: opts.recordings, host: opts.host, port: opts.port, logger }));
  const communities = sim.communities();
  if (communities.length === 0) {
    await sim.close();
    throw new UserError(`--recordings ${opts.recordings}: no usable recordings`);
  }
  logger.info({ address: sim.address, port: sim.port, communities: communities.length }, `SNMP simulator listening on ${sim.address.includes(':') ? `[${sim.address}]` : sim.address}:${sim.port}/udp, ${communities.length} devices (community = recording name)`);
  const closeSim = async (): Promise<void> => {
    const stats = sim.stats();
    await sim.close();
    logger.info({ requests: stats.requests, responses: stats.responses, varbinds: stats.varbindsOut, malformed: stats.malformed }, 'SNMP simulator stopped');
  };
  let ssh: Awaited<ReturnType<typeof serveLabSshFiles>> = [];
  let routeros: Awaited<ReturnType<typeof serveLabRouterosFiles>> = [];
  const closeDevices = async (): Promise<void> => {
    await Promise.all([...ssh.map((d) => d.handle.close()), ...routeros.map((d) => d.server.close())]);
  };
  const { sshPort, routerosPort } = opts;
  try {
    if (sshPort !== undefined) {
      ssh = await listenOrExplain(`${opts.host}:${sshPort}+/tcp for the SSH devices`, () =>
        serveLabSshFiles(path.join(labRecordingsDir(), LAB_SSH_SUBDIR), opts.host, sshPort, { changeEveryMs: opts.sshChangeEveryMs ?? 600_000, logger }),
      );
      for (const { file, handle } of ssh) {
        logger.info({ device: file.device, profile: file.profile, port: handle.port }, `SSH device ${file.device} (${file.profile}) on ${handle.address}:${handle.port}, login ${LAB_SSH_LOGIN.username}/${LAB_SSH_LOGIN.password}`);
      }
    }
    if (routerosPort !== undefined) {
      routeros = await listenOrExplain(`${opts.host}:${routerosPort}+/tcp for the RouterOS API devices`, () =>
        serveLabRouterosFiles(path.join(labRecordingsDir(), LAB_ROUTEROS_SUBDIR), opts.host, routerosPort, { logger }),
      );
      for (const { file, server } of routeros) {
        logger.info({ device: file.device, port: server.port }, `RouterOS API device ${file.device} on ${server.address}:${server.port}, login ${LAB_ROUTEROS_LOGIN.username}/${LAB_ROUTEROS_LOGIN.password}`);
      }
    }
  } catch (err) {
    await closeDevices();
    await sim.close();
    throw err;
  }
  await (deps.stop ?? untilSignal());
  await closeDevices();
  await closeSim();
  return 0;
}

/** Runs `listen`; a port that cannot be had becomes a UserError naming it. */
async function listenOrExplain<T>(what: string, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') throw new UserError(`cannot listen on ${what}: ${e.code}`);
    throw err;
  }
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
