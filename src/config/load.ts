/**
 * Config text → a validated ParsedConfig (YAML syntax, then THE schema). Every problem is reported
 * at once, each with the file, the YAML path (and line) and what is wrong, so `quarkpulse validate`
 * can print one actionable line per problem. What needs the whole inventory (defaults merged into
 * devices, secrets resolved, cross-checks) is inventory/load.ts, which reports its problems through
 * the same lines (ValidatedConfig.problemsError).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { configSchema, type ParsedConfig } from './schema';
import { ConfigError, type ConfigProblem, type PathProblem } from './types';

/** A config that passed the schema, with what later checks need to point at a line of it. */
export interface ValidatedConfig {
  config: ParsedConfig;
  /** The config file's directory: secret files and the lab's recordings are relative to it. */
  baseDir: string;
  /** Problems found after the schema, by YAML path → one ConfigError naming the file and line of each. */
  problemsError(problems: readonly PathProblem[]): ConfigError;
}

export function readConfigText(file: string): string {
  try {
    return readFileSync(path.resolve(file), 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`;
    throw new ConfigError([{ file, path: '(file)', message: reason }]);
  }
}

/** Pure: YAML text of `file` → the validated config, or a ConfigError with every problem. */
export function validateConfig(text: string, file: string): ValidatedConfig {
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
  return {
    config: parsed.data,
    baseDir: path.dirname(path.resolve(file)),
    problemsError: (problems) => new ConfigError(problems.map((p) => ({ file, path: p.path, message: withLine(p.message, p.path, doc, lineCounter) }))),
  };
}

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
