import { Secret } from '../../../src/config/secret';
import { diffDevices, fingerprint } from '../../../src/daemon/diff';
import type { DeviceTarget } from '../../../src/inventory/types';

function dev(name: string, community = 'c0mmunity', over: Partial<DeviceTarget> = {}): DeviceTarget {
  return {
    name,
    client: 'acme',
    site: '',
    kind: 'switch',
    address: '127.0.0.1',
    intervalsMs: { snmp: 60_000, icmp: 30_000, backup: 86_400_000 },
    probeTimeoutMs: 10_000,
    snmp: { version: '2c', port: 161, community: new Secret(community), timeoutMs: 1000, retries: 1, maxRepetitions: 25, maxVarbindsPerRequest: 60, modules: ['system'] },
    importantInterfaces: [],
    ...over,
  };
}

describe('diffDevices', () => {
  it('finds added, removed and changed devices', () => {
    const before = [dev('a'), dev('b'), dev('c')];
    const after = [dev('a'), dev('c', 'c0mmunity', { address: '127.0.0.2' }), dev('d')];
    expect(diffDevices(before, after)).toEqual({ added: ['d'], removed: ['b'], changed: ['c'] });
  });

  it('a new secret value is a change; the same value is not', () => {
    expect(diffDevices([dev('a', 'one-secret')], [dev('a', 'two-secret')]).changed).toEqual(['a']);
    expect(diffDevices([dev('a', 'one-secret')], [dev('a', 'one-secret')]).changed).toEqual([]);
  });

  it('the fingerprint does not contain the secret', () => {
    expect(fingerprint(dev('a', 'S3cr3t-xyz'))).not.toContain('S3cr3t');
    expect(fingerprint(dev('a', 'S3cr3t-xyz'))).toMatch(/^[0-9a-f]{64}$/);
  });
});
