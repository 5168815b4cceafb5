/**
 * Config file → RuntimeConfig, what the daemon runs on: config/load.ts checks the text against
 * the schema, then every device gets its defaults and secrets (build.ts) and the cross-checks run —
 * also on the parts of a file the schema accepted when other parts were rejected, so one run of
 * `validate` lists every problem, each with its file, line, column and YAML path.
 */
import * as path from 'node:path';
import { byPosition, checkConfig, readConfigText, type CheckedConfig } from '../config/load';
import { MAX_SECRET_FILE_BYTES, readRegularFile, readRegularFileSync, SECRET_READ_TIMEOUT_MS, type ReadResult } from '../config/read-file';
import { effectivePrefix, type RedisTarget } from '../config/redis-target';
import { parseHostPort, parseRedisUrl, type ParsedRedisUrl } from '../config/redis-url';
import type { RedisSetting, SecretInput } from '../config/schema';
import { resolveSecret, Secret, type SecretContext } from '../config/secret';
import { ConfigError, type PathProblem } from '../config/types';
import { buildDevices } from './build';
import type { RuntimeConfig } from './runtime-config';

export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<RuntimeConfig> {
  const checked = checkConfig(readConfigText(file), file);
  // Secret files are read before anything else, asynchronously and each within a deadline: a
  // hung mount fails the load (a reload keeps the old config) instead of freezing the daemon.
  const files = new Map<string, ReadResult>();
  await Promise.all(
    secretFiles(checked.config).map(async (p) => {
      const full = path.resolve(checked.baseDir, p);
      if (!files.has(full)) files.set(full, await readRegularFile(full, MAX_SECRET_FILE_BYTES, SECRET_READ_TIMEOUT_MS));
    }),
  );
  return buildRuntime(checked, file, env, (p) => files.get(path.resolve(checked.baseDir, p)) ?? { ok: false, reason: 'was not read' });
}

/** The synchronous form of loadConfig for a text in hand (secret files are still read from disk, relative to `file`). */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const checked = checkConfig(text, file);
  return buildRuntime(checked, file, env, (p) => readRegularFileSync(path.resolve(checked.baseDir, p), MAX_SECRET_FILE_BYTES));
}

function buildRuntime(checked: CheckedConfig, file: string, env: NodeJS.ProcessEnv, readFile: SecretContext['readFile']): RuntimeConfig {
  const { config, baseDir } = checked;
  const ctx: SecretContext = { env, readFile };
  const built = buildDevices(config, ctx, { deviceIndex: checked.deviceIndex, rejectedNames: checked.rejectedDeviceNames });
  const problems: PathProblem[] = [...built.problems];
  const redis = redisTarget(env, config.queue.redis, ctx, problems);
  if (config.alerting.state.store === 'redis' && !redis) {
    problems.push({ path: 'alerting.state.store', message: 'is redis, but no Redis is configured (set queue.redis or REDIS_URL)' });
  }
  const token = config.http.token === undefined ? undefined : resolveSecret(config.http.token, 'http.token', ctx, problems);
  // An empty token would leave the API open without a word; spaces alone could never be presented.
  if (token && token.reveal().trim() === '') {
    const source = typeof config.http.token === 'string' && /\$\{[A-Za-z_]/.test(config.http.token) ? ' (its environment variable is set but empty)' : '';
    problems.push({ path: 'http.token', message: `is empty or only spaces${source}; set a token, or remove http.token to serve the API without one` });
  }
  const all = [...checked.problems, ...problems.map((p) => checked.locate(p))];
  if (all.length > 0) throw new ConfigError(all.sort(byPosition));

  return {
    file: path.resolve(file),
    devices: built.devices,
    queue: { redis, prefix: effectivePrefix(config.queue.prefix, redis), concurrency: config.queue.concurrency, clientShare: config.queue.client_share, leaderTtlMs: config.queue.leader_ttl },
    http: { listen: config.http.listen, token, externalUrl: (config.http.external_url ?? `http://${config.http.listen}`).replace(/\/$/, ''), metricsShards: config.http.metrics_shards },
    alerting: config.alerting,
    // Data paths count from the working directory (like a data dir); inputs (lab, secret files) from the config file.
    backup: {
      dir: path.resolve(config.backup.dir),
      weeklyReport: { ...config.backup.weekly_report, dir: path.resolve(config.backup.weekly_report.dir), sinceMs: config.backup.weekly_report.since },
    },
    reports: {
      prometheusUrl: config.reports.prometheus_url?.replace(/\/$/, ''),
      queryTimeoutMs: config.reports.query_timeout,
      stepMs: config.reports.step,
      dir: path.resolve(config.reports.dir),
      monthly: config.reports.monthly,
    },
    lab: config.lab && config.lab.enabled ? { enabled: true, port: config.lab.port, recordings: path.resolve(baseDir, config.lab.recordings), configChangeEveryMs: config.lab.config_change_every } : undefined,
  };
}

/**
 * REDIS_URL wins over queue.redis, and is held to the same rule: a redis://, rediss://,
 * redis+sentinel:// or redis+cluster:// URL (`localhost:6379` would otherwise be read by ioredis
 * as something else entirely). The Sentinel and Cluster forms become their object form, with
 * passwords as Secrets.
 */
function redisTarget(env: NodeJS.ProcessEnv, fromConfig: RedisSetting | undefined, ctx: SecretContext, problems: PathProblem[]): RedisTarget | undefined {
  const value = env.REDIS_URL;
  if (!value) return fromConfig === undefined ? undefined : configTarget(fromConfig, ctx, problems);
  const parsed = parseRedisUrl(value);
  if (!parsed.ok) {
    problems.push({ path: '(environment) REDIS_URL', message: parsed.reason });
    return undefined;
  }
  return urlTarget(parsed.value);
}

function urlTarget(p: ParsedRedisUrl): RedisTarget {
  const secret = (s: string | undefined) => (s === undefined ? undefined : new Secret(s));
  if (p.kind === 'url') return p.url;
  if (p.kind === 'sentinel') return { sentinels: p.sentinels, name: p.name, username: p.username, password: secret(p.password), db: p.db };
  return { cluster: p.cluster, username: p.username, password: secret(p.password) };
}

function configTarget(setting: RedisSetting, ctx: SecretContext, problems: PathProblem[]): RedisTarget | undefined {
  if (typeof setting === 'string') {
    const parsed = parseRedisUrl(setting);
    return parsed.ok ? urlTarget(parsed.value) : undefined;
  }
  const secret = (input: SecretInput | undefined, at: string) => (input === undefined ? undefined : resolveSecret(input, `queue.redis.${at}`, ctx, problems));
  const nodes = (list: string[]) => list.map(parseHostPort).filter((n) => n !== undefined);
  if ('cluster' in setting) return { cluster: nodes(setting.cluster), username: setting.username, password: secret(setting.password, 'password') };
  return {
    sentinels: nodes(setting.sentinels),
    name: setting.name,
    username: setting.username,
    password: secret(setting.password, 'password'),
    sentinelPassword: secret(setting.sentinel_password, 'sentinel_password'),
    db: setting.db,
  };
}

/** Every `{ file: … }` secret the config names (they are the only objects of exactly that shape). */
function secretFiles(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) secretFiles(item, out);
  else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === 'file' && typeof entries[0][1] === 'string') out.push(entries[0][1]);
    else for (const [, v] of entries) secretFiles(v, out);
  }
  return out;
}
