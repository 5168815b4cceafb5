import { icmpProbe } from '../../src/probes/icmp/definition';
import type { PingResponse } from 'ping';
import { isHostAddress } from '../../src/config/address';
import type { DeviceTarget } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import {
  createIcmpProbe,
  createSystemPingRunner,
  resultFromStats,
  statsFromPingResponse,
  type PingRequest,
  type PingRunner,
  type PingStats,
} from '../../src/probes/icmp';
import { deviceTarget } from '../helpers/targets';

function target(over: Partial<DeviceTarget> = {}): DeviceTarget {
  return deviceTarget('hq-printer-1', { kind: 'printer', snmp: undefined, icmp: { count: 3, timeoutMs: 2000 }, ...over });
}

/** A substitute runner that records its requests and answers what the test says. */
function fakeRunner(answer: (req: PingRequest) => Promise<PingStats>): PingRunner & { calls: PingRequest[] } {
  const calls: PingRequest[] = [];
  return {
    calls,
    ping: (req) => {
      calls.push(req);
      return answer(req);
    },
  };
}

const ctx = () => ({ signal: new AbortController().signal, logger: silentLogger });

describe('isHostAddress, the gate before ping', () => {
  it.each(['127.0.0.1', '::1', 'fe80::1', '10.0.0.254', 'printer-1.acme.example', 'localhost', 'a.b.c', 'x1'])('accepts %s', (a) => {
    expect(isHostAddress(a)).toBe(true);
  });
  it.each([
    '127.0.0.1; rm -rf /',
    '$(reboot)',
    '`id`',
    '-f',
    '-c1000000 127.0.0.1',
    'host name',
    'a..b',
    '-host.example',
    'host-.example',
    '',
    'a'.repeat(64) + '.example',
    '127.0.0.1\n',
    'a|b',
    // The config's rule, which the probe shares: no trailing dot.
    'a.b.c.',
  ])('rejects %j', (a) => {
    expect(isHostAddress(a)).toBe(false);
  });
});

describe('icmp probe', () => {
  it('applies only to devices with icmp settings', () => {
    const probe = createIcmpProbe({ runner: fakeRunner(async () => ({ transmitted: 1, received: 1 })) });
    expect(probe.kind).toBe('icmp');
    expect(icmpProbe.appliesTo(target())).toBe(true);
    expect(icmpProbe.appliesTo(target({ icmp: undefined }))).toBe(false);
  });

  it('turns all replies into success, rtt in seconds and zero loss', async () => {
    const runner = fakeRunner(async () => ({ transmitted: 3, received: 3, avgRttMs: 12.5 }));
    const r = await createIcmpProbe({ runner }).run(target({ icmp: { count: 3, timeoutMs: 1500 } }), ctx());
    expect(r.success).toBe(true);
    expect(r.error).toBeUndefined();
    expect(r.samples).toEqual(
      expect.arrayContaining([
        { name: 'quarkpulse_icmp_rtt_seconds', labels: {}, value: 0.0125 },
        { name: 'quarkpulse_icmp_packet_loss_ratio', labels: {}, value: 0 },
      ]),
    );
    expect(runner.calls).toHaveLength(1);
    expect(runner.calls[0]).toMatchObject({ address: '127.0.0.1', count: 3, waitSeconds: 2 });
  });

  it('partial loss is still success, with the loss ratio', async () => {
    const runner = fakeRunner(async () => ({ transmitted: 4, received: 1, avgRttMs: 3 }));
    const r = await createIcmpProbe({ runner }).run(target({ icmp: { count: 4, timeoutMs: 1000 } }), ctx());
    expect(r.success).toBe(true);
    expect(r.samples.find((s) => s.name === 'quarkpulse_icmp_packet_loss_ratio')?.value).toBeCloseTo(0.75);
  });

  it('total loss fails as unreachable with loss 1 and no rtt', async () => {
    const r = await createIcmpProbe({ runner: fakeRunner(async () => ({ transmitted: 3, received: 0 })) }).run(target(), ctx());
    expect(r.success).toBe(false);
    expect(r.error?.kind).toBe('unreachable');
    expect(r.samples).toEqual([{ name: 'quarkpulse_icmp_packet_loss_ratio', labels: {}, value: 1 }]);
  });

  it('an unknown host fails with the ping message and no samples', async () => {
    const r = await createIcmpProbe({
      runner: fakeRunner(async () => ({ transmitted: 0, received: 0, error: 'ping: nowhere.invalid: Name or service not known' })),
    }).run(target({ address: 'nowhere.invalid' }), ctx());
    expect(r.success).toBe(false);
    expect(r.error).toEqual({ kind: 'unreachable', message: 'ping: nowhere.invalid: Name or service not known' });
    expect(r.samples).toEqual([]);
  });

  it('a hanging ping ends as a timeout when the caller aborts', async () => {
    const runner = fakeRunner(
      (req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
    );
    const ac = new AbortController();
    const pending = createIcmpProbe({ runner }).run(target(), { signal: ac.signal, logger: silentLogger });
    setTimeout(() => ac.abort(new Error('deadline')), 20);
    const r = await pending;
    expect(r.success).toBe(false);
    expect(r.error?.kind).toBe('timeout');
  });

  it('a hanging ping ends by its own budget even if the caller never aborts', async () => {
    const runner = fakeRunner(
      (req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
    );
    const t0 = Date.now();
    // count 1, 1 s wait → budget 0 + 1 s + 1 s slack.
    const r = await createIcmpProbe({ runner }).run(target({ icmp: { count: 1, timeoutMs: 500 } }), ctx());
    const took = Date.now() - t0;
    expect(r.error?.kind).toBe('timeout');
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(4000);
  });

  it('rejects an injection attempt before any ping runs', async () => {
    const runner = fakeRunner(async () => ({ transmitted: 1, received: 1, avgRttMs: 1 }));
    const r = await createIcmpProbe({ runner }).run(target({ address: '127.0.0.1; rm -rf /' }), ctx());
    expect(r.success).toBe(false);
    expect(r.error?.kind).toBe('config');
    expect(runner.calls).toHaveLength(0);
  });

  it('the system runner refuses a bad address itself (defence in depth)', async () => {
    await expect(
      createSystemPingRunner().ping({ address: '-f', count: 1, waitSeconds: 1, intervalSeconds: 0.2, signal: new AbortController().signal }),
    ).rejects.toThrow(/refusing/);
  });

  it('without a ping program the system runner fails as internal with a hint', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = '/nonexistent-qp';
    try {
      const r = await createIcmpProbe().run(target(), ctx());
      expect(r.success).toBe(false);
      expect(r.error?.kind).toBe('internal');
      expect(r.error?.message).toMatch(/iputils-ping/);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('a runner that cannot run ping is an internal failure, not a throw', async () => {
    const r = await createIcmpProbe({ runner: fakeRunner(async () => Promise.reject(new Error('spawn ping ENOENT'))) }).run(target(), ctx());
    expect(r).toMatchObject({ success: false, error: { kind: 'internal', message: 'spawn ping ENOENT' } });
  });
});

describe('statsFromPingResponse', () => {
  const base: PingResponse = {
    inputHost: '127.0.0.1',
    host: '127.0.0.1',
    alive: true,
    output: '',
    time: 0.05,
    times: [0.05, 0.06],
    min: '0.050',
    max: '0.060',
    avg: '0.055',
    stddev: '0.005',
    packetLoss: '0.000',
  };

  it('reads transmitted/received from the summary line', () => {
    const out = '--- 127.0.0.1 ping statistics ---\n3 packets transmitted, 2 received, 33.3333% packet loss, time 401ms\n';
    expect(statsFromPingResponse({ ...base, output: out }, 3)).toEqual({ transmitted: 3, received: 2, avgRttMs: 0.055 });
  });

  it('falls back to the loss percentage', () => {
    expect(statsFromPingResponse({ ...base, packetLoss: '50.000' }, 4)).toEqual({ transmitted: 4, received: 2, avgRttMs: 0.055 });
  });

  it('reports why nothing was sent', () => {
    const r = statsFromPingResponse(
      { ...base, alive: false, avg: 'unknown', packetLoss: 'unknown', output: '\nping: nowhere.invalid: Name or service not known\n' },
      3,
    );
    expect(r).toEqual({ transmitted: 0, received: 0, error: 'ping: nowhere.invalid: Name or service not known' });
  });

  it('a dead host has no rtt', () => {
    const out = '3 packets transmitted, 0 received, 100% packet loss, time 2040ms';
    expect(statsFromPingResponse({ ...base, alive: false, avg: 'unknown', output: out }, 3)).toEqual({ transmitted: 3, received: 0 });
  });
});

describe('resultFromStats', () => {
  it('never reports loss outside 0..1', () => {
    const r = resultFromStats({ transmitted: 2, received: 3, avgRttMs: 1 });
    expect(r.samples.find((s) => s.name === 'quarkpulse_icmp_packet_loss_ratio')?.value).toBe(0);
  });
});
