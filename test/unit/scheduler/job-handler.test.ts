import { Registry } from 'prom-client';
import { silentLogger } from '../../../src/log';
import { MemoryResultStore } from '../../../src/results/store';
import { SelfMetrics } from '../../../src/metrics/self';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import type { Probe, ProbeResult } from '../../../src/probes/types';
import type { runProbe } from '../../../src/probes/runner';
import { QueueAbort } from '../../../src/queue/policy';
import type { ProbeJob } from '../../../src/queue/types';
import { createJobHandler, isTransient } from '../../../src/scheduler/job-handler';
import { deviceTarget } from '../../helpers/targets';
import type { DeviceTarget } from '../../../src/inventory/types';

const unused = (kind: string): Probe => ({ kind, run: () => Promise.reject(new Error('not used')) });
const probes = new Map(builtinProbeRegistry.kinds.map((k) => [k, unused(k)]));

function job(overrides: Partial<ProbeJob> = {}): ProbeJob {
  return { scheduleId: 'sw1:snmp', device: 'sw1', probe: 'snmp', dueAtMs: Date.now() - 1500, attempt: 1, canRetry: true, ...overrides };
}

function setup(results: Array<Partial<ProbeResult>>, devices: DeviceTarget[] = [deviceTarget('sw1')]) {
  const store = new MemoryResultStore();
  const selfMetrics = new SelfMetrics(new Registry());
  const calls: Array<{ device: string; signal?: AbortSignal }> = [];
  const run: typeof runProbe = async (probe, target, opts) => {
    calls.push({ device: target.name, signal: opts.signal });
    const r = results.shift() ?? {};
    return { probe: probe.kind, success: true, durationMs: 10, samples: [], ...r };
  };
  let current = devices;
  const handler = createJobHandler({ devices: () => current, registry: builtinProbeRegistry, probes, store, logger: silentLogger, selfMetrics, workerId: 'host-a:42', runProbe: run });
  return { handler, store, selfMetrics, calls, setDevices: (d: DeviceTarget[]) => (current = d) };
}

test('stores the result with device labels, interval and worker id; records lag', async () => {
  const { handler, store, selfMetrics } = setup([{ samples: [{ name: 'quarkpulse_device_uptime_seconds', labels: {}, value: 5 }] }]);
  expect(await handler(job(), new AbortController().signal)).toEqual({ retry: false });
  const [entry] = await store.all();
  expect(entry).toMatchObject({ device: 'sw1', client: 'acme', site: 'hq', kind: 'switch', probe: 'snmp', intervalMs: 60_000, worker: 'host-a:42' });
  expect(entry.result.samples).toHaveLength(1);
  const lag = (await selfMetrics.registry.getMetricsAsJSON()).find((m) => m.name === 'quarkpulse_schedule_lag_seconds');
  const values = (lag as unknown as { values: Array<{ metricName?: string; value: number; labels: Record<string, string> }> }).values;
  const count = values.find((v) => v.metricName === 'quarkpulse_schedule_lag_seconds_count' && v.labels.probe === 'snmp');
  const sum = values.find((v) => v.metricName === 'quarkpulse_schedule_lag_seconds_sum' && v.labels.probe === 'snmp');
  expect(count?.value).toBe(1);
  expect(sum?.value).toBeGreaterThanOrEqual(1.4);
});

test.each([
  { kind: 'timeout' as const, canRetry: true, retry: true },
  { kind: 'unreachable' as const, canRetry: true, retry: true },
  { kind: 'timeout' as const, canRetry: false, retry: false },
  { kind: 'auth' as const, canRetry: true, retry: false },
  { kind: 'config' as const, canRetry: true, retry: false },
  { kind: 'protocol' as const, canRetry: true, retry: false },
])('$kind failure with canRetry=$canRetry → retry=$retry', async ({ kind, canRetry, retry }) => {
  const { handler, store } = setup([{ success: false, error: { kind, message: 'boom' } }]);
  const outcome = await handler(job({ canRetry }), new AbortController().signal);
  expect(outcome.retry).toBe(retry);
  // A retried attempt stores nothing; a final one stores the failure.
  expect(await store.all()).toHaveLength(retry ? 0 : 1);
});

test('a device removed from the config is skipped without running the probe', async () => {
  const { handler, store, calls, setDevices } = setup([]);
  setDevices([deviceTarget('other')]);
  expect(await handler(job(), new AbortController().signal)).toEqual({ retry: false });
  expect(calls).toHaveLength(0);
  expect(await store.all()).toHaveLength(0);
});

test('reads the current config on each job (reload)', async () => {
  const { handler, store, setDevices } = setup([{}, {}]);
  await handler(job(), new AbortController().signal);
  setDevices([deviceTarget('sw1', { client: 'globex' })]);
  await handler(job(), new AbortController().signal);
  expect((await store.all())[0].client).toBe('globex');
});

test('a probe the device does not have is skipped', async () => {
  const { handler, calls } = setup([], [deviceTarget('sw1', { icmp: undefined })]);
  await handler(job({ probe: 'icmp', scheduleId: 'sw1:icmp' }), new AbortController().signal);
  expect(calls).toHaveLength(0);
});

test('passes the queue signal to the runner; a shutdown abort stores nothing', async () => {
  const { handler, store, calls } = setup([{ success: false, error: { kind: 'timeout', message: 'cancelled' } }]);
  const controller = new AbortController();
  controller.abort(new QueueAbort('shutdown'));
  expect(await handler(job(), controller.signal)).toEqual({ retry: false });
  expect(calls[0].signal).toBe(controller.signal);
  expect(await store.all()).toHaveLength(0);
});

test('a failing store is logged, not thrown', async () => {
  const { handler, store } = setup([{}]);
  store.put = () => Promise.reject(new Error('redis down'));
  await expect(handler(job(), new AbortController().signal)).resolves.toEqual({ retry: false });
});

test('isTransient', () => {
  expect([isTransient({ kind: 'timeout', message: '' }), isTransient({ kind: 'unreachable', message: '' }), isTransient({ kind: 'auth', message: '' }), isTransient(undefined)]).toEqual([true, true, false, false]);
});
