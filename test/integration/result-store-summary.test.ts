/**
 * A Redis store's reader keeps rendered text and summaries only (src/results/summary.ts): all()
 * holds just the samples an overview shows, while /metrics, forDevice/forDevices and the alert
 * evaluation still see every sample. The status overview built from the summaries is the one
 * built from the full results.
 */
import { createAlerting, type Alerting } from '../../src/alerts/service';
import { MemoryStateStore } from '../../src/alerts/state-store';
import { overview, StateSince } from '../../src/http/status/model';
import { silentLogger } from '../../src/log';
import type { Sample } from '../../src/metrics/names';
import { builtinProbeRegistry } from '../../src/probes/registry';
import { RedisResultStore } from '../../src/results/redis-store';
import { SUMMARY_METRICS } from '../../src/results/summary';
import type { StoredResult } from '../../src/results/store';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { describeWith } from '../helpers/requires';
import { deviceTarget, runtimeConfig } from '../helpers/targets';

const NOW = Date.now();

const printerSamples: Sample[] = [
  { name: 'quarkpulse_device_info', labels: { sys_name: 'prn-1', sys_descr: 'HP LaserJet', sys_object_id: '1.3.6.1.4.1.11', vendor: 'HP', model: 'M404', serial: 'X1', version: '', location: 'floor 2', contact: '' }, value: 1 },
  { name: 'quarkpulse_device_uptime_seconds', labels: {}, value: 3600 },
  { name: 'quarkpulse_printer_status', labels: { state: 'idle' }, value: 1 },
  { name: 'quarkpulse_printer_error', labels: { condition: 'low_toner' }, value: 1 },
  { name: 'quarkpulse_printer_supply_level', labels: { supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' }, value: 6 },
  { name: 'quarkpulse_printer_supply_level_ratio', labels: { supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' }, value: 0.06 },
  { name: 'quarkpulse_printer_supply_max_capacity', labels: { supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' }, value: 100 },
  { name: 'quarkpulse_printer_pages_total', labels: {}, value: 12345 },
];

const switchSamples: Sample[] = [
  { name: 'quarkpulse_device_uptime_seconds', labels: {}, value: 7200 },
  ...[1, 2, 3].flatMap((i): Sample[] => [
    { name: 'quarkpulse_interface_info', labels: { ifindex: String(i), name: `ge-0/0/${i}`, descr: `port ${i}`, alias: i === 1 ? 'uplink' : '', type: 'ethernetCsmacd' }, value: 1 },
    { name: 'quarkpulse_interface_oper_up', labels: { ifindex: String(i), name: `ge-0/0/${i}` }, value: 1 },
    { name: 'quarkpulse_interface_receive_errors_total', labels: { ifindex: String(i), name: `ge-0/0/${i}` }, value: i === 2 ? 5_000 : 0 },
  ]),
];

function entry(device: string, kind: 'printer' | 'switch', samples: Sample[]): StoredResult {
  return {
    device,
    client: 'acme',
    site: 'hq',
    kind,
    probe: 'snmp',
    finishedAtMs: NOW,
    intervalMs: 60_000,
    worker: 'test:1',
    result: { probe: 'snmp', success: true, durationMs: 12, samples },
  };
}

describeWith(['redis'], 'RedisResultStore: summaries in memory, full results on demand', () => {
  let prefix: string;
  let writer: RedisResultStore;
  let reader: RedisResultStore;
  let alerting: Alerting | undefined;
  const printer = entry('prn-1', 'printer', printerSamples);
  const sw = entry('sw-1', 'switch', switchSamples);

  beforeEach(async () => {
    prefix = randomPrefix();
    writer = new RedisResultStore({ url: REDIS_URL, prefix, logger: silentLogger });
    reader = new RedisResultStore({ url: REDIS_URL, prefix, logger: silentLogger });
    await writer.put(printer);
    await writer.put(sw);
  });

  afterEach(async () => {
    await alerting?.stop();
    alerting = undefined;
    await writer.close();
    await reader.close();
    await deleteKeys(prefix);
  });

  it('keeps only the overview samples in all(), renders every sample, and reads full results per device', async () => {
    const all = await reader.all();
    const names = (device: string) => all.filter((e) => e.device === device).flatMap((e) => e.result.samples.map((s) => s.name));
    expect(new Set(names('prn-1'))).toEqual(new Set(printerSamples.map((s) => s.name).filter((n) => SUMMARY_METRICS.has(n))));
    expect(names('sw-1')).toEqual(['quarkpulse_device_uptime_seconds']);

    const text = (await reader.rendered()).get('sw-1')?.get('snmp')?.families.join('') ?? '';
    expect(text.match(/^quarkpulse_interface_receive_errors_total\{/gm)).toHaveLength(3);
    expect(text).toContain('quarkpulse_interface_info{');

    expect((await reader.forDevice('sw-1'))[0].result.samples).toEqual(switchSamples);
    const full = await reader.forDevices(['prn-1', 'sw-1', 'no-such-device']);
    expect([...full.keys()].sort()).toEqual(['prn-1', 'sw-1']);
    expect(full.get('prn-1')?.[0].result.samples).toEqual(printerSamples);
  });

  it('builds the same status overview from the summaries as from the full results', async () => {
    const devices = [deviceTarget('prn-1', { kind: 'printer' }), deviceTarget('sw-1', { kind: 'switch' })];
    const model = (results: StoredResult[]) =>
      overview({ devices, results, alerts: [], probes: builtinProbeRegistry, nowMs: NOW, since: new StateSince() }, { ready: true, checks: {} });
    const fromSummaries = model(await reader.all());
    expect(fromSummaries).toEqual(model([printer, sw]));
    const card = fromSummaries.clients[0].sites[0].devices.find((d) => d.name === 'prn-1');
    expect(card?.supplies).toEqual([{ index: '1.1', name: 'Black Toner', type: 'toner', color: 'black', ratio: 0.06 }]);
    expect(card?.conditions).toEqual(['low_toner']);
  });

  it('evaluates alert rules on samples the summaries leave out', async () => {
    const config = runtimeConfig(
      { rules: [{ name: 'PortErrors', metric: 'quarkpulse_interface_receive_errors_total', op: '>', threshold: 1000, for: '0s', severity: 'warning', summary: 'errors on {{ $labels.name }}' }] },
      { devices: [deviceTarget('prn-1', { kind: 'printer' }), deviceTarget('sw-1', { kind: 'switch' })] },
    );
    alerting = createAlerting(config, { logger: silentLogger, store: reader, stateStore: new MemoryStateStore() });
    await alerting.start();
    await alerting.tick();
    const firing = alerting.alerts().filter((a) => a.rule === 'PortErrors' && a.phase === 'firing');
    expect(firing.map((a) => [a.device, a.labels.name])).toEqual([['sw-1', 'ge-0/0/2']]);
  });
});
