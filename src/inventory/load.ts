/**
 * Config file → RuntimeConfig, what the daemon runs on: config/load.ts validates the text, then
 * every device gets its defaults and secrets (build.ts) and the cross-checks run. All problems are
 * reported at once, each with its file, YAML path and line.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readConfigText, validateConfig } from '../config/load';
import { resolveSecret, type SecretContext } from '../config/secret';
import { buildDevices } from './build';
import type { RuntimeConfig } from './runtime-config';

export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<RuntimeConfig> {
  return parseConfig(readConfigText(file), file, env);
}

/** The pure part of loadConfig (secret files are still read from disk, relative to `file`). */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const { config, baseDir, problemsError } = validateConfig(text, file);
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
  if (problems.length > 0) throw problemsError(problems);

  return {
    file: path.resolve(file),
    devices: built.devices,
    queue: { redis: env.REDIS_URL || config.queue.redis, prefix: config.queue.prefix, concurrency: config.queue.concurrency },
    http: { listen: config.http.listen, token, externalUrl: (config.http.external_url ?? `http://${config.http.listen}`).replace(/\/$/, '') },
    alerting: config.alerting,
    // Data paths count from the working directory (like a data dir); inputs (lab, secret files) from the config file.
    backup: {
      dir: path.resolve(config.backup.dir),
      weeklyReport: { ...config.backup.weekly_report, dir: path.resolve(config.backup.weekly_report.dir), sinceMs: config.backup.weekly_report.since },
    },
    lab: config.lab && config.lab.enabled ? { enabled: true, port: config.lab.port, recordings: path.resolve(baseDir, config.lab.recordings), configChangeEveryMs: config.lab.config_change_every } : undefined,
  };
}
