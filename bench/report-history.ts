/**
 * Synthetic monitoring history for the monthly report (bench/report.ts and the report tests):
 * series described by a value function, written as OpenMetrics text and turned into Prometheus
 * TSDB blocks by `promtool tsdb create-blocks-from openmetrics`.
 *
 * promtool (2.42) reads its whole input into memory, re-reads it once per block and writes (and
 * syncs) every block. So blocks are a day long (`--max-block-duration`, not the default 2 h: a
 * month is 31 blocks, not 372) and the history is written as one file per day: each file is read
 * once and promtool's memory stays bounded by one day of history.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { mapLimit } from '../src/util/concurrency';

export interface HistorySeries {
  name: string;
  labels: Record<string, string>;
  /** Samples at every multiple of intervalMs (from the epoch) within the history's range. */
  intervalMs: number;
  /** The value at `t`, or undefined for no sample. */
  value: (t: number) => number | undefined;
}

/** promtool aligns blocks to multiples of their duration since the epoch; the files follow the same windows. */
export const BLOCK_MS = 24 * 3_600_000;

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}

/** Writes [startMs, endMs] (both ends included) as OpenMetrics files of one block window each; returns them. */
export async function writeHistory(dir: string, series: readonly HistorySeries[], startMs: number, endMs: number): Promise<{ files: string[]; samples: number; bytes: number }> {
  await mkdir(dir, { recursive: true });
  const prefixes = series.map((s) => `${s.name}{${labelText(s.labels)}} `);
  const files: string[] = [];
  let samples = 0;
  let bytes = 0;
  for (let w = Math.floor(startMs / BLOCK_MS) * BLOCK_MS; w <= endMs; w += BLOCK_MS) {
    const from = Math.max(w, startMs);
    const to = Math.min(w + BLOCK_MS - 1, endMs);
    const file = path.join(dir, `h-${w}.om`);
    const out = createWriteStream(file);
    let chunk = '';
    const flush = async () => {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    };
    for (let i = 0; i < series.length; i++) {
      const s = series[i];
      for (let t = Math.ceil(from / s.intervalMs) * s.intervalMs; t <= to; t += s.intervalMs) {
        const v = s.value(t);
        if (v === undefined) continue;
        chunk += `${prefixes[i]}${v} ${t / 1000}\n`;
        samples++;
        if (chunk.length > 1 << 20) await flush();
      }
    }
    chunk += '# EOF\n';
    await flush();
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    files.push(file);
  }
  return { files, samples, bytes };
}

function run(bin: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Converts every file into blocks in `dataDir` (Prometheus's storage dir) and deletes the files. */
export async function loadHistory(promtool: string, files: readonly string[], dataDir: string, concurrency = 2): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await mapLimit(files, concurrency, async (file) => {
    const r = await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', `--max-block-duration=${BLOCK_MS / 3_600_000}h`, file, dataDir]);
    if (r.code !== 0) throw new Error(`promtool failed on ${path.basename(file)} (exit ${String(r.code)}): ${r.output.trim()}`);
    await rm(file, { force: true });
  });
}

/** Is `t` in one of the [start, end) spans? */
export function within(t: number, spans: ReadonlyArray<readonly [number, number]>): boolean {
  return spans.some(([a, b]) => t >= a && t < b);
}
