/**
 * The walker and the SNMP probe against Debian's snmpsimd (an independent agent) serving all 25
 * LibreNMS recordings over real UDP on 127.0.0.1.
 */
import { Registry } from 'prom-client';
import { createSnmpProbe } from '../../src/probes/snmp';
import type { DeviceTarget } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import { SelfMetrics } from '../../src/metrics/self';
import { recordingNames, recordingsDir } from '../helpers/recordings';
import { startSnmpsimd, v2cSettings, type AgentProcess } from '../../bench/snmp-agents';
import { describeWith } from '../helpers/requires';
import { checkRecordingPolls } from './snmp-recording-check';

const NAMES = recordingNames();

describeWith(['snmpsimd'], 'SNMP walker and probe against snmpsimd', () => {
  let agent: AgentProcess;

  beforeAll(async () => {
    agent = await startSnmpsimd(recordingsDir(), NAMES);
  }, 30_000);

  afterAll(async () => {
    await agent?.stop();
  });

  it('serves all 25 recordings', () => {
    expect(NAMES).toHaveLength(25);
  });

  it.each(NAMES)('%s: every poll returns exactly the recording; from the 2nd poll within the request and varbind targets', async (name) => {
    const { stats } = await checkRecordingPolls(name, agent.port, 4);
    // From the second poll no more requests than the first (okilan_9450g: from the third,
    // snmpsimd answers endOfMibView in the middle of its ifTable, at a corrupt line).
    const steady = name === 'okilan_9450g' ? stats.slice(2) : stats.slice(1);
    for (const s of steady) expect(s.requests).toBeLessThanOrEqual(stats[0].requests);
    // snmpsimd at its default limit: nothing ever went unanswered.
    for (const s of stats) expect(s.timeouts).toBe(0);
  });

  it('the probe: decoded samples, per-module success, self-metrics per device', async () => {
    const selfMetrics = new SelfMetrics(new Registry());
    const probe = createSnmpProbe({ selfMetrics });
    const target: DeviceTarget = {
      name: 'office-printer',
      client: 'acme',
      site: '',
      kind: 'printer',
      address: '127.0.0.1',
      intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 86_400_000 },
      probeTimeoutMs: 20_000,
      importantInterfaces: [],
      snmp: v2cSettings('sharp', agent.port),
    };
    const ctx = { signal: new AbortController().signal, logger: silentLogger };
    const r = await probe.run(target, ctx);
    const firstRequests = probe.lastStats('office-printer')?.requests ?? 0;
    expect(r.success).toBe(true);
    expect(r.modules).toEqual({ system: { success: true }, interfaces: { success: true }, printer: { success: true }, host: { success: true } });
    expect(r.samples.filter((s) => s.name === 'quarkpulse_snmp_module_success').map((s) => [s.labels.module, s.value])).toEqual([
      ['system', 1],
      ['interfaces', 1],
      ['printer', 1],
      ['host', 1],
    ]);
    expect(r.samples.filter((s) => s.name === 'quarkpulse_printer_supply_level')).toHaveLength(14);
    const again = await probe.run(target, ctx);
    expect(again.samples).toEqual(r.samples);
    const metrics = await selfMetrics.registry.getMetricsAsJSON();
    const value = (name: string) => metrics.find((m) => m.name === name)?.values.find((v) => v.labels.device === 'office-printer')?.value;
    expect(value('quarkpulse_snmp_requests_total')).toBe((probe.lastStats('office-printer')?.requests ?? 0) + firstRequests);
    expect(value('quarkpulse_snmp_varbinds_total')).toBeGreaterThan(200);
    expect(value('quarkpulse_snmp_timeouts_total') ?? 0).toBe(0);
    probe.close();
  });
});
