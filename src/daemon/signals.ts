/**
 * Process signals → daemon actions. SIGHUP reloads (errors logged, never thrown); SIGTERM/SIGINT
 * resolve `stopped` once; a second one while shutting down exits at once.
 *
 * Started through npm (`npx quarkpulse run`, `npm exec`), node sits under an `sh -c` that npm
 * creates: npm passes its SIGTERM to that shell, the shell dies and node was left running as an
 * orphan. So under npm (npm_command is set) the parent is watched too: when it goes away, that is
 * a stop signal. Started any other way (systemd, Docker, nohup) a lost parent means nothing.
 */
import type { Logger } from '../log';

export interface SignalWatch {
  /** Resolves with the first SIGTERM/SIGINT. */
  stopped: Promise<NodeJS.Signals>;
  dispose(): void;
}

/** How often the parent is checked when started through npm. */
export const PARENT_CHECK_MS = 500;

export function watchSignals(opts: { logger: Logger; reload: () => Promise<unknown>; proc?: NodeJS.Process }): SignalWatch {
  const proc = opts.proc ?? process;
  let stopping = false;
  let resolveStopped: (s: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => (resolveStopped = resolve));

  const onHup = () => {
    opts.logger.info({ signal: 'SIGHUP' }, 'reloading config');
    opts.reload().catch((err: unknown) => opts.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'reload failed'));
  };
  const onStop = (signal: NodeJS.Signals) => {
    if (stopping) {
      opts.logger.warn({ signal }, 'second stop signal: exiting now');
      proc.exit(signal === 'SIGINT' ? 130 : 143);
      return;
    }
    stopping = true;
    opts.logger.info({ signal }, 'shutting down');
    resolveStopped(signal);
  };
  proc.on('SIGHUP', onHup);
  proc.on('SIGTERM', onStop);
  proc.on('SIGINT', onStop);
  const parentWatch = watchNpmParent(proc, () => {
    if (stopping) return;
    opts.logger.warn({ parent: 'npm' }, 'the npm process that started quarkpulse is gone; stopping as on SIGTERM');
    onStop('SIGTERM');
  });
  return {
    stopped,
    dispose: () => {
      if (parentWatch) clearInterval(parentWatch);
      proc.off('SIGHUP', onHup);
      proc.off('SIGTERM', onStop);
      proc.off('SIGINT', onStop);
    },
  };
}

function watchNpmParent(proc: NodeJS.Process, gone: () => void): NodeJS.Timeout | undefined {
  const env = proc.env ?? {};
  if (!env.npm_command || typeof proc.ppid !== 'number') return undefined;
  const parent = proc.ppid;
  if (parent <= 1) return undefined;
  const timer = setInterval(() => {
    if (proc.ppid === parent) return;
    clearInterval(timer);
    gone();
  }, PARENT_CHECK_MS);
  timer.unref();
  return timer;
}
