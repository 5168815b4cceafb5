/**
 * THE config schema (YAML keys in snake_case). Unknown keys are rejected everywhere (strict
 * objects), so a typo is an error rather than a silently ignored setting. Defaults live here too:
 * a device inherits global defaults ← per-kind defaults ← per-client defaults ← its own keys
 * (merged in inventory/build.ts).
 */
import { z } from 'zod';
import { isHostAddress } from './address';
import { alertingSchema } from './alerting';
import { DURATION_LIMITS_MS, durationBoundProblem, parseDurationMs } from './duration';
import { quote } from './quote';
import { HOST_PORT, parseRedisUrl } from './redis-url';
import { reportsSchema } from './reports';
import { DEVICE_KINDS, SNMP_AUTH_PROTOCOLS, SNMP_MODULE_NAMES, SNMP_PRIV_PROTOCOLS, SNMP_SECURITY_LEVELS, SNMP_VERSIONS, SSH_MODES, SSH_PROFILES, WEEKDAYS } from './vocabulary';

/** A duration: "30s", "5m", "1h30m", or a number of seconds. Parsed to milliseconds. */
/**
 * Shards of the device metrics: 16 keeps a shard near 600 devices at 10,000 and under 1,000 up to
 * 16,000 (each shard's scrape ~0.2 s); changing it moves devices between shards (series keep
 * their labels; only the `shard` target label of Prometheus' own per-target series changes).
 */
export const DEFAULT_METRICS_SHARDS = 16;

export const duration = z
  .union([z.string(), z.number()], { error: 'expected a duration such as 30s, 5m or 1h' })
  .refine((v) => parseDurationMs(v) !== undefined, { error: (iss) => `${quote(iss.input)} is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)` })
  .transform((v) => parseDurationMs(v) as number);

/** A duration longer than 0 and at most `maxMs` (every duration setting has a bound: duration.ts DURATION_LIMITS_MS). */
function positiveDuration(maxMs: number) {
  return duration.superRefine((ms, ctx) => {
    if (ms <= 0) ctx.addIssue({ code: 'custom', message: 'must be longer than 0' });
    const problem = durationBoundProblem(ms, maxMs);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A credential: a literal, "${ENV_VAR}", or { file: path } (resolved by config/secret.ts). */
export const secretInput = z.union([z.string(), z.strictObject({ file: z.string().min(1) })], {
  error: 'expected a string, "${ENV_VAR}" or { file: path }',
});
export type SecretInput = z.infer<typeof secretInput>;

/** An IP address or a DNS name; nothing a shell or a ping command could misread. */
export const address = z.string().refine(isHostAddress, {
  error: (iss) => `${quote(iss.input)} is not an IP address or host name`,
});

/**
 * `version: 3` and `version: 1` are numbers to YAML, and mean what they say: taken as "3" and "1".
 * `version: 2` has no SNMP meaning of its own, so the message says what to write.
 */
const snmpVersion = z.preprocess(
  (v) => (v === 1 || v === 3 ? String(v) : v),
  z.enum(SNMP_VERSIONS, {
    error: (iss) => (iss.input === 2 || iss.input === '2' || iss.input === 'v2c' ? 'expected 1, 2c or 3; write 2c for SNMP v2' : 'expected 1, 2c or 3'),
  }),
);

const port = z.number().int().min(1).max(65535);
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:+@-]*$/, { error: 'use letters, digits and _ . : + @ - only (no spaces)' });

const intervals = z.strictObject({
  snmp: positiveDuration(DURATION_LIMITS_MS.interval).optional(),
  icmp: positiveDuration(DURATION_LIMITS_MS.interval).optional(),
  backup: positiveDuration(DURATION_LIMITS_MS.interval).optional(),
});

/** SNMP settings at any level of the hierarchy; every key optional, merged top-down. */
const snmpSettings = z.strictObject({
  version: snmpVersion.optional(),
  community: secretInput.optional(),
  port: port.optional(),
  /** v3: a name from `snmp_users`, or the user inline. */
  user: z.string().min(1).optional(),
  timeout: positiveDuration(DURATION_LIMITS_MS.requestTimeout).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  max_repetitions: z.number().int().min(1).max(1000).optional(),
  max_varbinds_per_request: z.number().int().min(1).max(2000).optional(),
  modules: z.array(z.enum(SNMP_MODULE_NAMES)).min(1).optional(),
  /** After this many polls in a row with no answer at all, a poll first asks once, with fail_fast_timeout (0: never). */
  fail_fast_after: z.number().int().min(0).max(1000).optional(),
  fail_fast_timeout: positiveDuration(DURATION_LIMITS_MS.requestTimeout).optional(),
});

const snmpUser = z
  .strictObject({
    user: z.string().min(1),
    level: z.enum(SNMP_SECURITY_LEVELS).default('authPriv'),
    auth_protocol: z.enum(SNMP_AUTH_PROTOCOLS).optional(),
    auth_key: secretInput.optional(),
    priv_protocol: z.enum(SNMP_PRIV_PROTOCOLS).optional(),
    priv_key: secretInput.optional(),
    context: z.string().optional(),
  })
  .superRefine((u, ctx) => {
    if (u.level !== 'noAuthNoPriv') {
      if (!u.auth_protocol) ctx.addIssue({ code: 'custom', path: ['auth_protocol'], message: `required for level ${u.level}` });
      if (u.auth_key === undefined) ctx.addIssue({ code: 'custom', path: ['auth_key'], message: `required for level ${u.level}` });
    }
    if (u.level === 'authPriv') {
      if (!u.priv_protocol) ctx.addIssue({ code: 'custom', path: ['priv_protocol'], message: 'required for level authPriv' });
      if (u.priv_key === undefined) ctx.addIssue({ code: 'custom', path: ['priv_key'], message: 'required for level authPriv' });
    }
  });

const icmpSettings = z.strictObject({
  enabled: z.boolean().optional(),
  count: z.number().int().min(1).max(20).optional(),
  timeout: positiveDuration(DURATION_LIMITS_MS.requestTimeout).optional(),
});

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** Config backup over SSH (platforms/profiles describes each profile). */
const sshSettings = z
  .strictObject({
    profile: z.enum(SSH_PROFILES, { error: `expected one of ${SSH_PROFILES.join(', ')}` }),
    port: port.default(22),
    username: z.string().min(1),
    password: secretInput.optional(),
    private_key: secretInput.optional(),
    /** Of an encrypted private_key. */
    passphrase: secretInput.optional(),
    /** The enable secret (Cisco, ProCurve): privileged mode has its own. */
    enable_password: secretInput.optional(),
    /** Overrides the profile's way of running commands. */
    mode: z.enum(SSH_MODES, { error: 'expected exec or shell' }).optional(),
    /** Overrides the profile's prompt: a regular expression the last output line matches when the device waits. */
    prompt: z.string().min(1).refine(compiles, { error: 'not a valid regular expression' }).optional(),
    /** `custom`: the commands whose output is the configuration; other profiles: replaces theirs. */
    commands: z.array(z.string().min(1)).min(1).optional(),
    /** `linux`: the files to back up (absolute paths), instead of the profile's list. */
    files: z.array(z.string().regex(/^\/[^\0\n'"]*$/, { error: "expected an absolute path without quotes" })).min(1).optional(),
    /** Offer the pre-2015 kex, host-key and cipher algorithms the profile lists (old IOS, ProCurve, ASA). */
    legacy_algorithms: z.boolean().default(false),
    connect_timeout: positiveDuration(DURATION_LIMITS_MS.sshTimeout).optional(),
    /** How long a command may stay silent before the fetch gives up (slow output is fine while it keeps coming). */
    command_timeout: positiveDuration(DURATION_LIMITS_MS.sshTimeout).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.profile === 'custom' && !s.commands) ctx.addIssue({ code: 'custom', path: ['commands'], message: 'profile custom needs `commands`' });
    if (s.files && s.profile !== 'linux') ctx.addIssue({ code: 'custom', path: ['files'], message: 'only the linux profile reads files' });
    if (s.passphrase !== undefined && s.private_key === undefined) ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'a passphrase needs `private_key`' });
  });

const routerosSettings = z.strictObject({
  /** Default 8728 (api), or 8729 (api-ssl) with `tls: true`. */
  port: port.optional(),
  username: z.string().min(1),
  password: secretInput,
  tls: z.boolean().default(false),
});

/** Settings that defaults, kinds and clients may set for the devices below them. */
const inheritable = {
  intervals: intervals.optional(),
  probe_timeout: positiveDuration(DURATION_LIMITS_MS.probeTimeout).optional(),
  snmp: snmpSettings.optional(),
  icmp: icmpSettings.optional(),
};

const device = z.strictObject({
  name,
  client: name,
  site: name.optional(),
  kind: z.enum(DEVICE_KINDS, { error: `expected one of ${DEVICE_KINDS.join(', ')}` }),
  address,
  parent: name.optional(),
  ...inheritable,
  ssh: sshSettings.optional(),
  routeros: routerosSettings.optional(),
  /** ifName or ifIndex of interfaces that matter (uplinks): interface-down alerts fire only for these. */
  important_interfaces: z.array(z.union([z.string().min(1), z.number().int().min(1)])).default([]),
});

const hostPort = z.string().regex(HOST_PORT, { error: 'expected HOST:PORT' });

/** queue.redis: a URL (one server, or the redis+sentinel:// / redis+cluster:// forms), or a Sentinel or Cluster object (config/redis-target.ts). */
const redisSetting = z.union(
  [
    z.string().superRefine((text, ctx) => {
      const parsed = parseRedisUrl(text);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
    }),
    z.strictObject({
      sentinels: z.array(hostPort).min(1),
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected the master name the Sentinels monitor' }),
      username: z.string().min(1).optional(),
      password: secretInput.optional(),
      sentinel_password: secretInput.optional(),
      db: z.number().int().min(0).max(15).default(0),
    }),
    z.strictObject({
      cluster: z.array(hostPort).min(1),
      username: z.string().min(1).optional(),
      password: secretInput.optional(),
    }),
  ],
  { error: 'expected a redis:// URL, a Sentinel setting { sentinels: [HOST:PORT, …], name } or a Cluster setting { cluster: [HOST:PORT, …] }' },
);
export type RedisSetting = z.infer<typeof redisSetting>;

export const configSchema = z.strictObject({
  defaults: z.strictObject(inheritable).default({}),
  kinds: z.partialRecord(z.enum(DEVICE_KINDS), z.strictObject(inheritable)).default({}),
  clients: z.record(name, z.strictObject(inheritable)).default({}),
  snmp_users: z.record(name, snmpUser).default({}),
  devices: z.array(device).default([]),
  queue: z
    .strictObject({
      redis: redisSetting.optional(),
      prefix: name.default('quarkpulse'),
      concurrency: z.number().int().min(1).max(1000).default(64),
      /** Share of a worker's slots one client may hold while another client has work (queue/fair.ts; 1: no cap). */
      client_share: z.number().gt(0, { error: 'must be more than 0' }).max(1).default(0.5),
      /** Several schedulers over one Redis: a dead leader's lease runs out after this long, and another takes over. */
      leader_ttl: positiveDuration(DURATION_LIMITS_MS.leaderTtl)
        .refine((ms) => ms >= 1_000, { error: 'must be at least 1s (renewed every third of it over the network)' })
        .default(15_000),
    })
    .default({ prefix: 'quarkpulse', concurrency: 64, client_share: 0.5, leader_ttl: 15_000 }),
  http: z
    .strictObject({
      listen: z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, { error: 'expected HOST:PORT' }).default('127.0.0.1:9877'),
      token: secretInput.optional(),
      external_url: z.url({ protocol: /^https?$/ }).optional(),
      /** /metrics/shard/0 … N-1 (listed by /metrics/sd): a shard per ≲1,000 devices keeps each scrape small. */
      metrics_shards: z.number().int().min(1).max(1024).default(DEFAULT_METRICS_SHARDS),
    })
    .default({ listen: '127.0.0.1:9877', metrics_shards: DEFAULT_METRICS_SHARDS }),
  alerting: alertingSchema.default(alertingSchema.parse({})),
  backup: z
    .strictObject({
      /** The git repository of config versions; relative to the working directory. */
      dir: z.string().min(1).default('data/configs'),
      /** The weekly config-diff review the daemon writes (and serves at /reports/config-diff). */
      weekly_report: z
        .strictObject({
          enabled: z.boolean().default(true),
          day: z.enum(WEEKDAYS, { error: `expected one of ${WEEKDAYS.join(', ')}` }).default('monday'),
          time: z
            .string()
            .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected HH:MM (24 h, local time)' })
            .default('07:00'),
          /** Where reports are written; relative to the working directory. */
          dir: z.string().min(1).default('data/reports'),
          /** How far back a report looks. */
          since: positiveDuration(DURATION_LIMITS_MS.reportWindow).default(7 * 86_400_000),
        })
        .default({ enabled: true, day: 'monday', time: '07:00', dir: 'data/reports', since: 7 * 86_400_000 }),
    })
    .default({ dir: 'data/configs', weekly_report: { enabled: true, day: 'monday', time: '07:00', dir: 'data/reports', since: 7 * 86_400_000 } }),
  /** Monthly client reports from Prometheus history (config/reports.ts). */
  reports: reportsSchema.default(reportsSchema.parse({})),
  /** The bundled simulated lab: an in-process `simulate` agent the default config polls. */
  lab: z
    .strictObject({
      enabled: z.boolean().default(true),
      port: port.default(1161),
      /** Relative to the config file's directory. */
      recordings: z.string().min(1).default('lab'),
      /** How often the lab's simulated SSH devices change a line of their config (for the backup demo). */
      config_change_every: positiveDuration(DURATION_LIMITS_MS.interval).default(600_000),
    })
    .optional(),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type ParsedDevice = ParsedConfig['devices'][number];
export type InheritableSettings = z.output<z.ZodObject<typeof inheritable>>;
export type ParsedSnmpSettings = z.output<typeof snmpSettings>;
export type ParsedSnmpUser = z.output<typeof snmpUser>;
export type ParsedSshSettings = z.output<typeof sshSettings>;
