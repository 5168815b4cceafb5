/**
 * The rules an MSP gets on day one. They are evaluated by the engine and exported unchanged as
 * config/prometheus/quarkpulse-alerts.yml.
 * Thresholds, `for` and severities are starting points; the config overrides them per client,
 * site or device.
 */
import type { AlertRuleInput } from './alert-rule';

const printerCondition = (
  name: string,
  condition: string,
  severity: 'critical' | 'warning',
  forText: string,
  summary: string,
  description: string,
): AlertRuleInput => ({
  name,
  metric: 'quarkpulse_printer_error',
  match: { condition },
  op: '==',
  threshold: 1,
  for: forText,
  severity,
  summary,
  description,
});

// Printers that report a level ratio are judged by it; the error bits are only the fallback for
// printers reporting -3 ("some remaining") or nothing at all, which is not an alert by itself.
const UNLESS_RATIO = [{ metric: 'quarkpulse_printer_supply_level_ratio', match_re: { supply_type: 'toner|ink' } }] as const;

export const DEFAULT_RULES: readonly AlertRuleInput[] = [
  {
    name: 'DeviceDown',
    metric: 'quarkpulse_device_up',
    op: '==',
    threshold: 0,
    for: '5m',
    severity: 'critical',
    parent_aware: true,
    summary: '{{ $labels.device }} is down',
    description: 'No probe (SNMP, ping, SSH, API) has reached {{ $labels.device }} of {{ $labels.client }} for 5 minutes.',
  },
  {
    name: 'PrinterSupplyLow',
    metric: 'quarkpulse_printer_supply_level_ratio',
    op: '<',
    threshold: 0.15,
    clear_threshold: 0.2,
    for: '5m',
    severity: 'warning',
    summary: '{{ $labels.device }}: {{ $labels.supply }} is low ({{ $value | humanizePercentage }})',
    description: '{{ $labels.supply }} ({{ $labels.supply_type }}) on printer {{ $labels.device }} of {{ $labels.client }} is at {{ $value | humanizePercentage }}.',
  },
  {
    name: 'PrinterSupplyEmpty',
    metric: 'quarkpulse_printer_supply_level_ratio',
    op: '<=',
    threshold: 0,
    clear_threshold: 0.05,
    for: '5m',
    severity: 'critical',
    summary: '{{ $labels.device }}: {{ $labels.supply }} is empty',
    description: '{{ $labels.supply }} ({{ $labels.supply_type }}) on printer {{ $labels.device }} of {{ $labels.client }} is empty.',
  },
  {
    // The daemon's own forecast (forecast/): robust to refills and the -3/-2 specials, which a
    // predict_linear over the ratio is not. Ahead of PrinterSupplyLow, not instead of it.
    name: 'PrinterSupplyRunningOut',
    metric: 'quarkpulse_printer_supply_days_left',
    op: '<',
    threshold: 7,
    clear_threshold: 10,
    for: '1h',
    severity: 'warning',
    summary: '{{ $labels.device }}: {{ $labels.supply }} runs out within 7 days',
    description:
      'At its rate since the last refill, {{ $labels.supply }} ({{ $labels.supply_type }}) on printer {{ $labels.device }} of {{ $labels.client }} runs out in {{ $value | humanize }} days; order a replacement.',
  },
  {
    ...printerCondition(
      'PrinterTonerLow',
      'low_toner',
      'warning',
      '5m',
      '{{ $labels.device }}: toner low',
      'Printer {{ $labels.device }} of {{ $labels.client }} reports low toner (it does not report supply levels).',
    ),
    unless: [...UNLESS_RATIO],
  },
  {
    ...printerCondition(
      'PrinterTonerEmpty',
      'no_toner',
      'critical',
      '5m',
      '{{ $labels.device }}: toner empty',
      'Printer {{ $labels.device }} of {{ $labels.client }} reports no toner (it does not report supply levels).',
    ),
    unless: [...UNLESS_RATIO],
  },
  printerCondition('PrinterPaperJam', 'jammed', 'critical', '1m', '{{ $labels.device }}: paper jam', 'Printer {{ $labels.device }} of {{ $labels.client }} has a paper jam.'),
  printerCondition('PrinterDoorOpen', 'door_open', 'warning', '5m', '{{ $labels.device }}: door open', 'A door or cover of printer {{ $labels.device }} of {{ $labels.client }} is open.'),
  printerCondition('PrinterNoPaper', 'no_paper', 'warning', '5m', '{{ $labels.device }}: out of paper', 'Printer {{ $labels.device }} of {{ $labels.client }} is out of paper.'),
  printerCondition(
    'PrinterServiceRequested',
    'service_requested',
    'warning',
    '5m',
    '{{ $labels.device }}: service requested',
    'Printer {{ $labels.device }} of {{ $labels.client }} requests service.',
  ),
  printerCondition('PrinterOffline', 'offline', 'warning', '5m', '{{ $labels.device }}: offline', 'Printer {{ $labels.device }} of {{ $labels.client }} reports itself offline.'),
  {
    name: 'InterfaceDown',
    metric: 'quarkpulse_interface_oper_up',
    op: '==',
    threshold: 0,
    and: [{ metric: 'quarkpulse_interface_admin_up', op: '==', threshold: 1, on: ['ifindex'] }],
    interfaces: 'important',
    for: '5m',
    severity: 'critical',
    summary: '{{ $labels.device }}: interface {{ $labels.name }} is down',
    // Only ports that matter: important_interfaces, an "uplink" alias, or up within the last 7 days
    // (learned per port), never an access port nobody ever plugged in.
    description:
      'Interface {{ $labels.name }} (ifIndex {{ $labels.ifindex }}) on {{ $labels.device }} of {{ $labels.client }} is administratively up but operationally down; it is an uplink, listed in important_interfaces, or was up within the last 7 days.',
  },
  {
    name: 'IcmpPacketLoss',
    metric: 'quarkpulse_icmp_packet_loss_ratio',
    op: '>',
    threshold: 0.2,
    clear_threshold: 0.1,
    for: '5m',
    severity: 'warning',
    summary: '{{ $labels.device }}: {{ $value | humanizePercentage }} packet loss',
    description: 'Pings to {{ $labels.device }} of {{ $labels.client }} lose {{ $value | humanizePercentage }} of packets.',
  },
  {
    name: 'IcmpHighLatency',
    metric: 'quarkpulse_icmp_rtt_seconds',
    op: '>',
    threshold: 0.2,
    clear_threshold: 0.15,
    for: '5m',
    severity: 'warning',
    summary: '{{ $labels.device }}: round trip {{ $value | humanizeDuration }}',
    description: 'The average ping round trip to {{ $labels.device }} of {{ $labels.client }} is {{ $value | humanizeDuration }}.',
  },
  {
    name: 'HostStorageFull',
    metric: 'quarkpulse_host_storage_used_bytes',
    divide_by: 'quarkpulse_host_storage_size_bytes',
    match: { type: 'fixed_disk' },
    op: '>',
    threshold: 0.9,
    clear_threshold: 0.85,
    for: '15m',
    severity: 'warning',
    summary: '{{ $labels.device }}: {{ $labels.storage }} is {{ $value | humanizePercentage }} full',
    description: 'Storage {{ $labels.storage }} on {{ $labels.device }} of {{ $labels.client }} is {{ $value | humanizePercentage }} full.',
  },
  {
    name: 'HostCpuHigh',
    metric: 'quarkpulse_host_cpu_load_ratio',
    aggregate: 'avg',
    op: '>',
    threshold: 0.9,
    clear_threshold: 0.8,
    for: '15m',
    severity: 'warning',
    summary: '{{ $labels.device }}: CPU at {{ $value | humanizePercentage }}',
    description: 'The average CPU load of {{ $labels.device }} of {{ $labels.client }} has been above 90% for 15 minutes.',
  },
  {
    // The fault the NOC meets most on printers and switches: the device answers ping, but a wrong
    // community or v3 user, an ACL or a hung agent keeps SNMP silent — DeviceDown never fires.
    name: 'SnmpNotResponding',
    metric: 'quarkpulse_probe_success',
    match: { probe: 'snmp' },
    op: '==',
    threshold: 0,
    and: [{ metric: 'quarkpulse_probe_success', match: { probe: 'icmp' }, op: '==', threshold: 1 }],
    for: '10m',
    severity: 'warning',
    summary: '{{ $labels.device }}: SNMP not responding',
    description:
      '{{ $labels.device }} of {{ $labels.client }} answers ping but not SNMP: check the community (or SNMPv3 user and keys), the agent, and any ACL between the poller and the device.',
  },
  {
    name: 'ConfigDrift',
    metric: 'quarkpulse_config_drift',
    op: '==',
    threshold: 1,
    for: '0s',
    severity: 'warning',
    summary: '{{ $labels.device }}: running config differs from the approved baseline',
    description: 'The running config of {{ $labels.device }} of {{ $labels.client }} differs from its approved baseline; review with quarkpulse report config-diff.',
  },
  {
    // No success for 2 intervals of the default 24 h (intervals.backup); set `for` per client when it differs.
    name: 'ConfigBackupFailing',
    metric: 'quarkpulse_config_backup_success',
    op: '==',
    threshold: 0,
    for: '48h',
    severity: 'warning',
    summary: '{{ $labels.device }}: config backup failing',
    description: 'No config backup of {{ $labels.device }} of {{ $labels.client }} has succeeded for 2 backup intervals; quarkpulse backup --once --device {{ $labels.device }} shows why.',
  },
  {
    name: 'ConfigHostKeyChanged',
    metric: 'quarkpulse_config_hostkey_changed',
    op: '==',
    threshold: 1,
    for: '0s',
    severity: 'critical',
    summary: '{{ $labels.device }}: SSH host key changed; backups refused',
    description:
      '{{ $labels.device }} of {{ $labels.client }} presents an SSH host key other than the pinned one, so its config is not fetched. If the change is expected (device replaced, key regenerated), run quarkpulse backup accept-hostkey {{ $labels.device }}.',
  },
  {
    name: 'ConfigSecretLeakBlocked',
    metric: 'quarkpulse_config_secret_leak_blocked',
    op: '==',
    threshold: 1,
    for: '0s',
    severity: 'critical',
    summary: '{{ $labels.device }}: config not stored, line {{ $labels.line }} looks like a secret',
    description:
      'The config fetched from {{ $labels.device }} of {{ $labels.client }} still looks like it holds a secret on line {{ $labels.line }} ({{ $labels.rule }}) after redaction, so the version was not stored. Teach the platform profile to redact it.',
  },
];
