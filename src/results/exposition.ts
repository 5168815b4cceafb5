/**
 * A small writer of the Prometheus text format (version 0.0.4) for device series, pure. Device
 * metrics are rendered here as text once per result (rendered.ts) instead of through prom-client
 * objects on every scrape: at 1,000 devices that was 155,000 Gauge.set() calls and ~800 MB of
 * garbage per scrape. Output matches what prom-client wrote: the same names, help, types, label
 * order (client, device, site, then the sample's own) and value spelling.
 */
import { DEVICE_METRICS, type DeviceMetricName } from '../metrics/names';

/** Every device family, in the order /metrics lists them (names.ts order). */
export const FAMILIES = Object.keys(DEVICE_METRICS) as DeviceMetricName[];

/** Family name → its position in FAMILIES (rendered results keep their lines in an array by it). */
export const FAMILY_INDEX: ReadonlyMap<string, number> = new Map(FAMILIES.map((name, i) => [name, i]));

/** A label value inside double quotes: backslash, double quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  // Most values need nothing: skip the three replaces then (they dominate rendering otherwise).
  if (!/[\\"\n]/.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and newline escaped (quotes stay as they are). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as Prometheus parses it: NaN, +Inf, -Inf, else JavaScript's shortest round-trip form. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `a="x",b="y"` for the labels in their own order (empty string: no labels). */
export function labelPairs(labels: Readonly<Record<string, string>>): string {
  let out = '';
  for (const key in labels) {
    if (out) out += ',';
    out += `${key}="${escapeLabelValue(labels[key])}"`;
  }
  return out;
}

/** The device labels every device series starts with; `site` only where set. */
export function deviceLabelPairs(device: { client: string; device: string; site?: string }): string {
  const base = `client="${escapeLabelValue(device.client)}",device="${escapeLabelValue(device.device)}"`;
  return device.site ? `${base},site="${escapeLabelValue(device.site)}"` : base;
}

/** `# HELP` and `# TYPE` of a device family. */
export function familyHeader(name: DeviceMetricName): string {
  const def = DEVICE_METRICS[name];
  return `# HELP ${name} ${escapeHelp(def.help)}\n# TYPE ${name} ${def.type}\n`;
}

/** One sample line, newline included. */
export function seriesLine(name: string, pairs: string, value: number): string {
  return pairs ? `${name}{${pairs}} ${formatValue(value)}\n` : `${name} ${formatValue(value)}\n`;
}

/**
 * A counter carries the device's own value; one that is negative or not a number cannot be a
 * counter value (prom-client refused it too), so it is left out rather than break the scrape.
 */
export function acceptsValue(name: DeviceMetricName, value: number): boolean {
  return DEVICE_METRICS[name].type !== 'counter' || (Number.isFinite(value) && value >= 0);
}

export interface SampleLike {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/**
 * Samples of one device → its lines per family (index = FAMILY_INDEX), each family's lines one
 * string. Unknown names are dropped; a second sample of the same series replaces the first (a
 * gauge's last value), as prom-client's set() did. No map per family (at 10,000 devices this runs
 * ~170 times a second): a family is merged only when one of its series repeats.
 */
export function renderSamples(devicePairs: string, samples: Iterable<SampleLike>, skip?: ReadonlySet<string>): Array<string | undefined> {
  const lines: Array<string[] | undefined> = [];
  const seen = new Set<string>();
  let repeated: Set<number> | undefined;
  for (const s of samples) {
    const index = FAMILY_INDEX.get(s.name);
    if (index === undefined || skip?.has(s.name) || !acceptsValue(s.name as DeviceMetricName, s.value)) continue;
    const own = labelPairs(s.labels);
    const head = `${s.name}{${own ? `${devicePairs},${own}` : devicePairs}} `;
    if (seen.has(head)) (repeated ??= new Set()).add(index);
    else seen.add(head);
    (lines[index] ??= []).push(`${head}${formatValue(s.value)}\n`);
  }
  // join() gives one flat string per family, not a rope of one object per line (a rope kept as the
  // result's text tripled the memory of 10,000 devices' results; FamilyBytes now keeps bytes).
  const out: Array<string | undefined> = [];
  lines.forEach((list, index) => {
    if (!list) return;
    const text = list.join('');
    out[index] = repeated?.has(index) ? mergeSeries([text]) : text;
  });
  return out;
}

/** A piece of an exposition: text, or UTF-8 bytes of a rendered result (FamilyBytes). */
export type Chunk = string | Buffer;

/**
 * A result's lines per family as UTF-8 bytes in one buffer outside the JS heap. Kept for every
 * device between polls (~200 MB of text at 10,000 devices): as strings they sat in V8's old
 * generation, which grows to 3-4 × its live size and never shrinks under --no-memory-reducer; a
 * buffer is counted once. A scrape copies the bytes out as they are, with no string building.
 */
export class FamilyBytes {
  private constructor(
    private readonly bytes: Buffer,
    /** Family f's bytes are bytes[starts[f], starts[f + 1]). */
    private readonly starts: Uint32Array,
  ) {}

  static of(texts: ReadonlyArray<string | undefined>): FamilyBytes {
    const starts = new Uint32Array(FAMILIES.length + 1);
    let size = 0;
    for (let f = 0; f < FAMILIES.length; f++) {
      starts[f] = size;
      const text = texts[f];
      if (text) size += Buffer.byteLength(text, 'utf8');
    }
    starts[FAMILIES.length] = size;
    // Its own allocation, not a slice of Node's shared pool (a slice keeps a whole pool page alive).
    const bytes = Buffer.allocUnsafeSlow(size);
    for (let f = 0; f < FAMILIES.length; f++) {
      const text = texts[f];
      if (text) bytes.write(text, starts[f], 'utf8');
    }
    return new FamilyBytes(bytes, starts);
  }

  /** Family f's lines, or undefined when the result has none. */
  at(family: number): Buffer | undefined {
    const start = this.starts[family];
    const end = this.starts[family + 1];
    return end > start ? this.bytes.subarray(start, end) : undefined;
  }

  /** Every family's lines by family index (a copy to change). */
  chunks(): Array<Chunk | undefined> {
    const out: Array<Chunk | undefined> = [];
    for (let f = 0; f < FAMILIES.length; f++) out[f] = this.at(f);
    return out;
  }
}

/** One source of a device's lines, family by family: a result's bytes, or lines rendered per scrape (device_up, the config store's status). */
export type FamilySource = FamilyBytes | ReadonlyArray<Chunk | undefined>;

/**
 * One device's contribution to an exposition: per family its lines, from several sources (probe
 * results, the config store's status, device_up). assemble() lays them out family by family.
 */
export type DeviceLines = ReadonlyArray<FamilySource>;

function familyOf(source: FamilySource, family: number): Chunk | undefined {
  return source instanceof FamilyBytes ? source.at(family) : source[family];
}

/**
 * The exposition of device families from many devices' lines, as chunks: every family's
 * HELP/TYPE once, then all its samples contiguous (the text format requires it), families in
 * names.ts order, a blank line between families as prom-client writes them.
 */
export function* assemble(devices: Iterable<DeviceLines>): Generator<Chunk> {
  const list = [...devices];
  for (let f = 0; f < FAMILIES.length; f++) {
    yield `${f === 0 ? '' : '\n'}${familyHeader(FAMILIES[f])}`;
    for (const sources of list) {
      let first: Chunk | undefined;
      let more: Chunk[] | undefined;
      for (const source of sources) {
        const lines = familyOf(source, f);
        if (!lines || lines.length === 0) continue;
        if (first === undefined) first = lines;
        else (more ??= [first]).push(lines);
      }
      if (more) yield mergeSeries(more.map((c) => c.toString()));
      else if (first !== undefined) yield first;
    }
  }
}

/** Chunks as one string (`poll --once`, tests). */
export function chunksText(chunks: Iterable<Chunk>): string {
  return Buffer.concat([...chunks].map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c))).toString('utf8');
}

/**
 * Two sources of one device with the same series (SNMP and the RouterOS API both describe a
 * router's interfaces): one line per series, the later source's value, as prom-client's set()
 * kept it. Rare, so the split and map cost nothing in the common case.
 */
export function mergeSeries(texts: readonly string[]): string {
  const bySeries = new Map<string, string>();
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (line) bySeries.set(line.slice(0, line.lastIndexOf(' ')), line);
    }
  }
  return [...bySeries.values(), ''].join('\n');
}
