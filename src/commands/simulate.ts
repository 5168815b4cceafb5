/**
 * `quarkpulse simulate`: serve a directory of snmprec recordings as an SNMP v1/v2c agent until
 * SIGINT/SIGTERM.
 */
import * as fs from 'node:fs';
import { UserError } from './errors';
import { createLogger, type Logger } from '../log';
import * as path from 'node:path';
import { startSimulator } from '../simulate/agent';
import { labRecordingsDir } from '../simulate/lab';
import { LAB_SSH_LOGIN, LAB_SSH_SUBDIR, serveLabSshFiles } from '../simulate/ssh/lab';
import { SNMPREC_EXT } from '../simulate/load';

export interface SimulateOptions {
  recordings: string;
  port: number;
  host: string;
  /** Also serve the bundled SSH lab devices (config/lab/ssh) on this port and the next ones. */
  sshPort?: number;
  /** How often those devices change a line of their config. */
  sshChangeEveryMs?: number;
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
  let sim;
  try {
    sim = await startSimulator({ recordingsDir: opts.recordings, host: opts.host, port: opts.port, logger });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
      throw new UserError(`cannot listen on ${opts.host}:${opts.port}/udp: ${e.code}`);
    }
    throw err;
  }
  const communities = sim.communities();
  if (communities.length === 0) {
    await sim.close();
    throw new UserError(`--recordings ${opts.recordings}: no usable recordings`);
  }
  logger.info({ address: sim.address, port: sim.port, communities: communities.length }, `SNMP simulator listening on ${sim.address.includes(':') ? `[${sim.address}]` : sim.address}:${sim.port}/udp, ${communities.length} devices (community = recording name)`);
  let ssh: Awaited<ReturnType<typeof serveLabSshFiles>> = [];
  if (opts.sshPort !== undefined) {
    try {
      ssh = await serveLabSshFiles(path.join(labRecordingsDir(), LAB_SSH_SUBDIR), opts.host, opts.sshPort, { changeEveryMs: opts.sshChangeEveryMs ?? 600_000, logger });
    } catch (err) {
      await sim.close();
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE' || e.code === 'EACCES') throw new UserError(`cannot listen on ${opts.host}:${opts.sshPort}+/tcp for the SSH devices: ${e.code}`);
      throw err;
    }
    for (const { file, handle } of ssh) {
      logger.info({ device: file.device, profile: file.profile, port: handle.port }, `SSH device ${file.device} (${file.profile}) on ${handle.address}:${handle.port}, login ${LAB_SSH_LOGIN.username}/${LAB_SSH_LOGIN.password}`);
    }
  }
  await (deps.stop ?? untilSignal());
  await Promise.all(ssh.map((d) => d.handle.close()));
  const stats = sim.stats();
  await sim.close();
  logger.info({ requests: stats.requests, responses: stats.responses, varbinds: stats.varbindsOut, malformed: stats.malformed }, 'SNMP simulator stopped');
  return 0;
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
