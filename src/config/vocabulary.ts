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

/** Days of the week, for schedules (backup.weekly_report.day). Index = Date#getDay(). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
