/**
 * SNMP on a path that loses large answers, and on a dead agent (issue 12), with the real probe
 * over real UDP on 127.0.0.1 against the project's simulator serving all 25 recordings:
 * - behind a relay that silently drops every datagram over 1,400 bytes, the first poll of a
 *   never-seen device still brings everything within the poll deadline, and later polls (a new
 *   probe, as after a restart, sharing the size memory) use the sizes learnt: no timeouts, and
 *   from the third poll nothing dropped;
 * - a closed port is reported unreachable within timeout × (retries + 1) plus a small margin,
 *   for a never-seen device and for one whose working size is remembered.
 */
import { Secret } from '../../src/config/secret';
import { BUILTIN_DEFAULTS, DEFAULT_MODULES } from '../../src/inventory/build';
import type { DeviceTarget } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import type { Sample } from '../../src/metrics/names';
import { createSnmpProbe } from '../../src/probes/snmp';
import { MemorySizeMemory } from '../../src/probes/snmp/size-memory';
import { runProbe } from '../../src/probes/runner';
import { startSimulator, type SimulatorHandle } from '../../src/simulate/agent';
import { EXPECTED_RECORDINGS } from '../expected/recordings';
import { freeUdpPort } from '../helpers/ports';
import { recordingNames, recordingsDir } from '../helpers/recordings';
import { startUdpRelay, type UdpRelay } from '../helpers/udp-relay';

const NAMES = recordingNames();
const DEADLINE_MS = 20_000;
const TIMEOUT_MS = 500;

function target(name: string, port: number, extra: Partial<DeviceTarget> = {}): DeviceTarget {
  const kind = EXPECTED_RECORDINGS[name]?.kind ?? 'switch';
  return {
    name,
    client: 'lab',
    site: '',
    kind,
    address: '127.0.0.1',
    intervalsMs: { snmp: 60000, icmp: 60000, backup: 86400000 },
    probeTimeoutMs: DEADLINE_MS,
    importantInterfaces: [],
    snmp: { ...BUILTIN_DEFAULTS.snmp, port, community: new Secret(name), timeoutMs: TIMEOUT_MS, retries: 1, modules: DEFAULT_MODULES[kind] },
    ...extra,
  };
}

function sorted(samples: Sample[]): string[] {
  return samples.map((s) => `${s.name}${JSON.stringify(s.labels)} ${String(s.value)}`).sort();
}

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ recordingsDir: recordingsDir(), host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await sim?.close();
});

describe('a path that drops every datagram over 1,400 bytes', () => {
  let relay: UdpRelay;

  beforeAll(async () => {
    relay = await startUdpRelay(sim.port, 1400);
  });

  afterAll(async () => {
    await relay?.close();
  });

  it('first poll: complete within the deadline; later polls (after a restart, same size memory): no timeouts, from the third nothing dropped', async () => {
    const direct = createSnmpProbe();
    const truth = new Map<string, string[]>();
    await Promise.all(
      NAMES.map(async (name) => {
        const r = await runProbe(direct, target(name, sim.port), { logger: silentLogger, deadlineMs: DEADLINE_MS });
        expect({ name, success: r.success }).toEqual({ name, success: true });
        truth.set(name, sorted(r.samples));
      }),
    );
    direct.close();

    const sizes = new MemorySizeMemory();
    const first = createSnmpProbe({ sizes });
    const started = Date.now();
    await Promise.all(
      NAMES.map(async (name) => {
        const r = await runProbe(first, target(name, relay.port), { logger: silentLogger, deadlineMs: DEADLINE_MS });
        expect({ name, success: r.success, error: r.error, modules: r.modules }).toEqual({ name, success: true, error: undefined, modules: expect.anything() });
        expect({ name, modules: r.modules }).toEqual({ name, modules: Object.fromEntries(Object.keys(r.modules ?? {}).map((m) => [m, { success: true }])) });
        expect(sorted(r.samples)).toEqual(truth.get(name));
      }),
    );
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS);
    // The path did drop answers: the first poll had to find the size that gets through.
    const firstPollDrops = relay.dropped.answers;
    expect(firstPollDrops).toBeGreaterThan(0);
    const shrunk = NAMES.filter((n) => (first.lastStats(n)?.shrinks ?? 0) > 0);
    expect(shrunk.length).toBeGreaterThan(0);
    for (const n of shrunk) expect((await sizes.get(n))?.ceiling).toBeLessThan(BUILTIN_DEFAULTS.snmp.maxVarbindsPerRequest);
    first.close();

    // Later polls (a new probe each, as after a restart, sharing the size memory): complete, never
    // a timeout. The second may still resend one request smaller on a device whose end-of-table
    // checks land on one wordy object (jetdirect: several on a 275-byte enterprise string); from the
    // third on nothing is dropped.
    const dropsPerPoll: number[] = [];
    for (let poll = 2; poll <= 3; poll++) {
      const droppedBefore = relay.dropped.answers;
      const probe = createSnmpProbe({ sizes });
      await Promise.all(
        NAMES.map(async (name) => {
          const r = await runProbe(probe, target(name, relay.port), { logger: silentLogger, deadlineMs: DEADLINE_MS });
          expect(sorted(r.samples)).toEqual(truth.get(name));
          const stats = probe.lastStats(name);
          expect({ name, poll, timeouts: stats?.timeouts }).toEqual({ name, poll, timeouts: 0 });
          expect(stats?.shrinks ?? 0).toBeLessThanOrEqual(poll === 2 ? 1 : 0);
        }),
      );
      dropsPerPoll.push(relay.dropped.answers - droppedBefore);
      probe.close();
    }
    expect(dropsPerPoll[0]).toBeLessThan(firstPollDrops);
    expect(dropsPerPoll[1]).toBe(0);
  }, 60_000);
});

describe('a dead agent (closed loopback port)', () => {
  const limitMs = TIMEOUT_MS * 2 + 300;

  it('never seen: unreachable within timeout × (retries + 1) plus a small margin', async () => {
    const port = await freeUdpPort();
    const probe = createSnmpProbe();
    const started = Date.now();
    const r = await runProbe(probe, target('sharp', port), { logger: silentLogger, deadlineMs: DEADLINE_MS });
    const elapsed = Date.now() - started;
    expect(r.success).toBe(false);
    expect(r.error).toEqual({ kind: 'timeout', message: `no answer after 2 attempts of ${TIMEOUT_MS} ms (wrong community or unreachable?)` });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS * 2 - 50);
    expect(elapsed).toBeLessThan(limitMs);
    probe.close();
  });

  it('with a remembered size, polled in parallel streams: the same bound', async () => {
    const port = await freeUdpPort();
    const sizes = new MemorySizeMemory();
    // The device answered before (history from a poll through the simulator), then died.
    const probe = createSnmpProbe({ sizes });
    const alive = await runProbe(probe, target('junos_qfx5130-32cd-evo', sim.port), { logger: silentLogger, deadlineMs: DEADLINE_MS });
    expect(alive.success).toBe(true);
    expect(await sizes.get('junos_qfx5130-32cd-evo')).toBeDefined();
    const started = Date.now();
    const r = await runProbe(probe, target('junos_qfx5130-32cd-evo', port), { logger: silentLogger, deadlineMs: DEADLINE_MS });
    const elapsed = Date.now() - started;
    expect(r.success).toBe(false);
    expect(r.error?.kind).toBe('timeout');
    expect(elapsed).toBeLessThan(limitMs);
    probe.close();
  });
});
