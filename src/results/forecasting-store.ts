/**
 * quarkpulse_printer_supply_days_left is added to a printer's result on its way into the result
 * store, by the worker that polled it: the forecast then travels with the levels it was computed
 * from, every `run` process serves it from the shared store (/metrics and the alert engine read it
 * like any probe sample), and it goes stale, or away with a removed device, together with them.
 * The history behind it is in forecast/history-store.ts (Redis when the queue is, else memory).
 *
 * The history is best effort: when it cannot be read or written (Redis away) the result is stored
 * without a forecast, logged once per outage; polling never waits on it for more than a second.
 */
import { forecastDaysLeft } from '../forecast/forecast';
import { appendPoint, withCurrent } from '../forecast/history';
import type { DeviceHistories, SupplyHistoryStore } from '../forecast/history-store';
import { daysLeftSample, supplyReadings } from '../forecast/supplies';
import type { Logger } from '../log';
import type { Sample } from '../metrics/names';
import { withTimeout } from '../util/timeout';
import type { ResultStore, StoredResult } from './store';

const HISTORY_TIMEOUT_MS = 1_000;

export function withSupplyForecast(store: ResultStore, history: SupplyHistoryStore, logger: Logger): ResultStore {
  let failing = false;
  const failed = (err: unknown) => {
    if (!failing) logger.warn({ err: err instanceof Error ? err.message : String(err), store: history.description }, 'supply history unavailable; results are stored without a forecast meanwhile');
    failing = true;
  };

  const forecastSamples = async (entry: StoredResult): Promise<Sample[]> => {
    const readings = supplyReadings(entry.result.samples, entry.finishedAtMs);
    if (readings.length === 0) return [];
    let kept: DeviceHistories;
    try {
      kept = await withTimeout(history.load(entry.device), HISTORY_TIMEOUT_MS, 'supply history read');
    } catch (err) {
      failed(err);
      return [];
    }
    const changed: DeviceHistories = new Map();
    const out: Sample[] = [];
    for (const reading of readings) {
      const before = kept.get(reading.index) ?? [];
      const after = appendPoint(before, reading.point);
      if (after !== before) changed.set(reading.index, after);
      const f = forecastDaysLeft(withCurrent(after, reading.point));
      if (f.daysLeft !== undefined) out.push(daysLeftSample(reading, f.daysLeft));
    }
    const reported = new Set(readings.map((r) => r.index));
    const gone = [...kept.keys()].filter((index) => !reported.has(index));
    try {
      await withTimeout(history.save(entry.device, changed, gone), HISTORY_TIMEOUT_MS, 'supply history write');
      if (failing) logger.info({ store: history.description }, 'supply history available again');
      failing = false;
    } catch (err) {
      failed(err);
    }
    return out;
  };

  return {
    put: async (entry) => {
      // A failed poll carries no levels: nothing to learn, and no forecast to serve from it.
      const extra = entry.result.success ? await forecastSamples(entry) : [];
      await store.put(extra.length === 0 ? entry : { ...entry, result: { ...entry.result, samples: [...entry.result.samples, ...extra] } });
    },
    all: () => store.all(),
    rendered: () => store.rendered(),
    forDevice: (device) => store.forDevice(device),
    removeDevice: async (device) => {
      await store.removeDevice(device);
      await withTimeout(history.removeDevice(device), HISTORY_TIMEOUT_MS, 'supply history removal').catch(failed);
    },
    close: async () => {
      await store.close();
      await history.close();
    },
  };
}
