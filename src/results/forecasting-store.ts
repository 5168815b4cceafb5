/**
 * quarkpulse_printer_supply_days_left is added to a printer's result on its way into the result
 * store, by the worker that polled it: the forecast then travels with the levels it was computed
 * from, every `run` process serves it from the shared store (/metrics and the alert engine read it
 * like any probe sample), and it goes stale, or away with a removed device, together with them.
 * The history behind it is in forecast/history-store.ts (Redis when the queue is, else memory).
 * A poll reads only the supplies' summaries (forecast/summary.ts) and answers from them; a supply's
 * history is read, appended to and written, with a new summary, only when the poll's point is kept
 * (about once an hour, or at a refill) or the summary does not cover it: the per-poll cost does not
 * grow with the history, and the answer is the same as the full computation's.
 *
 * The history is best effort: when it cannot be read or written (Redis away) the result is stored
 * without a forecast, logged once per outage; polling never waits on it for more than a second.
 */
import { forecastDaysLeft } from '../forecast/forecast';
import { appendPoint, withCurrent } from '../forecast/history';
import type { DeviceHistories, DeviceSummaries, SupplyHistoryStore } from '../forecast/history-store';
import { forecastFromSummary, summarize } from '../forecast/summary';
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
    try {
      const summaries = await withTimeout(history.loadSummaries(entry.device), HISTORY_TIMEOUT_MS, 'supply history read');
      // Most polls end here: each supply answered from its summary, nothing to write.
      const forecasts = new Map(readings.map((r) => [r.index, summaries.has(r.index) ? forecastFromSummary(summaries.get(r.index)!, r.point) : undefined]));
      const full = readings.filter((r) => forecasts.get(r.index) === undefined);
      const reported = new Set(readings.map((r) => r.index));
      const gone = [...summaries.keys()].filter((index) => !reported.has(index));
      const changed: DeviceHistories = new Map();
      const resummarized: DeviceSummaries = new Map();
      if (full.length > 0) {
        const kept = await withTimeout(history.load(entry.device, full.map((r) => r.index)), HISTORY_TIMEOUT_MS, 'supply history read');
        for (const reading of full) {
          const before = kept.get(reading.index) ?? [];
          const after = appendPoint(before, reading.point);
          if (after !== before) changed.set(reading.index, after);
          resummarized.set(reading.index, summarize(after));
          forecasts.set(reading.index, forecastDaysLeft(withCurrent(after, reading.point)));
        }
      }
      try {
        await withTimeout(history.save(entry.device, changed, resummarized, gone), HISTORY_TIMEOUT_MS, 'supply history write');
        if (failing) logger.info({ store: history.description }, 'supply history available again');
        failing = false;
      } catch (err) {
        failed(err); // the forecast was worked out: it is served all the same
      }
      return readings.flatMap((r) => {
        const daysLeft = forecasts.get(r.index)?.daysLeft;
        return daysLeft === undefined ? [] : [daysLeftSample(r, daysLeft)];
      });
    } catch (err) {
      failed(err);
      return [];
    }
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
