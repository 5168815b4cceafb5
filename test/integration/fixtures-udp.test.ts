/**
 * Our own fixtures for what the LibreNMS recordings lack, served over real UDP by the simulator
 * and polled by the real SNMP probe: prtAlertTable rows and hrPrinterStatus, and a Counter32 that
 * wraps between two polls (exposed as the device's own value: Prometheus sees a counter reset,
 * never a negative or invented delta).
 */
import { builtinProbeRegistry } from '../../src/probes/registry';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { silentLogger } from '../../src/log';
import { runProbe } from '../../src/probes/runner';
import { createSnmpProbe } from '../../src/probes/snmp';
import { startSimulator, type SimulatorHandle } from '../../src/simulate/agent';
import { parseSnmprec } from '../../src/simulate/snmprec';
import { Secret } from '../../src/config/secret';
import { findSamples, valueOf } from '../helpers/expect-recording';
import { deviceTarget, snmpSettings } from '../helpers/targets';

const FIXTURES = path.resolve(__dirname, '../fixtures/snmprec');
let sim: SimulatorHandle;
const probe = createSnmpProbe({});

beforeAll(async () => {
  sim = await startSimulator({ recordingsDir: FIXTURES, port: 0, logger: silentLogger });
});
afterAll(async () => sim.close());

function target(community: string, kind: 'printer' | 'switch') {
  return deviceTarget(community, {
    kind,
    icmp: undefined,
    snmp: snmpSettings({ port: sim.port, community: new Secret(community), modules: kind === 'printer' ? ['system', 'printer'] : ['system', 'interfaces'] }),
  });
}

test('prtAlertTable rows, hrPrinterStatus and error bits arrive over UDP', async () => {
  const t = target('printer_alerts', 'printer');
  const r = await runProbe(probe, t, { logger: silentLogger, deadlineMs: builtinProbeRegistry.deadlineMs(t, 'snmp') });
  expect(r.success).toBe(true);
  expect(findSamples(r.samples, 'quarkpulse_printer_alert').map((s) => [s.labels.alert_index, s.labels.severity, s.labels.group, s.labels.code, s.labels.description])).toEqual([
    ['1.1', 'critical', 'media_path', 'jam', 'Paper jam in tray 2'],
    ['1.2', 'warning', 'marker_supplies', 'marker_toner_almost_empty', 'Toner low (black)'],
    ['1.3', 'critical', 'general_printer', 'door_open', 'Front door open'],
    ['1.4', 'warning_binary_change_event', 'cover', 'cover_open', 'Cover A open'],
  ]);
  expect(findSamples(r.samples, 'quarkpulse_printer_status').map((s) => [s.labels.state, s.value])).toEqual([
    ['other', 0],
    ['unknown', 0],
    ['idle', 0],
    ['printing', 1],
    ['warmup', 0],
  ]);
  expect(findSamples(r.samples, 'quarkpulse_printer_error').filter((s) => s.value === 1).map((s) => s.labels.condition)).toEqual(['low_toner', 'door_open', 'jammed', 'input_tray_empty']);
});

test('a Counter32 that wraps between polls is exposed as the device value (a counter reset for Prometheus)', async () => {
  const t = target('counter_wrap', 'switch');
  const first = await runProbe(probe, t, { logger: silentLogger, deadlineMs: builtinProbeRegistry.deadlineMs(t, 'snmp') });
  expect(first.success).toBe(true);
  expect(valueOf(first.samples, 'quarkpulse_interface_receive_bytes_total', { ifindex: '1' })).toBe(4294967295);

  // The device counted 10 more octets: 2^32 - 1 + 10 wraps to 9.
  const varbinds = parseSnmprec(fs.readFileSync(path.join(FIXTURES, 'counter_wrap.snmprec'), 'utf8')).varbinds.map((vb) =>
    vb.oid === '1.3.6.1.2.1.2.2.1.10.1' ? { ...vb, value: 9 } : vb,
  );
  sim.addDevice('counter_wrap', varbinds);
  const second = await runProbe(probe, t, { logger: silentLogger, deadlineMs: builtinProbeRegistry.deadlineMs(t, 'snmp') });
  expect(second.success).toBe(true);
  expect(valueOf(second.samples, 'quarkpulse_interface_receive_bytes_total', { ifindex: '1' })).toBe(9);
  for (const s of second.samples) expect(Number.isFinite(s.value)).toBe(true);
});
