/**
 * The device half of /metrics: the contract's device series, from the result store's rendered
 * results (rendered.ts) and the series of `extra` (the config store's status). Per scrape only the
 * cheap part runs: which results are fresh, quarkpulse_device_up (availability.ts, the one rule),
 * the shard filter and concatenation. The process's own metrics stay in prom-client (its registry).
 */
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../log';
import type { DeviceMetricName } from '../metrics/names';
import type { ProbeRegistry } from '../probes/registry';
import { withTimeout } from '../util/timeout';
import { deviceStatus } from './availability';
import type { DeviceSeriesSource } from './device-series';
import { assemble, chunksText, deviceLabelPairs, FAMILY_INDEX, FamilyBytes, renderSamples, seriesLine, type Chunk, type DeviceLines, type FamilySource } from './exposition';
import type { RenderedDevices, RenderedResult } from './rendered';
import { shardOf, type Shard } from './shard';
import type { ResultStore } from './store';

export const RESULTS_STALE_METRIC = 'quarkpulse_results_stale_seconds';

/** A scrape waits at most this long for the store; Prometheus' own scrape timeout is 10 s by default. */
export const STORE_READ_TIMEOUT_MS = 1_000;
/** …and this long for the first read after start-up, within the shipped scrape_timeout of 10 s. */
export const FIRST_READ_TIMEOUT_MS = 8_000;

/** How often follow() brings the rendered table up to date (a scrape then reads at most this much). */
export const FOLLOW_EVERY_MS = 2_000;

const DEVICE_UP = 'quarkpulse_device_up';
const DEVICE_UP_INDEX = FAMILY_INDEX.get(DEVICE_UP) as number;

export interface DeviceMetricsOptions {
  now?: () => number;
  /** Told once when the store stops answering and once when it answers again. */
  logger?: Logger;
  /** Registers quarkpulse_results_stale_seconds here (the daemon does; `poll --once` reads a store in memory). */
  staleGauge?: Registry;
  /** Series that do not come from a probe result (the config store's status). */
  extra?: DeviceSeriesSource;
}

/**
 * While the store cannot be read (Redis down or restarting) a scrape answers at once with the last
 * results it did read, judged as of that read (so devices neither vanish nor all turn down at once:
 * no false page storm), and `quarkpulse_results_stale_seconds` says how old they are (0 when fresh).
 */
export class DeviceMetrics {
  private readonly now: () => number;
  private last: { devices: RenderedDevices; atMs: number } | undefined;
  private failing = false;
  private following: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: ResultStore,
    private readonly probes: Pick<ProbeRegistry, 'countsForAvailability'>,
    private readonly options: DeviceMetricsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    const self = this;
    if (options.staleGauge) {
      new Gauge({
        name: RESULTS_STALE_METRIC,
        help: 'Seconds since the results served here were read from the result store: 0 normally; grows while the store (Redis) cannot be read and the last results are served instead.',
        registers: [options.staleGauge],
        collect() {
          this.set(self.staleSeconds());
        },
      });
    }
  }

  /**
   * Keeps the store's rendered table current between scrapes: reads it now (a Redis store's cold
   * read of every device, so the first scrape finds it done) and then every `everyMs`. A Redis
   * store then decodes and renders results as they arrive, a few hundred at a time, instead of a
   * scrape interval's worth (2,500 devices at 10,000, ~500 MB of garbage) inside one scrape.
   */
  follow(everyMs = FOLLOW_EVERY_MS): void {
    if (this.following) return;
    const tick = () => {
      // Not through read(): a slow read is no outage to report; the scrapes say so if it fails.
      this.store
        .rendered()
        .catch(() => undefined)
        .finally(() => {
          if (!this.following) return;
          this.following = setTimeout(tick, everyMs);
          this.following.unref();
        });
    };
    this.following = setTimeout(tick, 0);
    this.following.unref();
  }

  /** Stops follow(). */
  close(): void {
    if (this.following) clearTimeout(this.following);
    this.following = undefined;
  }

  /** 0 while reads succeed; else seconds since the last one that did. */
  staleSeconds(): number {
    if (!this.failing) return 0;
    return (this.now() - (this.last?.atMs ?? this.now())) / 1000;
  }

  /** The device families (every device, or one shard's) as chunks of text and bytes, ready to send. */
  async exposition(shard?: Shard): Promise<Iterable<Chunk>> {
    const { devices, atMs } = await this.read();
    return assemble(this.deviceLines(devices, atMs, shard));
  }

  private async read(): Promise<{ devices: RenderedDevices; atMs: number }> {
    try {
      // The first read of a Redis store decodes every device (~7 s at 10,000 on 2 cores): a scrape
      // waits for it rather than answer with no device at all (and Prometheus mark every series stale).
      const timeoutMs = this.last ? STORE_READ_TIMEOUT_MS : FIRST_READ_TIMEOUT_MS;
      const devices = await withTimeout(this.store.rendered(), timeoutMs, 'result store read');
      if (this.failing) this.options.logger?.info('result store readable again; /metrics serves current results');
      this.failing = false;
      this.last = { devices, atMs: this.now() };
      return this.last;
    } catch (err) {
      if (!this.failing) {
        this.options.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'result store unreadable; /metrics serves the last results read (see quarkpulse_results_stale_seconds)');
      }
      this.failing = true;
      return this.last ?? { devices: new Map(), atMs: this.now() };
    }
  }

  /**
   * Per device (of the shard) the lines it contributes, taken now: the table may change under a
   * response that is still being written, the arrays taken here do not.
   */
  private deviceLines(devices: RenderedDevices, nowMs: number, shard: Shard | undefined): DeviceLines[] {
    const inShard = (device: string) => !shard || shardOf(device, shard.count) === shard.index;
    const owned = this.ownedIndexes();
    const out = new Map<string, FamilySource[]>();
    for (const [device, probes] of devices) {
      if (!inShard(device)) continue;
      const status = deviceStatus(entriesOf(probes), nowMs, this.probes);
      const sources: FamilySource[] = [];
      let first: RenderedResult | undefined;
      for (const [kind, entry] of status.fresh) {
        const rendered = probes.get(kind);
        if (!rendered || rendered.entry !== entry) continue;
        first ??= rendered;
        sources.push(owned.size > 0 ? withoutOwned(rendered.families, owned) : rendered.families);
      }
      if (first && status.up !== null) {
        const up: string[] = [];
        up[DEVICE_UP_INDEX] = seriesLine(DEVICE_UP, `${first.devicePairs},kind="${first.entry.kind}"`, status.up ? 1 : 0);
        sources.push(up);
      }
      if (sources.length > 0) out.set(device, sources);
    }
    for (const d of this.options.extra?.series() ?? []) {
      if (!inShard(d.device)) continue;
      const lines = renderSamples(deviceLabelPairs(d), d.samples);
      const sources = out.get(d.device);
      if (sources) sources.push(lines);
      else out.set(d.device, [lines]);
    }
    return [...out.values()];
  }

  private ownedIndexes(): ReadonlySet<number> {
    const owns = this.options.extra?.owns;
    if (!owns || owns.size === 0) return NONE;
    return new Set([...owns].map((name: DeviceMetricName) => FAMILY_INDEX.get(name) as number));
  }
}

const NONE: ReadonlySet<number> = new Set();

function* entriesOf(probes: ReadonlyMap<string, RenderedResult>) {
  for (const r of probes.values()) yield r.entry;
}

/** A probe's lines without the families another source alone reports (device-series.ts). */
function withoutOwned(families: FamilyBytes, owned: ReadonlySet<number>): FamilySource {
  let copy: Array<Chunk | undefined> | undefined;
  for (const index of owned) {
    if (families.at(index) === undefined) continue;
    copy ??= families.chunks();
    copy[index] = undefined;
  }
  return copy ?? families;
}

/** The whole device exposition as one string (`poll --once`, tests). */
export async function deviceExpositionText(metrics: DeviceMetrics, shard?: Shard): Promise<string> {
  return chunksText(await metrics.exposition(shard));
}
