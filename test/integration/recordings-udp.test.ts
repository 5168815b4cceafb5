/**
 * Acceptance for the core: each of the 25 real recordings served over real UDP — by our own
 * simulator, and (in CI always) by Debian's snmpsimd as an independent agent — polled by the real
 * SNMP probe, and checked against values read from the recording by hand (test/expected).
 */
import { builtinProbeRegistry } from '../../src/probes/registry';
import { createSnmpProbe } from '../../src/probes/snmp';
import { runProbe } from '../../src/probes/runner';
import { startSimulator, type SimulatorHandle } from '../../src/simulate/agent';
import { Secret } from '../../src/config/secret';
import { silentLogger } from '../../src/log';
import { BUILTIN_DEFAULTS, DEFAULT_MODULES } from '../../src/inventory/build';
import type { DeviceTarget } from '../../src/inventory/types';
import { EXPECTED_RECORDINGS } from '../expected/recordings';
import { expectRecordingSamples, seriesKey, type ExpectSection } from '../helpers/expect-recording';
import { recordingNames, recordingsDir } from '../helpers/recordings';
import { startSnmpsimd } from '../../bench/snmp-agents';
import { describeWith, type Need } from '../helpers/requires';

function target(name: string, port: number): DeviceTarget {
  const kind = EXPECTED_RECORDINGS[name].kind;
  return {
    name,
    client: 'recordings',
    site: '',
    kind,
    address: '127.0.0.1',
    intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 86_400_000 },
    probeTimeoutMs: 20_000,
    importantInterfaces: [],
    snmp: {
      version: '2c',
      port,
      community: new Secret(name),
      timeoutMs: 3_000,
      retries: 1,
      maxRepetitions: BUILTIN_DEFAULTS.snmp.maxRepetitions,
      maxVarbindsPerRequest: BUILTIN_DEFAULTS.snmp.maxVarbindsPerRequest,
      modules: DEFAULT_MODULES[kind],
    },
  };
}

const names = recordingNames();

test('all 25 recordings are there and have expectations', () => {
  expect(names).toHaveLength(25);
  expect(Object.keys(EXPECTED_RECORDINGS).sort()).toEqual(names);
});

type Agent = { port: number; close(): Promise<void> };

// snmpsimd is an independent peer: required in CI, skipped (and counted so) on a machine without it.
const agents: Array<[string, Need[], () => Promise<Agent>]> = [
  ['simulate', [], async () => startSimulator({ recordingsDir: recordingsDir(), host: '127.0.0.1', port: 0, logger: silentLogger }) as Promise<SimulatorHandle>],
  [
    'snmpsimd',
    ['snmpsimd'],
    async () => {
      const agent = await startSnmpsimd(recordingsDir(), names);
      return { port: agent.port, close: () => agent.stop() };
    },
  ],
];

for (const [agentName, needs, start] of agents) describeWith(needs, `served by ${agentName}`, () => {
  let agent: Agent | undefined;
  const probe = createSnmpProbe({});
  beforeAll(async () => {
    agent = await start();
  }, 60_000);
  afterAll(async () => agent?.close());

  test.each(names)('%s: every expected value arrives over UDP', async (name) => {
    if (!agent) throw new Error(`${agentName} did not start`);
    const t = target(name, agent.port);
    // Twice: the second poll uses the adaptive plan sized from the first one's rows.
    for (let poll = 1; poll <= 2; poll++) {
      const result = await runProbe(probe, t, { logger: silentLogger, deadlineMs: builtinProbeRegistry.deadlineMs(t, 'snmp') });
      expect({ name, poll, success: result.success, error: result.error }).toEqual({ name, poll, success: true, error: undefined });
      const sections: ExpectSection[] = EXPECTED_RECORDINGS[name].kind === 'printer' ? ['system', 'interfaces', 'printer', 'host'] : ['system', 'interfaces', 'host'];
      expectRecordingSamples(result.samples, EXPECTED_RECORDINGS[name], sections);
      const keys = result.samples.map(seriesKey);
      expect(new Set(keys).size).toBe(keys.length);
      for (const m of Object.values(result.modules ?? {})) expect(m.success).toBe(true);
    }
  });
});
