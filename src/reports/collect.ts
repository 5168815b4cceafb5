/**
 * The query plan of a monthly report and its assembly: ten Prometheus queries per client (one
 * per metric, every device of the client at once, never one per device), then the pure
 * computations of this folder. Label values are quoted as PromQL strings.
 */
import { promString } from '../alerts/prometheus-rules';
import { alertEpisodes, alertSummary } from './alerts';
import { byDevice, deviceAvailability, overallAvailability, type DeviceAvailability } from './availability';
import { readConfigSection, type ConfigHistory } from './config-section';
import type { MonthlyReport } from './model';
import type { Month } from './month';
import { interfaceTraffic, networkSummary } from './network';
import { deviceIdentities, printerPages, type PrinterPages } from './pages';
import type { PrometheusApi, Series } from './prometheus';
import { supplyStates } from './supplies';

/** Prometheus refuses range queries of more than 11,000 points per series. */
const MAX_POINTS = 11_000;
export const NETWORK_STEP_MS = 3_600_000;

export interface ClientDevice {
  name: string;
  kind: string;
}

export interface CollectInput {
  client: string;
  month: Month;
  stepMs: number;
  nowMs: number;
  /** The client's configured devices (a device without data shows as "no data"). */
  devices: readonly ClientDevice[];
  /** The config store, when config backups are set up, and the client's devices configured for backup. */
  configs?: { store: ConfigHistory; backupDevices: readonly string[] };
  configDiffUrl?: string;
}

export class ReportPeriodError extends Error {}

/** Pure: the step actually used (at least `stepMs`, whole seconds, within Prometheus's point limit). */
export function effectiveStep(stepMs: number, rangeMs: number): number {
  const min = Math.ceil(rangeMs / (MAX_POINTS - 1) / 1000) * 1000;
  return Math.max(Math.ceil(stepMs / 1000) * 1000, min);
}

/** Pure: the last step end of the period: the month's end, or the last whole step before now. */
export function periodEnd(month: Month, stepMs: number, nowMs: number): number {
  if (nowMs >= month.endMs) return month.endMs;
  return month.startMs + Math.floor((nowMs - month.startMs) / stepMs) * stepMs;
}

/** The PromQL of each query, for one client (exported: the tests and the docs list them). */
export function reportQueries(client: string, stepMs: number, rangeMs: number) {
  const c = `client=${promString(client)}`;
  const win = `${stepMs - 1}ms`;
  const range = `${Math.round(rangeMs / 1000)}s`;
  return {
    up: `min_over_time(quarkpulse_device_up{${c}}[${win}])`,
    info: `quarkpulse_device_info{${c}}`,
    pages: `quarkpulse_printer_pages_total{${c}}`,
    supplyLevel: `quarkpulse_printer_supply_level{${c}}`,
    supplyMax: `last_over_time(quarkpulse_printer_supply_max_capacity{${c}}[${range}])`,
    daysLeft: `last_over_time(quarkpulse_printer_supply_days_left{${c}}[1d])`,
    ifBytes: `{__name__=~"quarkpulse_interface_(receive|transmit)_bytes_total",${c}}`,
    ifErrors: `{__name__=~"quarkpulse_interface_(receive|transmit)_errors_total",${c}}`,
    ifSpeed: `last_over_time(quarkpulse_interface_speed_bits_per_second{${c}}[${range}])`,
    alerts: `last_over_time(ALERTS{${c},alertstate="firing"}[${win}])`,
  };
}

export async function collectMonthlyReport(api: PrometheusApi, input: CollectInput): Promise<MonthlyReport> {
  const { month } = input;
  if (input.nowMs <= month.startMs) throw new ReportPeriodError(`${month.id} has not started yet`);
  const stepMs = effectiveStep(input.stepMs, month.endMs - month.startMs);
  const lastMs = periodEnd(month, stepMs, input.nowMs);
  if (lastMs <= month.startMs) throw new ReportPeriodError(`${month.id} started less than one step (${stepMs / 1000} s) ago: no data to report yet`);
  const rangeMs = lastMs - month.startMs;
  const q = reportQueries(input.client, stepMs, rangeMs);
  const firstStepEnd = month.startMs + stepMs;

  const [up, info, pages, supplyLevel, supplyMax, daysLeft, ifBytes, ifErrors, ifSpeed, alerts, config] = await Promise.all([
    api.queryRange(q.up, firstStepEnd, lastMs, stepMs),
    api.queryRange(q.info, month.startMs, lastMs, NETWORK_STEP_MS),
    api.queryRange(q.pages, month.startMs, lastMs, stepMs),
    api.queryRange(q.supplyLevel, month.startMs, lastMs, stepMs),
    api.query(q.supplyMax, lastMs),
    api.query(q.daysLeft, lastMs),
    api.queryRange(q.ifBytes, month.startMs, lastMs, NETWORK_STEP_MS),
    api.queryRange(q.ifErrors, month.startMs, lastMs, NETWORK_STEP_MS),
    api.query(q.ifSpeed, lastMs),
    api.queryRange(q.alerts, firstStepEnd, lastMs, stepMs),
    readConfigSection(input.configs?.store, { client: input.client, month, backupDevices: input.configs?.backupDevices ?? [] }),
  ]);

  const availability = availabilityOf(up, input.devices, { firstMs: firstStepEnd, lastMs, stepMs });
  const printers = printerPages(pages, deviceIdentities(info, NETWORK_STEP_MS));
  return {
    client: input.client,
    month,
    periodEndMs: lastMs,
    generatedAtMs: input.nowMs,
    stepMs,
    networkStepMs: NETWORK_STEP_MS,
    availability: {
      overall: overallAvailability(availability),
      devices: availability,
      outages: availability.flatMap((d) => d.outages).sort((a, b) => a.startMs - b.startMs || a.device.localeCompare(b.device)),
    },
    printing: { printers, totalPages: printers.reduce((n, p) => n + p.pages, 0) },
    supplies: supplyStates(supplyLevel, supplyMax, daysLeft),
    network: networkSummary(interfaceTraffic(ifBytes, ifErrors, ifSpeed)),
    alerts: alertSummary(alertEpisodes(alerts, stepMs, lastMs)),
    config,
    ...(input.configDiffUrl ? { configDiffUrl: input.configDiffUrl } : {}),
  };
}

/** Only what the page-count export needs: two queries (device identity and page counters). */
export async function collectPages(api: PrometheusApi, input: Pick<CollectInput, 'client' | 'month' | 'stepMs' | 'nowMs'>): Promise<PrinterPages[]> {
  const { month } = input;
  if (input.nowMs <= month.startMs) throw new ReportPeriodError(`${month.id} has not started yet`);
  const stepMs = effectiveStep(input.stepMs, month.endMs - month.startMs);
  const lastMs = periodEnd(month, stepMs, input.nowMs);
  if (lastMs <= month.startMs) throw new ReportPeriodError(`${month.id} started less than one step (${stepMs / 1000} s) ago: no data to report yet`);
  const q = reportQueries(input.client, stepMs, lastMs - month.startMs);
  const [info, pages] = await Promise.all([api.queryRange(q.info, month.startMs, lastMs, NETWORK_STEP_MS), api.queryRange(q.pages, month.startMs, lastMs, stepMs)]);
  return printerPages(pages, deviceIdentities(info, NETWORK_STEP_MS));
}

/** Configured devices first (with or without data), then devices that reported in the month but left the config. */
function availabilityOf(up: readonly Series[], devices: readonly ClientDevice[], w: { firstMs: number; lastMs: number; stepMs: number }): DeviceAvailability[] {
  const series = byDevice(up);
  const out: DeviceAvailability[] = [];
  const seen = new Set<string>();
  for (const d of devices) {
    seen.add(d.name);
    out.push(deviceAvailability(d.name, d.kind, series.get(d.name) ?? [], w));
  }
  for (const [name, list] of series) {
    if (seen.has(name)) continue;
    out.push(deviceAvailability(name, list[0].labels.kind ?? '', list, w));
  }
  return out.sort((a, b) => a.device.localeCompare(b.device));
}
