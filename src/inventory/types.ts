/**
 * A device as the probes see it: the config with all defaults (global, per kind, per client)
 * already applied and secrets resolved. Built by inventory/build.ts from the validated config.
 */
import type { Secret } from '../config/secret';
import type { DeviceKind, SnmpAuthProtocol, SnmpModuleName, SnmpPrivProtocol, SnmpSecurityLevel, SnmpVersion, SshMode, SshProfileName } from '../config/vocabulary';

export interface SnmpV3Credentials {
  user: string;
  level: SnmpSecurityLevel;
  authProtocol?: SnmpAuthProtocol;
  authKey?: Secret;
  privProtocol?: SnmpPrivProtocol;
  privKey?: Secret;
  context?: string;
}

export interface SnmpSettings {
  version: SnmpVersion;
  port: number;
  /** v1/v2c. */
  community?: Secret;
  /** v3. */
  v3?: SnmpV3Credentials;
  /** Per request PDU, before a retry. */
  timeoutMs: number;
  retries: number;
  /** Upper bound of GETBULK max-repetitions; the walker sizes requests adaptively below it. */
  maxRepetitions: number;
  /** Upper bound of varbinds asked for in one request (repeaters x max-repetitions + non-repeaters). */
  maxVarbindsPerRequest: number;
  modules: SnmpModuleName[];
  /**
   * A device that answered nothing in `afterPolls` polls in a row is asked once, with `timeoutMs`,
   * before a poll walks it (probes/snmp/fail-fast.ts). Absent: never.
   */
  failFast?: { afterPolls: number; timeoutMs: number };
}

export interface IcmpSettings {
  count: number;
  timeoutMs: number;
}

export interface SshSettings {
  profile: SshProfileName;
  port: number;
  username: string;
  password?: Secret;
  /** The key text (OpenSSH or PEM). */
  privateKey?: Secret;
  passphrase?: Secret;
  enablePassword?: Secret;
  /** Overrides the profile's. */
  mode?: SshMode;
  /** Overrides the profile's prompt (a regular expression source). */
  prompt?: string;
  /** Replaces the profile's commands (`custom`: the only ones). */
  commands?: string[];
  /** `linux`: replaces the profile's file list. */
  files?: string[];
  legacyAlgorithms?: boolean;
  connectTimeoutMs?: number;
  /** Longest silence while a command runs. */
  commandTimeoutMs?: number;
}

export interface RouterosSettings {
  port: number;
  username: string;
  password: Secret;
  tls: boolean;
}

export interface DeviceTarget {
  /** Unique; label `device`. */
  name: string;
  /** Label `client`. */
  client: string;
  /** Label `site`, empty when not set. */
  site: string;
  kind: DeviceKind;
  address: string;
  parent?: string;
  /** Milliseconds between runs, per interval setting (the probe registry maps kinds to them). */
  intervalsMs: { snmp: number; icmp: number; backup: number };
  /** The config's `probe_timeout`, when it sets one; else each probe kind's default applies (probes/registry.ts). */
  probeTimeoutMs?: number;
  snmp?: SnmpSettings;
  icmp?: IcmpSettings;
  ssh?: SshSettings;
  routeros?: RouterosSettings;
  /** Interfaces (ifName or ifIndex) that matter for alerts, e.g. uplinks. */
  importantInterfaces: string[];
}
