/**
 * Process signals → daemon actions. SIGHUP reloads (errors logged, never thrown); SIGTERM/SIGINT
 * resolve `stopped` once; a second one while shutting down exits at once.
 */
import type { Logger } from '../log';

export interface SignalWatch {
  /** Resolves with the first SIGTERM/SIGINT. */
  stopped: Promise<NodeJS.Signals>;
  dispose(): void;
}

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
  return {
    stopped,
    dispose: () => {
      proc.off('SIGHUP', onHup);
      proc.off('SIGTERM', onStop);
      proc.off('SIGINT', onStop);
    },
  };
}
