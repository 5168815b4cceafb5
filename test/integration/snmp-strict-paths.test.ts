/**
 * SNMP on a path that loses large answers, and on a dead agent (issue 12), with the real probe
 * over real UDP on 127.0.0.1 against the project's simulator serving all 25 recordings:
 * - behind a relay that silently drops every datagram over 1,400 bytes, the first poll of a
 *   never-seen device still brings everything within the poll deadline, and the second poll sends
 *   nothing that gets dropped: neither by a new probe sharing the size memory (as after a restart,
 *   or on another worker: the remembered size, but no walk history), nor by that probe again (with
 *   its walk history);
 * - a closed port is reported unreachable within timeout × (retries + 1) plus a small margin,
 *   for a never-seen device and for one whose working size is remembered.
 */
import { Secret } from '../../src/config/secret';
import { BUILTIN_DEFAULTS, DEFAULT_MODULES } from '../../src/inventory/build';
import type { DeviceTarget } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import type { Sample } from '../../src/metrics/names';
import type { ProbeResult } from '../../src/probes/types';
import { createSnmpProbe, type SnmpProbe, type SnmpProbeDeps } from '../../src/probes/snmp';
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
/** Every probe a test opens, closed after it whatever happened (pooled sessions hold sockets). */
const open: SnmpProbe[] = [];

function probe(deps: SnmpProbeDeps = {}): SnmpProbe {
  const p = createSnmpProbe(deps);
  open.push(p);
  return p;
}

/** One poll of every recording, in parallel; settles only when all have finished (runProbe never throws). */
async function pollAll(p: SnmpProbe, port: number): Promise<Map<string, ProbeResult>> {
  const results = await Promise.all(NAMES.map((name) => runProbe(p, target(name, port), { logger: silentLogger, deadlineMs: DEADLINE_MS })));
  return new Map(NAMES.map((name, i) => [name, results[i]]));
}

beforeAll(async () => {
  sim = await startSimulator({ recordingsDir: recordingsDir(), host: '127.0.0.1', port: 0 });
});

afterEach(() => {
  for (const p of open.splice(0)) p.close();
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

  it('first poll: complete within the deadline; second poll (after a restart, same size memory) and third: nothing dropped', async () => {
    const truth = new Map<string, string[]>();
    for (const [name, r] of await pollAll(probe(), sim.port)) {
      expect({ name, success: r.success }).toEqual({ name, success: true });
      truth.set(name, sorted(r.samples));
    }

    const sizes = new MemorySizeMemory();
    const first = probe({ sizes });
    const started = Date.now();
    const firstPoll = await pollAll(first, relay.port);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS);
    for (const [name, r] of firstPoll) {
      expect({ name, success: r.success, error: r.error, modules: r.modules }).toEqual({ name, success: true, error: undefined, modules: expect.anything() });
      expect({ name, modules: r.modules }).toEqual({ name, modules: Object.fromEntries(Object.keys(r.modules ?? {}).map((m) => [m, { success: true }])) });
      expect(sorted(r.samples)).toEqual(truth.get(name));
    }
    // The path did drop answers: the first poll had to find the size that gets through.
    expect(relay.dropped.answers).toBeGreaterThan(0);
    const shrunk = NAMES.filter((n) => (first.lastStats(n)?.shrinks ?? 0) > 0);
    expect(shrunk.length).toBeGreaterThan(0);
    for (const n of shrunk) expect((await sizes.get(n))?.ceiling).toBeLessThan(BUILTIN_DEFAULTS.snmp.maxVarbindsPerRequest);

    // The second poll comes from a new probe sharing the size memory (as after a restart, or on
    // another worker): the remembered size, no walk history. It asks for the columns the first poll
    // found empty together with the column before them, so none of its requests gets an answer the
    // path drops (jetdirect has five empty columns whose next object is a 275-byte PJL id). The
    // third poll, by the same probe, is planned from its walk history.
    const second = probe({ sizes });
    for (let poll = 2; poll <= 3; poll++) {
      const droppedBefore = { ...relay.dropped };
      for (const [name, r] of await pollAll(second, relay.port)) {
        expect(sorted(r.samples)).toEqual(truth.get(name));
        const stats = second.lastStats(name);
        expect({ name, poll, timeouts: stats?.timeouts, shrinks: stats?.shrinks }).toEqual({ name, poll, timeouts: 0, shrinks: 0 });
      }
      const dropped = { answers: relay.dropped.answers - droppedBefore.answers, requests: relay.dropped.requests - droppedBefore.requests };
      expect({ poll, dropped }).toEqual({ poll, dropped: { answers: 0, requests: 0 } });
    }
  }, 60_000);
});

describe('a dead agent (closed loopback port)', () => {
  const limitMs = TIMEOUT_MS * 2 + 300;

  it('never seen: unreachable within timeout × (retries + 1) plus a small margin', async () => {
    const port = await freeUdpPort();
    const started = Date.now();
    const r = await runProbe(probe(), target('sharp', port), { logger: silentLogger, deadlineMs: DEADLINE_MS });
    const elapsed = Date.now() - started;
    expect(r.success).toBe(false);
    expect(r.error).toEqual({ kind: 'timeout', message: `no answer after 2 attempts of ${TIMEOUT_MS} ms (wrong community or unreachable?)` });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS * 2 - 50);
    expect(elapsed).toBeLessThan(limitMs);
  });

  it('with a remembered size, polled in parallel streams: the same bound', async () => {
    const port = await freeUdpPort();
    const sizes = new MemorySizeMemory();
    // The device answered before (history from a poll through the simulator), then died.
    const p = probe({ sizes });
    const alive = await runProbe(p, target('junos_qfx5130-32cd-evo', sim.port), { logger: silentLogger, deadlineMs: DEADLINE_MS });
    expect(alive.success).toBe(true);
    expect(await sizes.get('junos_qfx5130-32cd-evo')).toBeDefined();
    const started = Date.now();
    const r = await runProbe(p, target('junos_qfx5130-32cd-evo', port), { logger: silentLogger, deadlineMs: DEADLINE_MS });
    const elapsed = Date.now() - started;
    expect(r.success).toBe(false);
    expect(r.error?.kind).toBe('timeout');
    expect(elapsed).toBeLessThan(limitMs);
  });
});
