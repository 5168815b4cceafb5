/**
 * `quarkpulse report config-diff --since 7d [--client NAME] [--format md|html] [--out FILE]`: the
 * weekly config-diff review from the store under backup.dir, to stdout or a file.
 */
import { writeFile } from 'node:fs/promises';
import { renderHtml } from '../backup/render-html';
import { renderMarkdown } from '../backup/render-md';
import { configDiffReport, openOwner } from '../backup/service';
import { parseDurationMs } from '../config/duration';
import { loadConfig } from '../inventory/load';
import { createLogger } from '../log';
import { builtinProbeRegistry } from '../probes/registry';
import type { CommandIo } from './backup';
import { UserError } from './errors';

export interface ReportOptions {
  config: string;
  since: string;
  client?: string;
  format: string;
  out?: string;
}

export async function runConfigDiffReport(opts: ReportOptions, io: CommandIo = {}): Promise<number> {
  const sinceMs = parseDurationMs(opts.since);
  if (sinceMs === undefined || sinceMs <= 0) throw new UserError(`--since: "${opts.since}" is not a duration (use e.g. 7d, 24h)`);
  if (opts.format !== 'md' && opts.format !== 'html') throw new UserError(`--format: expected md or html, got "${opts.format}"`);
  const logger = io.logger ?? createLogger();
  const out = io.out ?? process.stdout;
  const config = await loadConfig(opts.config);
  if (opts.client !== undefined && !config.devices.some((d) => d.client === opts.client)) {
    throw new UserError(`--client: no device of client "${opts.client}" in the config`);
  }
  const owner = await openOwner(config, { logger, devices: () => config.devices });
  const nowMs = Date.now();
  const report = await configDiffReport(owner, config.devices, io.registry ?? builtinProbeRegistry, { sinceMs: nowMs - sinceMs, nowMs, client: opts.client });
  const text = opts.format === 'html' ? renderHtml(report) : renderMarkdown(report);
  if (opts.out) await writeFile(opts.out, text);
  else out.write(text);
  return 0;
}
