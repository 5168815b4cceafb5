/**
 * The ICMP probe against the real system `ping` (iputils-ping), loopback only.
 */
import type { DeviceTarget } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import { createIcmpProbe } from '../../src/probes/icmp';
import { describeWith } from '../helpers/requires';

function target(address: string): DeviceTarget {
  return {
    name: 'loopback',
    client: 'lab',
    site: '',
    kind: 'server',
    address,
    intervalsMs: { snmp: 60_000, icmp: 30_000, backup: 86_400_000 },
    probeTimeoutMs: 10_000,
    icmp: { count: 3, timeoutMs: 1000 },
    importantInterfaces: [],
  };
}

describeWith(['ping'], 'icmp probe with the system ping', () => {
  it('pings 127.0.0.1: success, zero loss, sub-10ms rtt', async () => {
    const t0 = Date.now();
    const r = await createIcmpProbe().run(target('127.0.0.1'), { signal: AbortSignal.timeout(10_000), logger: silentLogger });
    const took = Date.now() - t0;
    expect(r.error).toBeUndefined();
    expect(r.success).toBe(true);
    const loss = r.samples.find((s) => s.name === 'quarkpulse_icmp_packet_loss_ratio');
    const rtt = r.samples.find((s) => s.name === 'quarkpulse_icmp_rtt_seconds');
    expect(loss?.value).toBe(0);
    expect(rtt?.value).toBeGreaterThan(0);
    expect(rtt?.value).toBeLessThan(0.01);
    // 3 requests 0.2 s apart.
    expect(took).toBeLessThan(3000);
  });

  it('pings localhost by name (resolved from /etc/hosts, no DNS traffic)', async () => {
    const r = await createIcmpProbe().run(target('localhost'), { signal: AbortSignal.timeout(10_000), logger: silentLogger });
    expect(r.error).toBeUndefined();
    expect(r.success).toBe(true);
  });
});
