/** The monthly report of one client, as the renderers (render-*.ts) and the API see it. */
import type { AlertSummary } from './alerts';
import type { DeviceAvailability, Outage } from './availability';
import type { ConfigSection } from './config-section';
import type { Month } from './month';
import type { NetworkSummary } from './network';
import type { PrinterPages } from './pages';
import type { SupplyState } from './supplies';

export interface MonthlyReport {
  client: string;
  month: Month;
  /** The end of the data looked at: the month's end, or now for the month in progress. */
  periodEndMs: number;
  generatedAtMs: number;
  /** The step of availability, outages, supplies and alerts (ms). */
  stepMs: number;
  /** The step of the network figures (ms). */
  networkStepMs: number;
  availability: { overall?: number; devices: DeviceAvailability[]; outages: Outage[] };
  printing: { printers: PrinterPages[]; totalPages: number };
  supplies: SupplyState[];
  network: NetworkSummary;
  alerts: AlertSummary;
  config: ConfigSection;
  /** Where the weekly config-diff reviews are served (absolute URL), for the config section. */
  configDiffUrl?: string;
}
