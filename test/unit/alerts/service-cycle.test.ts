/**
 * The alerting service's evaluation cycle (src/alerts/service.ts evaluateAll) re-evaluates a
 * device only when that can change something: still, an alert whose `for` runs out fires on the
 * next cycle without any new result, new results are seen at once, and every cycle is timed in
 * quarkpulse_alert_evaluation_seconds.
 */
import { Registry } from 'prom-client';
import { createAlerting, type Alerting } from '../../../src/alerts/service';
import { MemoryStateStore } from '../../../src/alerts/state-store';
import { silentLogger } from '../../../src/log';
import { SelfMetrics } from '../../../src/metrics/self';
import { MemoryResultStore } from '../../../src/results/store';
import { deviceTarget, runtimeConfig } from '../../helpers/targets';
import { MIN, T0, jam, result } from './helpers';

describe('alert evaluation cycle', () => {
  let service: Alerting | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('fires a pending alert when its `for` runs out without new results; sees new results at once; times every cycle', async () => {
    let now = T0;
    const store = new MemoryResultStore();
    const self = new SelfMetrics(new Registry());
    const config = runtimeConfig({ overrides: [{ rule: 'PrinterPaperJam', for: '2m' }] }, { devices: [deviceTarget('p1', { kind: 'printer' }), deviceTarget('p2', { kind: 'printer' })] });
    service = createAlerting(config, { logger: silentLogger, now: () => now, store, selfMetrics: self, stateStore: new MemoryStateStore() });
    const phase = (device: string) => service?.alerts().find((a) => a.device === device && a.rule === 'PrinterPaperJam')?.phase ?? 'inactive';

    await store.put(result('p1', T0, [jam(true)]));
    await store.put(result('p2', T0, [jam(false)]));
    await service.start();
    await service.tick();
    expect(phase('p1')).toBe('pending');
    expect(phase('p2')).toBe('inactive');

    // No new result: p1 is evaluated again all the same (its alert is pending), p2 need not be.
    now = T0 + MIN;
    await service.tick();
    expect(phase('p1')).toBe('pending');
    now = T0 + 2 * MIN + 1_000;
    await service.tick();
    expect(phase('p1')).toBe('firing');

    // A new result of a device evaluated before is seen on the next cycle.
    await store.put(result('p2', now, [jam(true)]));
    await store.put(result('p1', now, [jam(false)]));
    await service.tick();
    expect(phase('p2')).toBe('pending');
    expect(phase('p1')).toBe('resolved');

    const count = (await self.alertEvaluation.get()).values.find((v) => v.metricName === 'quarkpulse_alert_evaluation_seconds_count')?.value;
    expect(count).toBe(4);
  });
});
