import pino from 'pino';

/** One structured JSON line per event; `device`/`client` go in as fields, never in the message text. */
export type Logger = pino.Logger;

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.QP_LOG_LEVEL ?? 'info';
  return pino(
    {
      level,
      base: { app: 'quarkpulse' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Belt and braces: Secret already redacts itself; these catch plain strings passed by mistake.
      redact: {
        paths: ['*.community', '*.password', '*.authKey', '*.privKey', '*.auth_key', '*.priv_key', '*.token', '*.private_key'],
        censor: '<secret>',
      },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** A logger that discards everything; for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });
