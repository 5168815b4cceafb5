/**
 * Pure: RouterOS API rows (/system/resource, /system/health, /interface) → samples.
 * Values arrive as text exactly as the device prints them ("5", "24.3", "3w2d04:05:06", "true").
 */
import type { Sample } from '../../metrics/names';
import type { Row } from './client';

/** Whole seconds of a RouterOS duration: "3w2d4h12m7s", "1d02:03:04", "00:12:30", "45s", "1h2m3s450ms". */
export function parseRouterosDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^((?:\d+(?:w|d|h|ms|m|s))*)(?:(\d+):(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m || (m[1] === '' && m[2] === undefined)) return undefined;
  const unit: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1, ms: 0.001 };
  let seconds = 0;
  for (const [, n, u] of (m[1] ?? '').matchAll(/(\d+)(w|d|h|ms|m|s)/g)) seconds += Number(n) * unit[u!]!;
  if (m[2] !== undefined) seconds += Number(m[2]) * 3_600 + Number(m[3]) * 60 + Number(m[4]);
  return seconds;
}

function num(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

const truthy = (text: string | undefined) => text === 'true' || text === 'yes';

export interface DecodeOptions {
  /**
   * The device is polled for IF-MIB over SNMP too: the contract's interface and uptime series
   * come from there only, so a counter is never exposed twice for one interface.
   */
  snmpInterfaces: boolean;
  snmpSystem: boolean;
}

/** /system/resource (one row) and /system/identity → info, CPU, memory, disk, uptime. */
export function resourceSamples(resource: Row | undefined, identity: string, opts: Pick<DecodeOptions, 'snmpSystem'>): Sample[] {
  if (!resource) return [];
  const out: Sample[] = [];
  out.push({
    name: 'quarkpulse_routeros_info',
    labels: {
      identity,
      version: resource['version'] ?? '',
      board_name: resource['board-name'] ?? '',
      architecture: resource['architecture-name'] ?? '',
    },
    value: 1,
  });
  const push = (name: Sample['name'], value: number | undefined) => {
    if (value !== undefined) out.push({ name, labels: {}, value });
  };
  const cpuLoad = num(resource['cpu-load']);
  push('quarkpulse_routeros_cpu_load_ratio', cpuLoad === undefined ? undefined : Math.min(1, Math.max(0, cpuLoad / 100)));
  push('quarkpulse_routeros_cpu_count', num(resource['cpu-count']));
  push('quarkpulse_routeros_memory_total_bytes', num(resource['total-memory']));
  push('quarkpulse_routeros_memory_free_bytes', num(resource['free-memory']));
  push('quarkpulse_routeros_storage_total_bytes', num(resource['total-hdd-space']));
  push('quarkpulse_routeros_storage_free_bytes', num(resource['free-hdd-space']));
  if (!opts.snmpSystem) push('quarkpulse_device_uptime_seconds', parseRouterosDuration(resource['uptime']));
  return out;
}

/** Unit letter of a RouterOS 7 health row (`type`) → metric. */
const HEALTH_BY_TYPE: Record<string, Sample['name']> = {
  C: 'quarkpulse_routeros_temperature_celsius',
  V: 'quarkpulse_routeros_voltage_volts',
  A: 'quarkpulse_routeros_current_amperes',
  W: 'quarkpulse_routeros_power_watts',
  RPM: 'quarkpulse_routeros_fan_speed_rpm',
};

/** RouterOS 6 prints health as one row of properties; their names say the unit. */
function metricForV6Property(name: string): Sample['name'] | undefined {
  if (/temperature$/.test(name)) return 'quarkpulse_routeros_temperature_celsius';
  if (/voltage$/.test(name)) return 'quarkpulse_routeros_voltage_volts';
  if (/current$/.test(name)) return 'quarkpulse_routeros_current_amperes';
  if (/(power-consumption|consumption)$/.test(name)) return 'quarkpulse_routeros_power_watts';
  if (/^fan\d*-speed$/.test(name)) return 'quarkpulse_routeros_fan_speed_rpm';
  return undefined;
}

/**
 * /system/health: RouterOS 7 answers one row per sensor (name, value, type); RouterOS 6 one row
 * with a property per sensor. Both become one series per sensor, label `sensor` = its name.
 * States (psu1-state=ok) and sensors without a number are left out.
 */
export function healthSamples(rows: Row[]): Sample[] {
  const out: Sample[] = [];
  for (const row of rows) {
    if (row['name'] !== undefined && row['value'] !== undefined) {
      const metric = HEALTH_BY_TYPE[row['type'] ?? ''];
      const value = num(row['value']);
      if (metric && value !== undefined) out.push({ name: metric, labels: { sensor: row['name'] }, value });
      continue;
    }
    for (const [prop, text] of Object.entries(row)) {
      const metric = metricForV6Property(prop);
      const value = num(text);
      if (metric && value !== undefined) out.push({ name: metric, labels: { sensor: prop }, value });
    }
  }
  return out;
}

/** RouterOS interface types → the IANA ifType names SNMP gives the same interfaces (unknown types as RouterOS prints them). */
const IF_TYPES: Record<string, string> = {
  ether: 'ethernetCsmacd',
  bridge: 'bridge',
  vlan: 'l2vlan',
  loopback: 'softwareLoopback',
  wlan: 'ieee80211',
  wifi: 'ieee80211',
  'pppoe-out': 'ppp',
  'pppoe-in': 'ppp',
  'l2tp-out': 'ppp',
  'sstp-out': 'ppp',
  'ovpn-out': 'ppp',
  wg: 'tunnel',
  'eoip-tunnel': 'tunnel',
  'gre-tunnel': 'tunnel',
  'ipip-tunnel': 'tunnel',
  bond: 'ieee8023adLag',
};

/** `.id` "*1A" → "26": the interface's internal number, which RouterOS also uses as SNMP ifIndex. */
export function interfaceIndex(id: string | undefined): string | undefined {
  const m = /^\*([0-9A-Fa-f]+)$/.exec(id ?? '');
  return m ? String(parseInt(m[1]!, 16)) : undefined;
}

/** /interface print: identity, state and counters per interface, by the contract's interface names. */
export function interfaceSamples(rows: Row[], opts: Pick<DecodeOptions, 'snmpInterfaces'>): Sample[] {
  if (opts.snmpInterfaces) return [];
  const out: Sample[] = [];
  for (const row of rows) {
    const ifindex = interfaceIndex(row['.id']);
    const name = row['name'];
    if (ifindex === undefined || name === undefined) continue;
    const labels = { ifindex, name };
    const type = row['type'] ?? '';
    out.push({ name: 'quarkpulse_interface_info', labels: { ...labels, descr: name, alias: row['comment'] ?? '', type: IF_TYPES[type] ?? type }, value: 1 });
    out.push({ name: 'quarkpulse_interface_oper_up', labels, value: truthy(row['running']) ? 1 : 0 });
    out.push({ name: 'quarkpulse_interface_admin_up', labels, value: truthy(row['disabled']) ? 0 : 1 });
    const counters: Array<[Sample['name'], string]> = [
      ['quarkpulse_interface_receive_bytes_total', 'rx-byte'],
      ['quarkpulse_interface_transmit_bytes_total', 'tx-byte'],
      ['quarkpulse_interface_receive_errors_total', 'rx-error'],
      ['quarkpulse_interface_transmit_errors_total', 'tx-error'],
      ['quarkpulse_interface_receive_discards_total', 'rx-drop'],
      ['quarkpulse_interface_transmit_discards_total', 'tx-drop'],
    ];
    for (const [metric, prop] of counters) {
      const value = num(row[prop]);
      if (value !== undefined) out.push({ name: metric, labels, value });
    }
  }
  return out;
}
