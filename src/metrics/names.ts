/**
 * Every device metric of the contract (CONTRACT.md section 3), declared once. Decoders emit
 * samples by these names; the registry builds its prom-client collectors from this table.
 * The device labels `client`, `device` and `site` are added by the result store, not listed here.
 */
export type MetricType = 'gauge' | 'counter';

export interface MetricDef {
  type: MetricType;
  help: string;
  labels: readonly string[];
}

export const DEVICE_LABELS = ['client', 'device', 'site'] as const;

const IF_LABELS = ['ifindex', 'name'] as const;
const SUPPLY_LABELS = ['supply_index', 'supply', 'supply_type', 'color'] as const;
const STORAGE_LABELS = ['storage', 'storage_index', 'type'] as const;

export const DEVICE_METRICS = {
  quarkpulse_device_up: { type: 'gauge', help: '1 if the last cycle reached the device by any probe.', labels: ['kind'] },
  quarkpulse_probe_success: { type: 'gauge', help: '1 if the last run of the probe succeeded, else 0.', labels: ['probe'] },
  quarkpulse_probe_duration_seconds: { type: 'gauge', help: 'Duration of the last run of the probe.', labels: ['probe'] },
  quarkpulse_snmp_module_success: { type: 'gauge', help: '1 if the SNMP module was fetched completely in the last poll, else 0.', labels: ['module'] },
  quarkpulse_icmp_rtt_seconds: { type: 'gauge', help: 'Average round-trip time of the last ping.', labels: [] },
  quarkpulse_icmp_packet_loss_ratio: { type: 'gauge', help: 'Packet loss of the last ping, 0..1.', labels: [] },
  quarkpulse_device_info: {
    type: 'gauge',
    help: 'Device identity from SNMPv2-MIB, ENTITY-MIB, HOST-RESOURCES-MIB and Printer-MIB; always 1.',
    labels: ['sys_name', 'sys_descr', 'sys_object_id', 'vendor', 'model', 'serial', 'version', 'location', 'contact'],
  },
  quarkpulse_device_uptime_seconds: { type: 'gauge', help: 'sysUpTime in seconds.', labels: [] },

  quarkpulse_interface_info: { type: 'gauge', help: 'Interface identity from IF-MIB; always 1.', labels: ['ifindex', 'name', 'descr', 'alias', 'type'] },
  quarkpulse_interface_oper_up: { type: 'gauge', help: '1 if ifOperStatus is up(1).', labels: IF_LABELS },
  quarkpulse_interface_admin_up: { type: 'gauge', help: '1 if ifAdminStatus is up(1).', labels: IF_LABELS },
  quarkpulse_interface_speed_bits_per_second: { type: 'gauge', help: 'ifHighSpeed x 10^6 where present and non-zero, else ifSpeed.', labels: IF_LABELS },
  quarkpulse_interface_receive_bytes_total: { type: 'counter', help: 'ifHCInOctets, else ifInOctets.', labels: IF_LABELS },
  quarkpulse_interface_transmit_bytes_total: { type: 'counter', help: 'ifHCOutOctets, else ifOutOctets.', labels: IF_LABELS },
  quarkpulse_interface_receive_errors_total: { type: 'counter', help: 'ifInErrors.', labels: IF_LABELS },
  quarkpulse_interface_transmit_errors_total: { type: 'counter', help: 'ifOutErrors.', labels: IF_LABELS },
  quarkpulse_interface_receive_discards_total: { type: 'counter', help: 'ifInDiscards.', labels: IF_LABELS },
  quarkpulse_interface_transmit_discards_total: { type: 'counter', help: 'ifOutDiscards.', labels: IF_LABELS },

  quarkpulse_printer_supply_level: { type: 'gauge', help: 'prtMarkerSuppliesLevel as reported (-1 other, -2 unknown, -3 some remaining).', labels: SUPPLY_LABELS },
  quarkpulse_printer_supply_max_capacity: { type: 'gauge', help: 'prtMarkerSuppliesMaxCapacity as reported (-1 other, -2 unknown).', labels: SUPPLY_LABELS },
  quarkpulse_printer_supply_level_ratio: { type: 'gauge', help: 'Supply level / max capacity where level >= 0 and max > 0, capped at 1; for receptacles the space remaining.', labels: SUPPLY_LABELS },
  quarkpulse_printer_supply_days_left: {
    type: 'gauge',
    help: 'Days until the supply level reaches 0 at the consumption rate since its last refill (Theil-Sen over up to 30 days); absent while flat, unknown or too new.',
    labels: SUPPLY_LABELS,
  },
  quarkpulse_printer_pages_total: { type: 'counter', help: 'prtMarkerLifeCount.', labels: ['marker_index'] },
  quarkpulse_printer_error: { type: 'gauge', help: 'hrPrinterDetectedErrorState bits 0-14 (1 = condition present).', labels: ['condition'] },
  quarkpulse_printer_status: { type: 'gauge', help: 'hrPrinterStatus as a state set: 1 on the current state.', labels: ['state'] },
  quarkpulse_printer_input_level: { type: 'gauge', help: 'prtInputCurrentLevel as reported.', labels: ['input_index', 'input'] },
  quarkpulse_printer_input_max_capacity: { type: 'gauge', help: 'prtInputMaxCapacity as reported.', labels: ['input_index', 'input'] },
  quarkpulse_printer_alert: { type: 'gauge', help: 'One series per prtAlertTable row; always 1.', labels: ['alert_index', 'severity', 'group', 'code', 'description'] },

  quarkpulse_host_cpu_load_ratio: { type: 'gauge', help: 'hrProcessorLoad / 100.', labels: ['cpu', 'name'] },
  quarkpulse_host_storage_size_bytes: { type: 'gauge', help: 'hrStorageSize x hrStorageAllocationUnits.', labels: STORAGE_LABELS },
  quarkpulse_host_storage_used_bytes: { type: 'gauge', help: 'hrStorageUsed x hrStorageAllocationUnits.', labels: STORAGE_LABELS },

  quarkpulse_routeros_info: { type: 'gauge', help: 'RouterOS identity, version and board from the API (/system/resource, /system/identity); always 1.', labels: ['identity', 'version', 'board_name', 'architecture'] },
  quarkpulse_routeros_cpu_load_ratio: { type: 'gauge', help: 'RouterOS /system/resource cpu-load / 100 (average over all cores).', labels: [] },
  quarkpulse_routeros_cpu_count: { type: 'gauge', help: 'RouterOS /system/resource cpu-count.', labels: [] },
  quarkpulse_routeros_memory_total_bytes: { type: 'gauge', help: 'RouterOS /system/resource total-memory.', labels: [] },
  quarkpulse_routeros_memory_free_bytes: { type: 'gauge', help: 'RouterOS /system/resource free-memory.', labels: [] },
  quarkpulse_routeros_storage_total_bytes: { type: 'gauge', help: 'RouterOS /system/resource total-hdd-space.', labels: [] },
  quarkpulse_routeros_storage_free_bytes: { type: 'gauge', help: 'RouterOS /system/resource free-hdd-space.', labels: [] },
  quarkpulse_routeros_temperature_celsius: { type: 'gauge', help: 'RouterOS /system/health temperature sensor.', labels: ['sensor'] },
  quarkpulse_routeros_voltage_volts: { type: 'gauge', help: 'RouterOS /system/health voltage sensor.', labels: ['sensor'] },
  quarkpulse_routeros_current_amperes: { type: 'gauge', help: 'RouterOS /system/health current sensor.', labels: ['sensor'] },
  quarkpulse_routeros_power_watts: { type: 'gauge', help: 'RouterOS /system/health power sensor.', labels: ['sensor'] },
  quarkpulse_routeros_fan_speed_rpm: { type: 'gauge', help: 'RouterOS /system/health fan speed.', labels: ['sensor'] },

  quarkpulse_config_backup_success: { type: 'gauge', help: '1 if the last config fetch succeeded, else 0.', labels: [] },
  quarkpulse_config_backup_last_success_timestamp_seconds: { type: 'gauge', help: 'Unix time of the last successful config fetch.', labels: [] },
  quarkpulse_config_changes_total: { type: 'counter', help: 'Stored config versions that differed from the one before.', labels: [] },
  quarkpulse_config_drift: { type: 'gauge', help: '1 while the running config differs from the approved baseline.', labels: [] },
  quarkpulse_config_hostkey_changed: { type: 'gauge', help: '1 while the device presents an SSH host key other than the pinned one (backups refused until accepted).', labels: [] },
  quarkpulse_config_secret_leak_blocked: {
    type: 'gauge',
    help: '1 while the last fetched config was not stored because something on `line` still looked like a secret after redaction.',
    labels: ['line', 'rule'],
  },
} as const satisfies Record<string, MetricDef>;

export type DeviceMetricName = keyof typeof DEVICE_METRICS;

/**
 * Series whose one source of truth is the config store's per-device status (backup/), kept by the
 * process that owns the store: a probe sample of one of these names is ignored, so a worker's view
 * of a fetch can never contradict what was (or was not) stored.
 */
export const CONFIG_STATUS_METRICS: ReadonlySet<DeviceMetricName> = new Set<DeviceMetricName>([
  'quarkpulse_config_backup_success',
  'quarkpulse_config_backup_last_success_timestamp_seconds',
  'quarkpulse_config_changes_total',
  'quarkpulse_config_drift',
  'quarkpulse_config_hostkey_changed',
  'quarkpulse_config_secret_leak_blocked',
]);

/** One value of one device series, without the device labels. */
export interface Sample {
  name: DeviceMetricName;
  labels: Record<string, string>;
  value: number;
}
