/**
 * The walker and the SNMP probe against the project's own simulator over real UDP on 127.0.0.1:
 * all 25 recordings, and every bad answer a device can give (silence, garbage, truncated PDUs,
 * wrong request ids, looping OIDs, wrong community, a closed port, a 10,000-row table). Each must
 * end in a clear error within the timeouts, never a crash or a hang, and never touch other devices.
 */
import { builtinProbeRegistry } from '../../src/probes/registry';
import * as dgram from 'node:dgram';
import { createSnmpProbe } from '../../src/probes/snmp';
import { runProbe } from '../../src/probes/runner';
import { openSession } from '../../src/probes/snmp/session';
import type { SnmpModuleSpec } from '../../src/probes/snmp/modules/types';
import { newDeviceHistory, walkDevice } from '../../src/probes/snmp/walker';
import { SnmpType, type Varbind } from '../../src/probes/snmp/varbind';
import { startSimulator, type SimulatorFault, type SimulatorHandle } from '../../src/simulate/agent';
import type { DeviceTarget, SnmpSettings } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import { recordingNames, recordingsDir } from '../helpers/recordings';
import { freeUdpPort, v2cSettings } from '../../bench/snmp-agents';
import { checkRecordingPolls } from './snmp-recording-check';

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ recordingsDir: recordingsDir(), host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await sim?.close();
});

function target(name: string, snmp: SnmpSettings, probeTimeoutMs = 20_000): DeviceTarget {
  return {
    name,
    client: 'sim',
    site: '',
    kind: 'printer',
    address: '127.0.0.1',
    intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 86_400_000 },
    probeTimeoutMs,
    importantInterfaces: [],
    snmp,
  };
}

const ctx = () => ({ signal: new AbortController().signal, logger: silentLogger });
/** Short timeouts so faulty devices fail fast. */
const QUICK = { timeoutMs: 300, retries: 1 };

describe('SNMP walker against the simulator: the 25 recordings', () => {
  it.each(recordingNames())('%s: every poll returns exactly the recording; from the 2nd poll within the targets', async (name) => {
    const { stats } = await checkRecordingPolls(name, sim.port, 3);
    for (const s of stats.slice(1)) expect(s.requests).toBeLessThanOrEqual(stats[0].requests);
    for (const s of stats) expect(s.shrinks).toBe(0);
  });
});

describe('SNMP probe against misbehaving devices', () => {
  // [fault, kind, message, most ms: a device that never gives a usable answer costs one request's timeouts]
  const cases: [SimulatorFault, string, RegExp, number][] = [
    ['drop', 'timeout', /no answer after 2 attempts of 300 ms \(wrong community or unreachable\?\)/, 1500],
    ['garbage', 'protocol', /undecodable/, 1500],
    ['truncate', 'protocol', /undecodable|invalid answer/, 4 * 600 + 1000],
    ['wrong-request-id', 'protocol', /did not match the request \(wrong request id\?\)/, 1500],
    ['loop', 'protocol', /not increasing/, 1000],
  ];

  it.each(cases)('%s: fails with kind %s and a clear message, quickly; a healthy device polled at the same time is unaffected', async (fault, kind, message, most) => {
    const community = `fault-${fault}`;
    sim.addDevice(community, [
      { oid: '1.3.6.1.2.1.1.1.0', type: SnmpType.OctetString, value: Buffer.from('faulty') },
      { oid: '1.3.6.1.2.1.1.3.0', type: SnmpType.TimeTicks, value: 100 },
      ...Array.from({ length: 5 }, (_, i): Varbind => ({ oid: `1.3.6.1.2.1.2.2.1.2.${i + 1}`, type: SnmpType.OctetString, value: Buffer.from(`if${i}`) })),
    ]);
    sim.setFault(community, fault);
    const probe = createSnmpProbe();
    const started = Date.now();
    const [bad, good] = await Promise.all([
      probe.run(target(community, v2cSettings(community, sim.port, QUICK)), ctx()),
      probe.run(target('healthy', v2cSettings('sharp', sim.port, QUICK)), ctx()),
    ]);
    expect(bad.success).toBe(false);
    expect(bad.error?.kind).toBe(kind);
    expect(bad.error?.message).toMatch(message);
    expect(Object.values(bad.modules ?? {}).some((m) => m.success)).toBe(false);
    expect(bad.samples.filter((s) => s.name === 'quarkpulse_snmp_module_success').every((s) => s.value === 0)).toBe(true);
    expect(good.success).toBe(true);
    expect(Object.values(good.modules ?? {}).every((m) => m.success)).toBe(true);
    // A device that never answers is given up after one module's timeouts, not one per module.
    expect(Date.now() - started).toBeLessThan(most);
    probe.close();
    sim.setFault(community, undefined);
  });

  it('a closed loopback port: timeout within the configured timeouts, the other device unaffected', async () => {
    const closed = await freeUdpPort();
    const probe = createSnmpProbe();
    const started = Date.now();
    const [bad, good] = await Promise.all([
      probe.run(target('closed-port', v2cSettings('sharp', closed, QUICK)), ctx()),
      probe.run(target('healthy', v2cSettings('xerox', sim.port, QUICK)), ctx()),
    ]);
    const elapsed = Date.now() - started;
    expect(bad.success).toBe(false);
    expect(bad.error).toEqual({ kind: 'timeout', message: 'no answer after 2 attempts of 300 ms (wrong community or unreachable?)' });
    expect(probe.lastStats('closed-port')).toMatchObject({ requests: 2, retries: 1, timeouts: 1 });
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(2000);
    expect(good.success).toBe(true);
    probe.close();
  });

  it('a wrong community: the agent stays silent, so "no answer (wrong community or unreachable?)"', async () => {
    const probe = createSnmpProbe();
    const r = await probe.run(target('wrong-community', v2cSettings('no-such-community', sim.port, QUICK)), ctx());
    expect(r.error?.kind).toBe('timeout');
    expect(r.error?.message).toMatch(/wrong community or unreachable\?/);
    probe.close();
  });

  it('the probe deadline (runner) cancels a poll that would wait longer, and closes its session', async () => {
    sim.addDevice('slow', [{ oid: '1.3.6.1.2.1.1.1.0', type: SnmpType.OctetString, value: Buffer.from('x') }]);
    sim.setFault('slow', 'drop');
    const probe = createSnmpProbe();
    const started = Date.now();
    const slow = target('slow', v2cSettings('slow', sim.port, { timeoutMs: 5000, retries: 2 }), 400);
    const r = await runProbe(probe, slow, { logger: silentLogger, deadlineMs: builtinProbeRegistry.deadlineMs(slow, 'snmp') });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(r.success).toBe(false);
    expect(r.error?.kind).toBe('timeout');
    sim.setFault('slow', undefined);
    probe.close();
  });

  it('garbage datagrams from a stray sender do not crash the poller or spoil a poll', async () => {
    // A responder that answers every datagram with junk first, then lets the real agent answer.
    const junk = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => junk.bind(0, '127.0.0.1', () => resolve()));
    const session = openSession({ address: '127.0.0.1', snmp: v2cSettings('sharp', junk.address().port, { timeoutMs: 500, retries: 0 }) });
    junk.on('message', (msg, rinfo) => {
      junk.send(Buffer.from([0x30, 0x03, 0x02, 0x01]), rinfo.port, rinfo.address);
      junk.send(Buffer.from('not snmp at all'), rinfo.port, rinfo.address);
      // Forward to the simulator and relay its answer: the real answer still counts.
      const relay = dgram.createSocket('udp4');
      relay.on('message', (answer) => {
        junk.send(answer, rinfo.port, rinfo.address);
        relay.close();
      });
      relay.send(msg, sim.port, '127.0.0.1');
    });
    try {
      const vbs = await session.get(['1.3.6.1.2.1.1.5.0']);
      expect(vbs[0].type).toBe(SnmpType.OctetString);
    } finally {
      session.close();
      junk.close();
    }
  });
});

describe('SNMP walker on a 10,000-row table (simulator)', () => {
  const E = '1.3.6.1.2.1.99.1.1';
  const spec: SnmpModuleSpec = { name: 'interfaces', scalars: [], tables: [{ name: 'bigTable', entry: E, columns: [2, 3] }] };

  beforeAll(() => {
    const vbs: Varbind[] = [];
    for (const c of [1, 2, 3]) for (let i = 1; i <= 10_000; i++) vbs.push({ oid: `${E}.${c}.${i}`, type: SnmpType.Integer, value: c * 100_000 + i });
    vbs.push({ oid: '1.3.6.1.2.1.99.2.1.0', type: SnmpType.Integer, value: 1 });
    sim.addDevice('big', vbs);
  });

  it('is walked completely; from the 2nd poll in ≤ ceil(rows ÷ max-repetitions) + 1 requests with ≤ 1.2 wire varbinds per useful one', async () => {
    const settings = v2cSettings('big', sim.port);
    const session = openSession({ address: '127.0.0.1', snmp: settings });
    const history = newDeviceHistory();
    const opts = { version: '2c' as const, maxRepetitions: 50, maxVarbinds: 500 };
    try {
      for (let p = 0; p < 2; p++) {
        const w = await walkDevice(session, [spec], history, opts);
        expect(w.modules[0].error).toBeUndefined();
        const cols = w.modules[0].result.columns;
        expect(cols.get(`${E}.2`)?.size).toBe(10_000);
        expect(cols.get(`${E}.3`)?.size).toBe(10_000);
        expect(cols.get(`${E}.3`)?.get('9999')?.value).toBe(309_999);
        if (p === 1) {
          const t = w.stats.modules[0].tables[0];
          expect(t.requests).toBeLessThanOrEqual(Math.ceil(10_000 / 50) + 1);
          expect(t.wireVarbinds).toBeLessThanOrEqual(1.2 * t.usefulVarbinds);
        }
      }
    } finally {
      session.close();
    }
  });

  it('a runaway beyond the per-table cap fails that module with a protocol error', async () => {
    const session = openSession({ address: '127.0.0.1', snmp: v2cSettings('big', sim.port) });
    try {
      const w = await walkDevice(session, [spec], newDeviceHistory(), { version: '2c', maxRepetitions: 50, maxVarbinds: 500, maxVarbindsPerTable: 5000 });
      expect(w.modules[0].error?.kind).toBe('protocol');
      expect(w.modules[0].error?.message).toMatch(/more than 5000 varbinds/);
    } finally {
      session.close();
    }
  });
});
