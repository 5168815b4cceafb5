/**
 * The words the config and the program share: each list once, as data (the schema enumerates it,
 * error messages print it) with its TypeScript type derived from it.
 */
export const DEVICE_KINDS = ['switch', 'router', 'firewall', 'printer', 'server', 'other'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const SNMP_VERSIONS = ['1', '2c', '3'] as const;
export type SnmpVersion = (typeof SNMP_VERSIONS)[number];

/** The MIB modules the SNMP probe knows (probes/snmp/modules holds one spec per name). */
export const SNMP_MODULE_NAMES = ['system', 'interfaces', 'printer', 'host'] as const;
export type SnmpModuleName = (typeof SNMP_MODULE_NAMES)[number];

export const SNMP_AUTH_PROTOCOLS = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type SnmpAuthProtocol = (typeof SNMP_AUTH_PROTOCOLS)[number];

export const SNMP_PRIV_PROTOCOLS = ['des', 'aes', 'aes256b', 'aes256r'] as const;
export type SnmpPrivProtocol = (typeof SNMP_PRIV_PROTOCOLS)[number];

export const SNMP_SECURITY_LEVELS = ['noAuthNoPriv', 'authNoPriv', 'authPriv'] as const;
export type SnmpSecurityLevel = (typeof SNMP_SECURITY_LEVELS)[number];

/** Default ceiling of SNMP `max_varbinds_per_request`: what Debian's snmpsim and many embedded agents answer at most. */
export const SAFE_MAX_VARBINDS = 64;
/**
 * Platform profiles (platforms/profiles holds one data entry per name). `routeros_api` describes
 * the RouterOS API probe's text export and is not an `ssh.profile`.
 */
export const PLATFORM_PROFILES = [
  'cisco_ios',
  'cisco_nxos',
  'cisco_asa',
  'aruba_aoscx',
  'hp_procurve',
  'junos',
  'routeros',
  'routeros_api',
  'fortios',
  'panos',
  'pfsense',
  'linux',
  'custom',
] as const;
export type PlatformProfileName = (typeof PLATFORM_PROFILES)[number];

export const SSH_PROFILES = PLATFORM_PROFILES.filter((p): p is Exclude<PlatformProfileName, 'routeros_api'> => p !== 'routeros_api');
export type SshProfileName = (typeof SSH_PROFILES)[number];

export const SSH_MODES = ['exec', 'shell'] as const;
export type SshMode = (typeof SSH_MODES)[number];
/** Days of the week, for schedules (backup.weekly_report.day). Index = Date#getDay(). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
