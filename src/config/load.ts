/**
 * File → RuntimeConfig. Every problem is reported at once, each with the file, the YAML path
 * (and line) and what is wrong, so `quarkpulse validate` can print one actionable line per problem.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { buildDevices, resolveSecret, type SecretContext } from '../inventory/build';
import { configSchema, type ParsedConfig } from './schema';
import { ConfigError, type ConfigProblem, type RuntimeConfig } from './types';

export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<RuntimeConfig> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`;
    throw new ConfigError([{ file, path: '(file)', message: reason }]);
  }
  return parseConfig(text, file, env);
}

/** The pure part of loadConfig (secret files are still read from disk, relative to `file`). */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file, path: `(line ${pos.line}, column ${pos.col})`, message: `YAML syntax: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(zodProblems(parsed.error, file, doc, lineCounter));

  const config = parsed.data;
  const baseDir = path.dirname(path.resolve(file));
  const ctx: SecretContext = {
    env,
    readFile: (p) => {
      try {
        return readFileSync(path.resolve(baseDir, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
  const built = buildDevices(config, ctx);
  const problems = [...built.problems];
  if (config.alerting.state.store === 'redis' && !(env.REDIS_URL || config.queue.redis)) {
    problems.push({ path: 'alerting.state.store', message: 'is redis, but no Redis is configured (set queue.redis or REDIS_URL)' });
  }
  const token = config.http.token === undefined ? undefined : resolveSecret(config.http.token, 'http.token', ctx, problems);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => ({ file, path: p.path, message: withLine(p.message, p.path, doc, lineCounter) })));

  return {
    file: path.resolve(file),
    devices: built.devices,
    queue: { redis: env.REDIS_URL || config.queue.redis, prefix: config.queue.prefix, concurrency: config.queue.concurrency },
    http: { listen: config.http.listen, token, externalUrl: (config.http.external_url ?? `http://${config.http.listen}`).replace(/\/$/, '') },
    alerting: config.alerting,
    // Data paths count from the working directory (like a data dir); inputs (lab, secret files) from the config file.
    backup: { dir: path.resolve(config.backup.dir) },
    lab: config.lab && config.lab.enabled ? { enabled: true, port: config.lab.port, recordings: path.resolve(baseDir, config.lab.recordings) } : undefined,
  };
}

export type { ParsedConfig };

/** `devices[3].snmp.version` from zod's path array. */
export function formatPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out === '' ? '(top level)' : out;
}

function zodProblems(error: z.ZodError, file: string, doc: Document, lc: LineCounter): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const p = formatPath([...issue.path, key]);
        out.push({ file, path: p, message: withLine(`unknown key "${key}"`, p, doc, lc) });
      }
      continue;
    }
    const p = formatPath(issue.path);
    let message = issue.message;
    if (issue.code === 'invalid_type' && issue.input === undefined) message = 'required';
    out.push({ file, path: p, message: withLine(message, p, doc, lc) });
  }
  return out;
}

/** Adds " (line N)" when the path points at a node of the document. */
function withLine(message: string, dotted: string, doc: Document, lc: LineCounter): string {
  const segments: Array<string | number> = [];
  for (const m of dotted.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segments.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  let node: unknown = doc.contents;
  let lastFound: unknown = undefined;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      lastFound = pair.key;
      node = pair.value;
      if (node) lastFound = node;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!node) break;
      lastFound = node;
    } else break;
  }
  const range = (lastFound as { range?: [number, number, number] } | undefined)?.range;
  return range ? `${message} (line ${lc.linePos(range[0]).line})` : message;
}
