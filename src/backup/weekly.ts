/**
 * The weekly config-diff review on a schedule: at `day` `time` (local time of the daemon) the
 * owner of the store writes the report as HTML and Markdown into `dir`, plus `latest.html` /
 * `latest.md`, which /reports/config-diff serves.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { WEEKDAYS, type Weekday } from '../config/vocabulary';
import type { Logger } from '../log';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-md';
import type { ConfigDiffReport } from './report';

/** Pure: the first `day` `time` (local) strictly after `nowMs`. */
export function nextWeeklyRun(nowMs: number, day: Weekday, time: string): number {
  const [hh, mm] = time.split(':').map(Number);
  const now = new Date(nowMs);
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate(), hh, mm, 0, 0);
  const want = WEEKDAYS.indexOf(day);
  next.setDate(next.getDate() + ((want - next.getDay() + 7) % 7));
  if (next.getTime() <= nowMs) next.setDate(next.getDate() + 7);
  return next.getTime();
}

export const LATEST = { html: 'latest.html', md: 'latest.md' } as const;

/** Writes one report (dated files and latest.*) atomically; returns the HTML file's path. */
export async function writeReportFiles(dir: string, report: ConfigDiffReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = new Date(report.generatedAtMs).toISOString().slice(0, 10);
  const html = renderHtml(report);
  const md = renderMarkdown(report);
  const put = async (name: string, body: string) => {
    const file = path.join(dir, name);
    await writeFile(`${file}.tmp`, body);
    await rename(`${file}.tmp`, file);
    return file;
  };
  const file = await put(`config-diff-${stamp}.html`, html);
  await put(`config-diff-${stamp}.md`, md);
  await put(LATEST.html, html);
  await put(LATEST.md, md);
  return file;
}

export async function readLatestReport(dir: string, format: 'html' | 'md'): Promise<string | undefined> {
  try {
    return await readFile(path.join(dir, LATEST[format]), 'utf8');
  } catch {
    return undefined;
  }
}

export interface WeeklyScheduleOptions {
  day: Weekday;
  time: string;
  logger: Logger;
  /** Builds and writes one report. */
  write: () => Promise<string>;
  now?: () => number;
}

/** A timer that re-arms itself; a failed report is logged and the next week still comes. */
export function scheduleWeekly(opts: WeeklyScheduleOptions): { next(): number; stop(): void } {
  const now = opts.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = 0;
  const arm = () => {
    dueAt = nextWeeklyRun(now(), opts.day, opts.time);
    // setTimeout holds at most ~24.8 days; a week fits, but wake up at least daily to stay exact across clock changes.
    timer = setTimeout(fire, Math.min(dueAt - now(), 86_400_000));
    timer.unref();
  };
  const fire = () => {
    if (now() < dueAt) {
      timer = setTimeout(fire, Math.min(dueAt - now(), 86_400_000));
      timer.unref();
      return;
    }
    opts
      .write()
      .then((file) => opts.logger.info({ file }, 'weekly config-diff report written'))
      .catch((err: unknown) => opts.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'writing the weekly config-diff report failed'))
      .finally(arm);
  };
  arm();
  return {
    next: () => dueAt,
    stop: () => clearTimeout(timer),
  };
}
