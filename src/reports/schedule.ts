/**
 * The monthly reports on a schedule, in the process with the scheduler role (the one writer):
 * from `time` (UTC) on the 1st of each month, every client's report of the previous month is
 * written to the reports folder. At start-up the same check runs, so a process that was down on
 * the 1st catches up. A report already written is never written again; one that failed (e.g.
 * Prometheus unreachable) is tried again RETRY_MS later.
 */
import type { Logger } from '../log';
import { monthOf, previousMonth, type Month } from './month';
import { hasStoredReport, writeStoredReport } from './stored';

export const RETRY_MS = 15 * 60_000;
/** setTimeout holds at most ~24.8 days: wake at least daily. */
const MAX_SLEEP_MS = 86_400_000;

function firstOfMonthAt(month: Month, time: string): number {
  const [hh, mm] = time.split(':').map(Number);
  return month.startMs + (hh * 60 + mm) * 60_000;
}

/** Pure: the newest month whose reports are due at `nowMs` (the previous month once the 1st's `time` has passed). */
export function dueMonth(nowMs: number, time: string): Month {
  const current = monthOf(nowMs);
  return nowMs >= firstOfMonthAt(current, time) ? previousMonth(nowMs) : previousMonth(current.startMs - 1);
}

/** Pure: the next run strictly after `nowMs`. */
export function nextMonthlyRun(nowMs: number, time: string): number {
  const current = monthOf(nowMs);
  const thisMonth = firstOfMonthAt(current, time);
  return nowMs < thisMonth ? thisMonth : firstOfMonthAt(monthOf(current.endMs), time);
}

export interface MonthlyWriterOptions {
  dir: () => string;
  time: () => string;
  clients: () => string[];
  /** Builds one client's report of `month` as HTML and Markdown. */
  render: (client: string, month: Month) => Promise<{ html: string; md: string }>;
  logger: Logger;
  now?: () => number;
}

export interface TickResult {
  month: string;
  written: string[];
  failed: string[];
}

/** One check: writes the due month's missing reports. */
export async function writeDueReports(opts: MonthlyWriterOptions): Promise<TickResult> {
  const now = opts.now ?? Date.now;
  const month = dueMonth(now(), opts.time());
  const dir = opts.dir();
  const result: TickResult = { month: month.id, written: [], failed: [] };
  for (const client of opts.clients()) {
    if (await hasStoredReport(dir, month.id, client)) continue;
    try {
      const file = await writeStoredReport(dir, month.id, client, await opts.render(client, month));
      result.written.push(file);
      opts.logger.info({ client, month: month.id, file }, 'monthly report written');
    } catch (err) {
      result.failed.push(client);
      opts.logger.error({ client, month: month.id, err: err instanceof Error ? err.message : String(err) }, 'writing the monthly report failed; trying again later');
    }
  }
  return result;
}

/** Runs writeDueReports now (catch-up) and again at every due time; failures retried. */
export function scheduleMonthly(opts: MonthlyWriterOptions): { next(): number; stop(): void; idle(): Promise<void> } {
  const now = opts.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let dueAt = 0;
  let running: Promise<void> = Promise.resolve();
  const arm = (retry: boolean) => {
    if (stopped) return;
    dueAt = retry ? now() + RETRY_MS : nextMonthlyRun(now(), opts.time());
    timer = setTimeout(fire, Math.max(0, Math.min(dueAt - now(), MAX_SLEEP_MS)));
    timer.unref();
  };
  const fire = () => {
    if (stopped) return;
    if (now() < dueAt) {
      timer = setTimeout(fire, Math.max(0, Math.min(dueAt - now(), MAX_SLEEP_MS)));
      timer.unref();
      return;
    }
    running = writeDueReports(opts)
      .then((r) => arm(r.failed.length > 0))
      .catch((err: unknown) => {
        opts.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'monthly reports check failed');
        arm(true);
      });
  };
  dueAt = now();
  fire();
  return {
    next: () => dueAt,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    idle: () => running,
  };
}
