import pino from 'pino';

/** One structured JSON line per event; `device`/`client` go in as fields, never in the message text. */
export type Logger = pino.Logger;

/** `json` for machines (the default), `text` for a person at a terminal. */
export type LogFormat = 'json' | 'text';

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'text'];

/** QP_LOG_FORMAT (set by `--log-format`) wins; else text when stderr is a terminal, JSON otherwise. */
export function chooseLogFormat(env: NodeJS.ProcessEnv = process.env, stderrIsTty: boolean = process.stderr.isTTY === true): LogFormat {
  const wanted = env.QP_LOG_FORMAT;
  if (wanted === 'json' || wanted === 'text') return wanted;
  return stderrIsTty ? 'text' : 'json';
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname']);

function fieldText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[^\s"=]*$/.test(text) ? text : JSON.stringify(text);
}

/** Pure: one JSON log line → "10:03:07.123 INFO  message key=value …" (no colours: it may be a file). */
export function textLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const level = (LEVELS[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([k]) => !OMIT.has(k))
    .map(([k, v]) => `${k}=${fieldText(v)}`);
  return `${[time, level, String(entry.msg ?? ''), ...fields].filter((p) => p !== '').join(' ')}\n`;
}

/** A pino destination that writes each JSON line as readable text to `out`. */
export function textDestination(out: { write(s: string): unknown }): pino.DestinationStream {
  return { write: (msg: string) => void out.write(textLine(msg)) };
}

export function createLogger(options: { level?: string; destination?: pino.DestinationStream; format?: LogFormat } = {}): Logger {
  const level = options.level ?? process.env.QP_LOG_LEVEL ?? 'info';
  const format = options.format ?? chooseLogFormat();
  const stderr = pino.destination({ dest: 2, sync: true });
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
    options.destination ?? (format === 'text' ? textDestination(stderr) : stderr),
  );
}

/** A logger that discards everything; for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });
