/**
 * PDF by printing the HTML report with a headless Chromium (`QP_CHROMIUM`, else `chromium` on
 * PATH). The HTML has no external resource, so the browser needs no network.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export class PdfUnavailableError extends Error {}

/** The browser to print with, or undefined when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.QP_CHROMIUM) return env.QP_CHROMIUM;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of ['chromium', 'chromium-browser']) {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

const PRINT_TIMEOUT_MS = 60_000;

export async function htmlToPdf(html: string, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Buffer> {
  const chromium = findChromium(opts.env);
  if (!chromium) throw new PdfUnavailableError('--format pdf needs Chromium: install it (Debian: apt-get install chromium) or set QP_CHROMIUM to its path');
  const dir = await mkdtemp(path.join(tmpdir(), 'qp-pdf-'));
  try {
    const input = path.join(dir, 'report.html');
    const output = path.join(dir, 'report.pdf');
    await writeFile(input, html);
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-pdf-header-footer', `--user-data-dir=${path.join(dir, 'profile')}`, `--print-to-pdf=${output}`, `file://${input}`];
    const { code, output: log } = await run(chromium, args, opts.timeoutMs ?? PRINT_TIMEOUT_MS);
    let pdf: Buffer;
    try {
      pdf = await readFile(output);
    } catch {
      throw new Error(`Chromium (${chromium}) wrote no PDF (exit ${String(code)}): ${log.trim().split('\n').slice(-3).join(' / ')}`);
    }
    return pdf;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(bin: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new PdfUnavailableError(`could not start Chromium (${bin}): ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
