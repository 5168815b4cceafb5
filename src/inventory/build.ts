/**
 * Pure: validated config → flat device targets with every default applied (global ← kind ←
 * client ← device) and secrets resolved. Problems (missing env var, unknown v3 user, duplicate
 * name, unknown parent) are collected with their YAML path rather than thrown one at a time.
 */
import type { InheritableSettings, ParsedConfig, ParsedDevice, ParsedSnmpSettings, ParsedSshSettings, SecretInput } from '../config/schema';
import { resolveSecret, type SecretContext } from '../config/secret';
import type { PathProblem } from '../config/types';
import { SAFE_MAX_VARBINDS, type DeviceKind, type SnmpModuleName } from '../config/vocabulary';
import type { DeviceTarget, SnmpSettings, SnmpV3Credentials, SshSettings } from './types';

/** Built-in defaults, below everything a config says. */
export const BUILTIN_DEFAULTS = {
  intervalsMs: { snmp: 60_000, icmp: 30_000, backup: 86_400_000 },
  snmp: { version: '2c', port: 161, timeoutMs: 2_000, retries: 1, maxRepetitions: 50, maxVarbindsPerRequest: SAFE_MAX_VARBINDS, failFastAfter: 2, failFastTimeoutMs: 1_000 },
  icmp: { enabled: true, count: 3, timeoutMs: 2_000 },
} as const;

/** Which SNMP modules a device of each kind polls unless told otherwise. */
export const DEFAULT_MODULES: Record<DeviceKind, SnmpModuleName[]> = {
  printer: ['system', 'interfaces', 'printer', 'host'],
  switch: ['system', 'interfaces', 'host'],
  router: ['system', 'interfaces', 'host'],
  firewall: ['system', 'interfaces', 'host'],
  server: ['system', 'interfaces', 'host'],
  other: ['system', 'interfaces', 'host'],
};

export interface BuildOutput {
  devices: DeviceTarget[];
  problems: PathProblem[];
}

/** Later layers win key by key; `undefined` never overrides. */
function mergeLayers<T extends object>(layers: Array<T | undefined>): Partial<T> {
  const out: Partial<T> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer) as Array<[keyof T, T[keyof T]]>) if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * When the schema rejected some devices, `config.devices` holds the others: `deviceIndex[i]` is
 * the position of `config.devices[i]` in the file (for the YAML path of a problem) and
 * `rejectedNames` the names of the rejected ones (they still exist for duplicate and parent checks).
 */
export interface BuildOptions {
  deviceIndex?: readonly number[];
  rejectedNames?: ReadonlyMap<string, number>;
}

export function buildDevices(config: ParsedConfig, ctx: SecretContext, opts: BuildOptions = {}): BuildOutput {
  const problems: BuildOutput['problems'] = [];
  const devices: DeviceTarget[] = [];
  const at = (i: number) => opts.deviceIndex?.[i] ?? i;
  const seen = new Map<string, number>();
  for (const [name, i] of opts.rejectedNames ?? []) seen.set(name, i);
  config.devices.forEach((d, i) => {
    const path = `devices[${at(i)}]`;
    const first = seen.get(d.name);
    if (first !== undefined && first !== at(i)) problems.push({ path: `${path}.name`, message: `duplicate device name "${d.name}" (first at devices[${first}])` });
    else seen.set(d.name, at(i));
    const target = buildDevice(config, d, path, ctx, problems);
    if (target) devices.push(target);
  });
  config.devices.forEach((d, i) => {
    if (d.parent === undefined) return;
    if (d.parent === d.name) problems.push({ path: `devices[${at(i)}].parent`, message: 'a device cannot be its own parent' });
    else if (!seen.has(d.parent)) problems.push({ path: `devices[${at(i)}].parent`, message: `unknown device "${d.parent}"` });
  });
  return { devices, problems };
}

function buildDevice(config: ParsedConfig, d: ParsedDevice, path: string, ctx: SecretContext, problems: BuildOutput['problems']): DeviceTarget | undefined {
  const layers: Array<InheritableSettings | undefined> = [config.defaults, config.kinds[d.kind], config.clients[d.client], d];
  const intervals = mergeLayers(layers.map((l) => l?.intervals));
  const probeTimeoutMs = mergeLayers(layers.map((l) => ({ t: l?.probe_timeout }))).t;
  const icmp = mergeLayers(layers.map((l) => l?.icmp));
  const before = problems.length;

  const target: DeviceTarget = {
    name: d.name,
    client: d.client,
    site: d.site ?? '',
    kind: d.kind,
    address: d.address,
    parent: d.parent,
    ...(probeTimeoutMs === undefined ? {} : { probeTimeoutMs }),
    intervalsMs: {
      snmp: intervals.snmp ?? BUILTIN_DEFAULTS.intervalsMs.snmp,
      icmp: intervals.icmp ?? BUILTIN_DEFAULTS.intervalsMs.icmp,
      backup: intervals.backup ?? BUILTIN_DEFAULTS.intervalsMs.backup,
    },
    importantInterfaces: d.important_interfaces.map(String),
  };
  // SNMP is on when the device (not merely a default) says `snmp:`; the layers above only fill it in.
  if (d.snmp) target.snmp = buildSnmp(config, d, mergeLayers(layers.map((l) => l?.snmp)), `${path}.snmp`, ctx, problems);
  if ((icmp.enabled ?? BUILTIN_DEFAULTS.icmp.enabled) === true) {
    target.icmp = { count: icmp.count ?? BUILTIN_DEFAULTS.icmp.count, timeoutMs: icmp.timeout ?? BUILTIN_DEFAULTS.icmp.timeoutMs };
  }
  if (d.ssh) target.ssh = buildSsh(d.ssh, `${path}.ssh`, ctx, problems);
  if (d.routeros) {
    const password = resolveSecret(d.routeros.password, `${path}.routeros.password`, ctx, problems);
    if (password) target.routeros = { port: d.routeros.port ?? (d.routeros.tls ? 8729 : 8728), username: d.routeros.username, password, tls: d.routeros.tls };
  }
  return problems.length === before ? target : undefined;
}

function buildSsh(s: ParsedSshSettings, path: string, ctx: SecretContext, problems: BuildOutput['problems']): SshSettings {
  const secret = (input: SecretInput | undefined, key: string) => (input === undefined ? undefined : resolveSecret(input, `${path}.${key}`, ctx, problems));
  if (s.password === undefined && s.private_key === undefined) problems.push({ path, message: 'needs password or private_key' });
  const ssh: SshSettings = {
    profile: s.profile,
    port: s.port,
    username: s.username,
    password: secret(s.password, 'password'),
    privateKey: secret(s.private_key, 'private_key'),
    passphrase: secret(s.passphrase, 'passphrase'),
    enablePassword: secret(s.enable_password, 'enable_password'),
    legacyAlgorithms: s.legacy_algorithms,
  };
  if (s.mode !== undefined) ssh.mode = s.mode;
  if (s.prompt !== undefined) ssh.prompt = s.prompt;
  if (s.commands !== undefined) ssh.commands = [...s.commands];
  if (s.files !== undefined) ssh.files = [...s.files];
  if (s.connect_timeout !== undefined) ssh.connectTimeoutMs = s.connect_timeout;
  if (s.command_timeout !== undefined) ssh.commandTimeoutMs = s.command_timeout;
  return ssh;
}

function buildSnmp(
  config: ParsedConfig,
  d: ParsedDevice,
  s: Partial<ParsedSnmpSettings>,
  path: string,
  ctx: SecretContext,
  problems: BuildOutput['problems'],
): SnmpSettings | undefined {
  const version = s.version ?? BUILTIN_DEFAULTS.snmp.version;
  const settings: SnmpSettings = {
    version,
    port: s.port ?? BUILTIN_DEFAULTS.snmp.port,
    timeoutMs: s.timeout ?? BUILTIN_DEFAULTS.snmp.timeoutMs,
    retries: s.retries ?? BUILTIN_DEFAULTS.snmp.retries,
    maxRepetitions: s.max_repetitions ?? BUILTIN_DEFAULTS.snmp.maxRepetitions,
    maxVarbindsPerRequest: s.max_varbinds_per_request ?? BUILTIN_DEFAULTS.snmp.maxVarbindsPerRequest,
    modules: s.modules ?? DEFAULT_MODULES[d.kind],
  };
  const failFastAfter = s.fail_fast_after ?? BUILTIN_DEFAULTS.snmp.failFastAfter;
  // Never longer than a normal request's timeout: the check is to be the cheap one.
  if (failFastAfter > 0) settings.failFast = { afterPolls: failFastAfter, timeoutMs: Math.min(s.fail_fast_timeout ?? BUILTIN_DEFAULTS.snmp.failFastTimeoutMs, settings.timeoutMs) };
  if (version === '3') {
    if (s.user === undefined) {
      problems.push({ path: `${path}.user`, message: 'SNMP v3 needs `user` (a name from snmp_users)' });
      return undefined;
    }
    const u = config.snmp_users[s.user];
    if (!u) {
      const known = Object.keys(config.snmp_users);
      problems.push({ path: `${path}.user`, message: `unknown SNMP v3 user "${s.user}"${known.length ? ` (known: ${known.join(', ')})` : ' (snmp_users is empty)'}` });
      return undefined;
    }
    const userPath = `snmp_users.${s.user}`;
    const v3: SnmpV3Credentials = {
      user: u.user,
      level: u.level,
      authProtocol: u.auth_protocol,
      authKey: u.auth_key === undefined ? undefined : resolveSecret(u.auth_key, `${userPath}.auth_key`, ctx, problems),
      privProtocol: u.priv_protocol,
      privKey: u.priv_key === undefined ? undefined : resolveSecret(u.priv_key, `${userPath}.priv_key`, ctx, problems),
      context: u.context,
    };
    for (const [key, secret] of [['auth_key', v3.authKey], ['priv_key', v3.privKey]] as const) {
      // RFC 3414 password-to-key needs at least 8 characters; net-snmp would fail later, less clearly.
      if (secret && secret.reveal().length < 8) problems.push({ path: `${userPath}.${key}`, message: 'must be at least 8 characters (RFC 3414)' });
    }
    settings.v3 = v3;
  } else {
    settings.community = resolveSecret(s.community ?? 'public', `${path}.community`, ctx, problems);
  }
  return settings;
}
