/**
 * Config text → a validated ParsedConfig (YAML syntax, then THE schema). Every problem is reported
 * at once, each with the file, line and column, the YAML path, what is wrong and how to fix it, so
 * `quarkpulse validate` prints one actionable line per problem. The schema is applied section by
 * section and device by device, so a broken device does not hide the problems the later checks
 * (inventory/load.ts: defaults, secrets, duplicates, parents) find in the others.
 *
 * Speed: a 100,000-device inventory is parsed with js-yaml (several times faster and lighter
 * than building a YAML Document); the position-keeping Document of the `yaml` library is built
 * only when there is a problem to point at, or when the text has anchors/aliases, whose expansion
 * `yaml` caps (a billion-laughs file is one problem, not an exhausted heap).
 */
import * as path from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { readRegularFileSync } from './read-file';
import { configSchema, type ParsedConfig } from './schema';
import { hintFor, unknownKeyMessage } from './problem-hints';
import { ConfigError, type ConfigProblem, type PathProblem } from './types';

/** A config file larger than this is refused (100,000 devices take ~15 MB). */
export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/** A config that passed the schema, with what later checks need to point at a line of it. */
export interface ValidatedConfig {
  config: ParsedConfig;
  /** The config file's directory: secret files and the lab's recordings are relative to it. */
  baseDir: string;
  /** Problems found after the schema, by YAML path → one ConfigError naming the file and line of each. */
  problemsError(problems: readonly PathProblem[]): ConfigError;
}

/**
 * The schema's verdict on a file without giving up at the first broken part: `config` holds every
 * section and device that passed (a broken section falls back to its defaults, a broken device is
 * left out), `deviceIndex[i]` is the position of `config.devices[i]` in the file, and `problems`
 * lists what failed. Later checks run on `config` and add their problems through `locate`.
 */
export interface CheckedConfig {
  config: ParsedConfig;
  baseDir: string;
  deviceIndex: number[];
  /** Names of the devices the schema rejected (they still count for duplicate and parent checks). */
  rejectedDeviceNames: Map<string, number>;
  problems: ConfigProblem[];
  /** A later problem (YAML path) → a located ConfigProblem of this file. */
  locate(problem: PathProblem): ConfigProblem;
}

export function readConfigText(file: string): string {
  const read = readRegularFileSync(path.resolve(file), MAX_CONFIG_BYTES);
  if (read.ok) return read.text;
  throw new ConfigError([{ file, path: '(file)', message: read.reason }]);
}

/** Pure: YAML text of `file` → the validated config, or a ConfigError with every problem. */
export function validateConfig(text: string, file: string): ValidatedConfig {
  const checked = checkConfig(text, file);
  if (checked.problems.length > 0) throw new ConfigError(checked.problems);
  return {
    config: checked.config,
    baseDir: checked.baseDir,
    problemsError: (problems) => new ConfigError(problems.map((p) => checked.locate(p))),
  };
}

/** Pure: YAML text → what the schema accepts of it, and every problem it found. */
export function checkConfig(text: string, file: string): CheckedConfig {
  const baseDir = path.dirname(path.resolve(file));
  const positions = lazyPositions(text);
  const parsed = parseYaml(text, file, positions);
  if (!parsed.ok) return emptyChecked(baseDir, parsed.problems);
  const raw = parsed.value ?? {};
  const locate = (p: PathProblem, at: 'key' | 'value' = 'value'): ConfigProblem => {
    const pos = positions.find(p.path, at);
    return { file, path: p.path, message: p.message, ...(pos ?? {}) };
  };
  if (!isPlainObject(raw)) {
    return emptyChecked(baseDir, [locate({ path: '(top level)', message: 'expected a mapping of settings (devices:, defaults:, …)' })]);
  }
  const problems: ConfigProblem[] = [];
  const report = (error: z.ZodError, prefix: Array<string | number>, input: unknown) => {
    for (const p of zodProblems(error, prefix, input)) problems.push(locate(p, p.at));
  };

  const sections: Record<string, unknown> = {};
  const shape = configSchema.shape;
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in shape)) {
      problems.push(locate({ path: key, message: unknownKeyMessage(key, Object.keys(shape)) }, 'key'));
      continue;
    }
    if (key === 'devices') continue;
    const section = shape[key as keyof typeof shape];
    const r = section.safeParse(value, { reportInput: true });
    if (r.success) sections[key] = r.data;
    else report(r.error, [key], value);
  }

  const devices: ParsedConfig['devices'] = [];
  const deviceIndex: number[] = [];
  const rejectedDeviceNames = new Map<string, number>();
  const rawDevices = raw.devices;
  if (rawDevices !== undefined && rawDevices !== null) {
    if (!Array.isArray(rawDevices)) {
      problems.push(locate({ path: 'devices', message: `expected a list of devices (each starting with "- "), got ${describe(rawDevices)}` }));
    } else {
      const element = shape.devices.unwrap().element;
      rawDevices.forEach((d: unknown, i) => {
        const r = element.safeParse(d, { reportInput: true });
        if (r.success) {
          devices.push(r.data);
          deviceIndex.push(i);
        } else {
          report(r.error, ['devices', i], d);
          const name = isPlainObject(d) && typeof d.name === 'string' ? d.name : undefined;
          if (name !== undefined && !rejectedDeviceNames.has(name)) rejectedDeviceNames.set(name, i);
        }
      });
    }
  }
  // Sections that failed take their defaults, so the later checks can still run on the rest.
  const config: ParsedConfig = { ...configSchema.parse({}), ...sections, devices };
  problems.sort(byPosition);
  return { config, baseDir, deviceIndex, rejectedDeviceNames, problems, locate: (p) => locate(p) };
}

function emptyChecked(baseDir: string, problems: ConfigProblem[]): CheckedConfig {
  return {
    config: configSchema.parse({}),
    baseDir,
    deviceIndex: [],
    rejectedDeviceNames: new Map(),
    problems,
    locate: (p) => ({ file: problems[0]?.file ?? '', ...p }),
  };
}

export function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0);
}

type YamlResult = { ok: true; value: unknown } | { ok: false; problems: ConfigProblem[] };

// An anchor (&a) or alias (*a) starts after a line start, a space or a flow indicator.
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,])[&*][^\s[\]{},]/m;

function parseYaml(text: string, file: string, positions: Positions): YamlResult {
  if (!ANCHOR_OR_ALIAS.test(text)) {
    try {
      return { ok: true, value: loadYaml(text, { schema: CORE_SCHEMA, filename: file }) };
    } catch {
      // The yaml library below reports the problem (with its position) the same way as always.
    }
  }
  const doc = positions.doc();
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = positions.lineCounter.linePos(e.pos[0]);
        return { file, path: '(syntax)', line: pos.line, column: pos.col, message: `YAML syntax: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 1_000 }) };
  } catch (err) {
    // yaml refuses to expand aliases past maxAliasCount: a billion-laughs file ends here.
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { ok: false, problems: [{ file, path: '(file)', message: `YAML aliases: ${why} (write the values out instead of using many *aliases)` }] };
  }
}

interface Positions {
  lineCounter: LineCounter;
  doc(): Document;
  /** Line and column (1-based) of the node at a dotted YAML path: its key or its value. */
  find(dotted: string, at: 'key' | 'value'): { line: number; column: number } | undefined;
}

/** The position-keeping parse, built on first use only. */
function lazyPositions(text: string): Positions {
  const lineCounter = new LineCounter();
  let doc: Document | undefined;
  const getDoc = () => (doc ??= parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }));
  return {
    lineCounter,
    doc: getDoc,
    find: (dotted, at) => {
      const range = nodeRange(getDoc(), dotted, at);
      if (!range) return undefined;
      const pos = lineCounter.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    },
  };
}

function nodeRange(doc: Document, dotted: string, at: 'key' | 'value'): [number, number, number] | undefined {
  const segments: Array<string | number> = [];
  for (const m of dotted.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segments.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  let node: unknown = doc.contents;
  let lastFound: unknown = undefined;
  segments.forEach((seg, i) => {
    if (node === undefined) return;
    if (isMap(node)) {
      const pair = node.items.find((it) => String((it.key as { value?: unknown } | null)?.value) === String(seg));
      if (!pair) return (node = undefined);
      lastFound = pair.key;
      node = pair.value;
      if (node && !(at === 'key' && i === segments.length - 1)) lastFound = node;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node) lastFound = node;
    } else node = undefined;
  });
  return (lastFound as { range?: [number, number, number] } | undefined)?.range;
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

function zodProblems(error: z.ZodError, prefix: Array<string | number>, input: unknown): Array<PathProblem & { at: 'key' | 'value' }> {
  const out: Array<PathProblem & { at: 'key' | 'value' }> = [];
  for (const issue of error.issues) {
    const full = [...prefix, ...issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const known = knownKeysAt(full);
        const nested = known.flatMap((k) => knownKeysAt([...full, k]).map((kk) => `${k}.${kk}`));
        out.push({ path: formatPath([...full, key]), message: unknownKeyMessage(key, known, nested), at: 'key' });
      }
      continue;
    }
    out.push({ path: formatPath(full), message: hintFor(issue, valueAt(input, issue.path)), at: 'value' });
  }
  return out;
}

function valueAt(root: unknown, segments: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let node: unknown = root;
  for (const seg of segments) {
    if (node === null || typeof node !== 'object' || !(String(seg) in node)) return { present: false, value: undefined };
    node = (node as Record<string, unknown>)[String(seg)];
  }
  return { present: true, value: node };
}

/** The keys the schema knows where an unknown key was found (for "did you mean"). */
function knownKeysAt(segments: ReadonlyArray<string | number>): string[] {
  let schemas: SchemaNode[] = [configSchema as unknown as SchemaNode];
  for (const seg of segments) schemas = schemas.flatMap(unwrapSchema).flatMap((s) => childSchema(s, seg));
  const keys = new Set<string>();
  for (const s of schemas.flatMap(unwrapSchema)) {
    const def = s._zod.def;
    if (def.type === 'object' && def.shape) for (const k of Object.keys(def.shape)) keys.add(k);
  }
  return [...keys];
}

/** Just the parts of a zod schema's definition the key walk reads. */
interface SchemaNode {
  _zod: {
    def: {
      type: string;
      innerType?: SchemaNode;
      in?: SchemaNode;
      element?: SchemaNode;
      valueType?: SchemaNode;
      options?: SchemaNode[];
      shape?: Record<string, SchemaNode>;
    };
  };
}

function unwrapSchema(s: SchemaNode): SchemaNode[] {
  const def = s._zod.def;
  if (def.innerType && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) return unwrapSchema(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrapSchema(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrapSchema);
  return [s];
}

function childSchema(s: SchemaNode, seg: string | number): SchemaNode[] {
  const def = s._zod.def;
  if (def.type === 'object' && def.shape && typeof seg === 'string') return def.shape[seg] ? [def.shape[seg]] : [];
  if (def.type === 'array' && def.element && typeof seg === 'number') return [def.element];
  if (def.type === 'record' && def.valueType) return [def.valueType];
  return [];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'nothing';
  return typeof v === 'object' ? 'a mapping' : `the ${typeof v} ${JSON.stringify(v)}`;
}
