/**
 * The monthly reports the scheduler writes: `<dir>/<YYYY-MM>/<client>.html` and `.md`, written
 * atomically (temporary file, then rename). Names are checked before any path is built from them,
 * so a request can never reach outside `dir`.
 */
import { access, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

export interface StoredReport {
  month: string;
  client: string;
  formats: Array<'html' | 'md'>;
}

const MONTH_DIR = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The config's client-name rule (config/schema.ts `name`). */
const CLIENT = /^[A-Za-z0-9][A-Za-z0-9_.:+@-]*$/;
const FILE = /^([A-Za-z0-9][A-Za-z0-9_.:+@-]*)\.(html|md)$/;

export function reportFile(dir: string, month: string, client: string, format: 'html' | 'md'): string | undefined {
  if (!MONTH_DIR.test(month) || !CLIENT.test(client) || client.includes('..')) return undefined;
  return path.join(dir, month, `${client}.${format}`);
}

export async function writeStoredReport(dir: string, month: string, client: string, bodies: { html: string; md: string }): Promise<string> {
  const html = reportFile(dir, month, client, 'html');
  const md = reportFile(dir, month, client, 'md');
  if (!html || !md) throw new Error(`not a report name: ${month}/${client}`);
  await mkdir(path.dirname(html), { recursive: true });
  // Markdown first: a report counts as written once its HTML exists (see hasStoredReport).
  for (const [file, body] of [
    [md, bodies.md],
    [html, bodies.html],
  ] as const) {
    await writeFile(`${file}.tmp`, body);
    await rename(`${file}.tmp`, file);
  }
  return html;
}

export async function hasStoredReport(dir: string, month: string, client: string): Promise<boolean> {
  const file = reportFile(dir, month, client, 'html');
  if (!file) return false;
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export async function readStoredReport(dir: string, month: string, file: string): Promise<{ body: string; format: 'html' | 'md' } | undefined> {
  const m = FILE.exec(file);
  if (!m) return undefined;
  const full = reportFile(dir, month, m[1], m[2] as 'html' | 'md');
  if (!full) return undefined;
  try {
    return { body: await readFile(full, 'utf8'), format: m[2] as 'html' | 'md' };
  } catch {
    return undefined;
  }
}

/** Every stored report, newest month first, clients sorted. */
export async function listStoredReports(dir: string): Promise<StoredReport[]> {
  let months: string[];
  try {
    months = (await readdir(dir)).filter((m) => MONTH_DIR.test(m));
  } catch {
    return [];
  }
  const out: StoredReport[] = [];
  for (const month of months.sort().reverse()) {
    const byClient = new Map<string, StoredReport>();
    let files: string[] = [];
    try {
      files = await readdir(path.join(dir, month));
    } catch {
      continue;
    }
    for (const f of files.sort()) {
      const m = FILE.exec(f);
      if (!m) continue;
      const r = byClient.get(m[1]) ?? { month, client: m[1], formats: [] };
      r.formats.push(m[2] as 'html' | 'md');
      byClient.set(m[1], r);
    }
    out.push(...[...byClient.values()].filter((r) => r.formats.includes('html')));
  }
  return out;
}
