/**
 * `quarkpulse run | scheduler | worker`: load the config, start the daemon with the chosen roles,
 * reload on SIGHUP, stop on SIGTERM/SIGINT within 10 s. A bad config at start is a ConfigError
 * (exit 2, one line per problem, printed by cli.ts).
 */
import { loadConfig } from '../inventory/load';
import { startDaemon, type Daemon, type Role } from '../daemon/daemon';
import { defaultParts } from '../daemon/default-parts';
import { watchSignals } from '../daemon/signals';
import { asListenError } from './errors';
import { createLogger, type Logger } from '../log';

export interface RunDaemonOptions {
  config: string;
  listen?: string;
  concurrency?: number;
  roles: Role[];
}

/**
 * After everything is closed, how long a stray handle (a reconnect timer of a client Redis never
 * answered, a ping child finishing) may keep the process: shutdown with Redis down is to take < 2 s.
 */
const STRAY_HANDLE_GRACE_MS = 300;

/** A supervisor (systemd, Docker, Kubernetes) waits 10 s before SIGKILL; be gone before that. */
export const SHUTDOWN_DEADLINE_MS = 9_500;

export async function runDaemon(opts: RunDaemonOptions): Promise<number> {
  const logger = createLogger();
  const config = await loadConfig(opts.config);
  const uninstall = installLastResortHandlers(logger);

  let daemon: Daemon | undefined;
  // Signals are watched before start-up, so a SIGTERM while start-up waits (on Redis, say) still ends the process.
  const signals = watchSignals({
    logger,
    reload: async () => {
      if (daemon) await daemon.reload();
    },
  });
  let overdue: NodeJS.Timeout | undefined;
  void signals.stopped.then(() => {
    overdue = setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown is taking too long; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    overdue.unref();
  });
  try {
    daemon = await startDaemon({
      config,
      roles: opts.roles,
      listen: opts.listen,
      concurrency: opts.concurrency,
      logger,
      parts: defaultParts,
      loadConfig: (file) => loadConfig(file),
    });
  } catch (err) {
    signals.dispose();
    uninstall();
    clearTimeout(overdue);
    throw asListenError(err);
  }

  await signals.stopped;
  await daemon.close();
  clearTimeout(overdue);
  signals.dispose();
  uninstall();
  // Everything is closed; a stray handle (a ping child finishing, a library timer) must not keep a stopped daemon alive.
  setTimeout(() => process.exit(0), STRAY_HANDLE_GRACE_MS).unref();
  return 0;
}

/**
 * A rejected promise nobody awaited is logged, not fatal: one bad probe must not stop the
 * monitoring of every other device. An uncaught exception leaves unknown state: log and exit.
 */
function installLastResortHandlers(logger: Logger): () => void {
  const onRejection = (reason: unknown) => {
    logger.error({ err: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason) }, 'unhandled promise rejection');
  };
  const onException = (err: Error) => {
    logger.fatal({ err: err.stack ?? err.message }, 'uncaught exception; exiting');
    process.exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
