/**
 * Issue 14, defect 4: with Redis down or restarting, /metrics answered 500 after 3.5-8 s, so
 * Prometheus marked every device down at once (a false page storm). The collector now serves the
 * last results it read, judged as of that read, with quarkpulse_results_stale_seconds.
 */
import { Registry } from 'prom-client';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import { DeviceMetrics, deviceExpositionText, FIRST_READ_TIMEOUT_MS, STORE_READ_TIMEOUT_MS } from '../../../src/results/collector';
import type { RenderedDevices } from '../../../src/results/rendered';
import { MemoryResultStore } from '../../../src/results/store';
import { stored } from '../http/fixtures';

class FlakyStore extends MemoryResultStore {
  mode: 'ok' | 'fail' | 'hang' = 'ok';

  override async rendered(): Promise<RenderedDevices> {
    if (this.mode === 'fail') throw new Error('result store: redis unreachable (reconnecting)');
    if (this.mode === 'hang') return new Promise<never>(() => undefined);
    return super.rendered();
  }
}

function setup() {
  let nowMs = Date.now();
  const store = new FlakyStore();
  const self = new Registry();
  const devices = new DeviceMetrics(store, builtinProbeRegistry, { now: () => nowMs, staleGauge: self });
  // As /metrics serves it: the device read first (it sets the stale gauge), then the registry.
  const registry = { metrics: async () => `${await deviceExpositionText(devices)}${await self.metrics()}` };
  return { store, registry, advance: (ms: number) => (nowMs += ms) };
}

const line = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(name));
// Scrapes arrive on separate turns of the event loop; one scrape's snapshot is dropped after its turn.
const nextTurn = () => new Promise((r) => setImmediate(r));

test('an unreadable store: the last results, still up, and how stale they are', async () => {
  const { store, registry, advance } = setup();
  await store.put(stored('p1', { intervalMs: 10_000, result: { probe: 'snmp', success: true, durationMs: 5, samples: [] } }));
  const fresh = await registry.metrics();
  expect(line(fresh, 'quarkpulse_results_stale_seconds')).toBe('quarkpulse_results_stale_seconds 0');
  expect(fresh).toMatch(/quarkpulse_device_up\{client="acme",device="p1",site="hq",kind="printer"\} 1/);

  await nextTurn();
  store.mode = 'fail';
  // Ten intervals later the results would be stale (3 intervals) if judged against now: they are
  // judged as of the last read, so the device neither vanishes nor turns down.
  advance(100_000);
  const served = await registry.metrics();
  expect(served).toMatch(/quarkpulse_device_up\{client="acme",device="p1",site="hq",kind="printer"\} 1/);
  expect(line(served, 'quarkpulse_results_stale_seconds')).toBe('quarkpulse_results_stale_seconds 100');

  await nextTurn();
  store.mode = 'ok';
  expect(line(await registry.metrics(), 'quarkpulse_results_stale_seconds')).toBe('quarkpulse_results_stale_seconds 0');
});

test('a store that stops answering holds a scrape for STORE_READ_TIMEOUT_MS at most', async () => {
  const { store, registry } = setup();
  await registry.metrics();
  await nextTurn();
  store.mode = 'hang';
  const t0 = Date.now();
  const text = await registry.metrics();
  expect(Date.now() - t0).toBeLessThan(STORE_READ_TIMEOUT_MS + 500);
  expect(line(text, 'quarkpulse_results_stale_seconds')).toBeDefined();
});

// The first read of a Redis store decodes every device: a scrape waits longer for it, but not for ever.
test('a store that never answered holds the first scrape for FIRST_READ_TIMEOUT_MS at most', async () => {
  const { store, registry } = setup();
  store.mode = 'hang';
  const t0 = Date.now();
  const text = await registry.metrics();
  expect(Date.now() - t0).toBeGreaterThanOrEqual(FIRST_READ_TIMEOUT_MS - 50);
  expect(Date.now() - t0).toBeLessThan(FIRST_READ_TIMEOUT_MS + 500);
  expect(line(text, 'quarkpulse_results_stale_seconds')).toBeDefined();
}, FIRST_READ_TIMEOUT_MS + 5_000);
