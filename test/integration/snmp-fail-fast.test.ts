/**
 * Fail fast on a device known dead (src/probes/snmp/fail-fast.ts), over real UDP: the simulator
 * behind a relay that drops every datagram while the "device" is down. After `afterPolls` polls
 * without any answer, a poll sends one request with the short timeout and fails at once (final:
 * not retried); the first answer brings full polls back, and a silence after that is again
 * waited out in full before the device counts as dead.
 */
import * as dgram from 'node:dgram';
import { Registry } from 'prom-client';
import { Secret } from '../../src/config/secret';
import { silentLogger } from '../../src/log';
import { SelfMetrics } from '../../src/metrics/self';
import { createSnmpProbe } from '../../src/probes/snmp';
import type { ProbeOutcome } from '../../src/probes/types';
import { startSimulator, type SimulatorHandle } from '../../src/simulate/agent';
import { recordingNames, recordingsDir } from '../helpers/recordings';
import { deviceTarget, snmpSettings } from '../helpers/targets';
import { startUdpRelay } from '../helpers/udp-relay';

/** Forwards to the agent while `up`, drops everything otherwise. */
async function startSwitchableRelay(agentPort: number): Promise<{ port: number; up: boolean; close(): Promise<void> }> {
  const front = dgram.createSocket('udp4');
  const back = dgram.createSocket('udp4');
  const relay = { port: 0, up: false, close: async () => void (await Promise.all([front, back].map((s) => new Promise<void>((r) => s.close(() => r()))))) };
  let client: dgram.RemoteInfo | undefined;
  front.on('message', (msg, from) => {
    if (relay.up) {
      client = from;
      back.send(msg, agentPort, '127.0.0.1');
    }
  });
  back.on('message', (msg) => {
    if (relay.up && client) front.send(msg, client.port, client.address);
  });
  await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
  await new Promise<void>((r) => back.bind(0, '127.0.0.1', () => r()));
  relay.port = front.address().port;
  return relay;
}

describe('SNMP fail-fast for a device known dead', () => {
  let sim: SimulatorHandle;
  let relay: Awaited<ReturnType<typeof startSwitchableRelay>>;

  beforeAll(async () => {
    sim = await startSimulator({ recordingsDir: recordingsDir(), port: 0, logger: silentLogger });
    relay = await startSwitchableRelay(sim.port);
  });

  afterAll(async () => {
    await relay?.close();
    await sim?.close();
  });

  it('checks once with the short timeout after two silent polls, and polls fully again once it answers', async () => {
    const self = new SelfMetrics(new Registry());
    const probe = createSnmpProbe({ selfMetrics: self });
    const target = deviceTarget('dead-printer', {
      icmp: undefined,
      snmp: snmpSettings({ port: relay.port, community: new Secret(recordingNames()[0]), timeoutMs: 150, retries: 1, failFast: { afterPolls: 2, timeoutMs: 50 } }),
    });
    const requests = async () => (await self.snmpRequests.get()).values.find((v) => v.labels.device === 'dead-printer')?.value ?? 0;
    const poll = async (): Promise<{ outcome: ProbeOutcome; requests: number }> => {
      const before = await requests();
      const outcome = await probe.run(target, { signal: new AbortController().signal, logger: silentLogger });
      return { outcome, requests: (await requests()) - before };
    };
    try {
      // Two silent polls waited out in full: every attempt of the first request (and the walk's one-varbind check).
      for (let i = 0; i < 2; i++) {
        const { outcome, requests: sent } = await poll();
        expect(outcome).toMatchObject({ success: false, error: { kind: 'timeout' } });
        expect(outcome.error?.final).toBeUndefined();
        expect(sent).toBeGreaterThanOrEqual(2);
      }
      // Known dead: one request, a final failure (the queue does not retry it).
      const dead = await poll();
      expect(dead.requests).toBe(1);
      expect(dead.outcome).toMatchObject({ success: false, error: { kind: 'timeout', final: true } });
      expect(dead.outcome.error?.message).toMatch(/3 polls in a row without any answer/);

      relay.up = true;
      const back = await poll();
      expect(back.outcome.success).toBe(true);
      expect(back.requests).toBeGreaterThan(1);

      // Answered once: the next silence is waited out in full again, not cut short.
      relay.up = false;
      const silentAgain = await poll();
      expect(silentAgain.outcome.error?.final).toBeUndefined();
      expect(silentAgain.requests).toBeGreaterThanOrEqual(2);
    } finally {
      probe.close();
    }
  });

  it('a device whose big answers are lost is not dead: adaptive sizing shrinks its requests, no poll is cut short', async () => {
    const probe = createSnmpProbe();
    const small = await startUdpRelay(sim.port, 600);
    const target = deviceTarget('small-answers', {
      icmp: undefined,
      snmp: snmpSettings({ port: small.port, maxVarbindsPerRequest: 60, community: new Secret(recordingNames()[0]), timeoutMs: 150, retries: 1, modules: ['system', 'interfaces'], failFast: { afterPolls: 1, timeoutMs: 50 } }),
    });
    try {
      for (let i = 0; i < 3; i++) {
        const outcome = await probe.run(target, { signal: new AbortController().signal, logger: silentLogger });
        expect(outcome.success).toBe(true);
        expect(outcome.error).toBeUndefined();
      }
      expect(small.dropped.answers).toBeGreaterThan(0);
    } finally {
      probe.close();
      await small.close();
    }
  });
});
