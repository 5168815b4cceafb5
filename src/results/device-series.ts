/**
 * Device series that do not come from a probe result: the config store's per-device status
 * (backup/) is the one example. /metrics and the alert engine merge them with the probe samples;
 * for the names a source `owns`, probe samples are dropped, so there is one truth per series.
 */
import type { DeviceMetricName, Sample } from '../metrics/names';

export interface DeviceSeries {
  client: string;
  device: string;
  site: string;
  samples: Sample[];
}

export interface DeviceSeriesSource {
  /** Metric names this source alone reports. */
  readonly owns: ReadonlySet<DeviceMetricName>;
  /** The current series of every device the source knows. */
  series(): DeviceSeries[];
}
