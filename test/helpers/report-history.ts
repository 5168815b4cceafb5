/**
 * A month (2026-10) of synthetic history for two clients, described as plans whose figures a
 * test can work out on its own (pages printed, replacements, outages), and the series that
 * bench/report-history.ts writes for promtool. Used by the monthly report tests.
 */
import type { HistorySeries } from '../../bench/report-history';
import { within } from '../../bench/report-history';

export const MONTH = '2026-10';
export const M0 = Date.UTC(2026, 9, 1);
export const M1 = Date.UTC(2026, 10, 1);
export const STEP = 300_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface UpPlan {
  intervalMs: number;
  /** [start, end): samples say 0. */
  down: Array<[number, number]>;
  /** [start, end): no samples. */
  gaps: Array<[number, number]>;
}

export interface MarkerPlan {
  index: string;
  start: number;
  perStep: number;
  /** The counter restarts from 0 at this time (the sample then counts this step's pages from 0). */
  resetAt?: number;
}

export interface SupplyPlan {
  index: string;
  supply: string;
  type: string;
  color: string;
  max: number;
  start: number;
  /** Level units used per hour. */
  perHour: number;
  replacedAt: number[];
  /** [start, end, value]: the device reports a special value. */
  special?: [number, number, number];
}

export interface DevicePlan {
  name: string;
  client: string;
  kind: 'printer' | 'switch' | 'router' | 'firewall';
  up?: UpPlan;
  model: string;
  serial: string;
  /** A new device (serial, model) from this time, its counter starting at `lifetime`. */
  replaced?: { atMs: number; serial: string; model: string; lifetime: number };
  markers?: MarkerPlan[];
  supplies?: SupplyPlan[];
  interfaces?: Array<{ ifindex: string; name: string; speed: number; rxPerSec: number; txPerSec: number; errorsPerHour: number; burst?: { atMs: number; rxPerSec: number } }>;
  alerts?: Array<{ alertname: string; severity: string; startMs: number; endMs: number }>;
  ssh?: boolean;
}

export const PLANS: DevicePlan[] = [
  {
    name: 'acme-printer-1',
    client: 'acme',
    kind: 'printer',
    model: 'HP LaserJet M404',
    serial: 'A1',
    up: { intervalMs: 150_000, down: [[M0 + 2 * DAY + 10 * HOUR, M0 + 2 * DAY + 10 * HOUR + 40 * 60_000], [M0 + 10 * DAY + 3 * HOUR + 150_000, M0 + 10 * DAY + 3 * HOUR + 300_000]], gaps: [] },
    markers: [{ index: '1', start: 120_000, perStep: 3, resetAt: M0 + 15 * DAY }],
    supplies: [
      { index: '1', supply: 'Black Toner', type: 'toner', color: 'black', max: 100, start: 80, perHour: 0.25, replacedAt: [M0 + 12 * DAY + 9 * HOUR], special: [M0 + 20 * DAY, M0 + 21 * DAY, -3] },
      { index: '2', supply: 'Imaging Drum', type: 'opc', color: '', max: 200, start: 150, perHour: 0.05, replacedAt: [] },
    ],
    alerts: [{ alertname: 'PrinterSupplyLow', severity: 'warning', startMs: M0 + 11 * DAY, endMs: M0 + 12 * DAY + 9 * HOUR }],
  },
  {
    name: 'acme-printer-2',
    client: 'acme',
    kind: 'printer',
    model: 'HP LaserJet M404',
    serial: 'B1',
    replaced: { atMs: M0 + 18 * DAY + 6 * HOUR, serial: 'B2', model: 'HP LaserJet M406', lifetime: 52_000 },
    up: { intervalMs: STEP, down: [], gaps: [[M0 + 5 * DAY, M0 + 5 * DAY + 2 * HOUR]] },
    markers: [{ index: '1', start: 30_000, perStep: 2 }],
    supplies: [{ index: '1', supply: 'Black Cartridge 59A', type: 'toner', color: 'black', max: 100, start: 60, perHour: 0.1, replacedAt: [] }],
  },
  {
    name: 'acme-sw-1',
    client: 'acme',
    kind: 'switch',
    model: 'Aruba 2530',
    serial: 'S1',
    up: { intervalMs: STEP, down: [[M0 + 25 * DAY + 14 * HOUR, M0 + 25 * DAY + 16 * HOUR + 30 * 60_000]], gaps: [] },
    interfaces: [
      { ifindex: '1', name: 'uplink', speed: 1e9, rxPerSec: 2e6, txPerSec: 1e6, errorsPerHour: 1 },
      { ifindex: '2', name: 'port 2', speed: 1e8, rxPerSec: 1e5, txPerSec: 5e4, errorsPerHour: 0, burst: { atMs: M0 + 7 * DAY + 10 * HOUR, rxPerSec: 9e6 } },
    ],
    alerts: [{ alertname: 'DeviceDown', severity: 'critical', startMs: M0 + 25 * DAY + 14 * HOUR, endMs: M0 + 25 * DAY + 16 * HOUR + 30 * 60_000 }],
  },
  {
    name: 'globex-printer-1',
    client: 'globex',
    kind: 'printer',
    model: 'Brother HL-L6400',
    serial: 'G1',
    up: { intervalMs: STEP, down: [], gaps: [] },
    markers: [
      { index: '1', start: 5_000, perStep: 5 },
      { index: '2', start: 700, perStep: 1 },
    ],
    supplies: [
      { index: '1', supply: 'Toner TN-3480', type: 'toner', color: 'black', max: 100, start: 30, perHour: 0.2, replacedAt: [M0 + 3 * DAY, M0 + 24 * DAY + 12 * HOUR] },
      { index: '2', supply: 'Waste Toner Box', type: 'wasteToner', color: '', max: 100, start: 0, perHour: 0, replacedAt: [], special: [M0, M1 + 1, -2] },
    ],
  },
  {
    name: 'globex-sw-1',
    client: 'globex',
    kind: 'switch',
    model: 'Cisco C9200',
    serial: 'GS1',
    ssh: true,
    up: { intervalMs: STEP, down: [[M1 - HOUR, M1 + HOUR]], gaps: [] },
    interfaces: [{ ifindex: '10', name: 'Gi1/0/1', speed: 1e9, rxPerSec: 5e6, txPerSec: 5e6, errorsPerHour: 0 }],
    alerts: [{ alertname: 'DeviceDown', severity: 'critical', startMs: M1 - HOUR, endMs: M1 + HOUR }],
  },
  { name: 'globex-fw-1', client: 'globex', kind: 'firewall', model: 'FortiGate 60F', serial: 'F1', ssh: true, up: { intervalMs: STEP, down: [], gaps: [] } },
  // Configured, never reported: "no data".
  { name: 'globex-rtr-1', client: 'globex', kind: 'router', model: '', serial: '' },
];

const base = (d: DevicePlan) => ({ client: d.client, device: d.name, site: 'hq' });
const stepIndex = (t: number) => Math.round((t - M0) / STEP);

/** The counter of a marker at `t` (aligned to STEP). */
export function markerValue(d: DevicePlan, m: MarkerPlan, t: number): number {
  const k = stepIndex(t);
  if (d.replaced && t >= d.replaced.atMs) return d.replaced.lifetime + m.perStep * (k - stepIndex(d.replaced.atMs));
  if (m.resetAt !== undefined && t >= m.resetAt) return m.perStep * (k - stepIndex(m.resetAt) + 1);
  return m.start + m.perStep * k;
}

/** Pages printed in the month, as the plan says: every step prints perStep, except the step the device was swapped in. */
export function plannedPages(d: DevicePlan, m: MarkerPlan): number {
  const steps = (M1 - M0) / STEP;
  return m.perStep * (d.replaced ? steps - 1 : steps);
}

export function supplyValue(s: SupplyPlan, t: number): number {
  if (s.special && t >= s.special[0] && t < s.special[1]) return s.special[2];
  const since = [M0, ...s.replacedAt].filter((r) => r <= t).pop() as number;
  const full = since === M0 ? s.start : s.max;
  // A little upward noise now and then (a sensor re-reading), far below a tenth of the capacity.
  const noise = stepIndex(t) % 97 === 50 ? 1 : 0;
  return Math.max(0, Math.floor(full - ((t - since) / HOUR) * s.perHour)) + noise;
}

export function upValue(p: UpPlan, t: number): number | undefined {
  if (within(t, p.gaps)) return undefined;
  return within(t, p.down) ? 0 : 1;
}

function ifValue(i: NonNullable<DevicePlan['interfaces']>[number], t: number, dir: 'rx' | 'tx'): number {
  const secs = (t - M0) / 1000;
  let v = (dir === 'rx' ? i.rxPerSec : i.txPerSec) * secs;
  if (dir === 'rx' && i.burst && t > i.burst.atMs) v += (i.burst.rxPerSec - i.rxPerSec) * (Math.min(t, i.burst.atMs + HOUR) - i.burst.atMs) / 1000;
  return Math.round(v);
}

/** Every series of the plans; written over [M0, M1] (both ends: the counters at the start and the end of the month). */
export function historySeries(plans: readonly DevicePlan[] = PLANS): HistorySeries[] {
  const out: HistorySeries[] = [];
  for (const d of plans) {
    const l = base(d);
    if (d.up) {
      const up = d.up;
      out.push({ name: 'quarkpulse_device_up', labels: { ...l, kind: d.kind }, intervalMs: up.intervalMs, value: (t) => upValue(up, t) });
    }
    if (d.serial) {
      const info = (serial: string, model: string, from: number, to: number): HistorySeries => ({
        name: 'quarkpulse_device_info',
        labels: { ...l, sys_name: d.name, model, serial, vendor: '' },
        intervalMs: HOUR,
        value: (t) => (t >= from && t < to ? 1 : undefined),
      });
      out.push(info(d.serial, d.model, 0, d.replaced?.atMs ?? Infinity));
      if (d.replaced) out.push(info(d.replaced.serial, d.replaced.model, d.replaced.atMs, Infinity));
    }
    for (const m of d.markers ?? []) out.push({ name: 'quarkpulse_printer_pages_total', labels: { ...l, marker_index: m.index }, intervalMs: STEP, value: (t) => markerValue(d, m, t) });
    for (const s of d.supplies ?? []) {
      const sl = { ...l, supply_index: s.index, supply: s.supply, supply_type: s.type, color: s.color };
      out.push({ name: 'quarkpulse_printer_supply_level', labels: sl, intervalMs: STEP, value: (t) => supplyValue(s, t) });
      out.push({ name: 'quarkpulse_printer_supply_max_capacity', labels: sl, intervalMs: HOUR, value: () => s.max });
    }
    for (const i of d.interfaces ?? []) {
      const il = { ...l, ifindex: i.ifindex, name: i.name };
      out.push({ name: 'quarkpulse_interface_receive_bytes_total', labels: il, intervalMs: HOUR, value: (t) => ifValue(i, t, 'rx') });
      out.push({ name: 'quarkpulse_interface_transmit_bytes_total', labels: il, intervalMs: HOUR, value: (t) => ifValue(i, t, 'tx') });
      out.push({ name: 'quarkpulse_interface_receive_errors_total', labels: il, intervalMs: HOUR, value: (t) => Math.floor(((t - M0) / HOUR) * i.errorsPerHour) });
      out.push({ name: 'quarkpulse_interface_speed_bits_per_second', labels: il, intervalMs: HOUR, value: () => i.speed });
    }
    for (const a of d.alerts ?? []) {
      // Firing in (start, end]: as Prometheus's rule evaluation would write ALERTS every 5 min.
      out.push({ name: 'ALERTS', labels: { ...l, alertname: a.alertname, alertstate: 'firing', severity: a.severity }, intervalMs: STEP, value: (t) => (t > a.startMs && t <= a.endMs ? 1 : undefined) });
    }
  }
  return out;
}
