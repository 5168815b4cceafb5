import { deviceView as viewWith } from '../../../src/http/device-view';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import { scrubSecrets, secretValues } from '../../../src/http/secrets';
import { parseListen } from '../../../src/http/server';
import { Secret } from '../../../src/config/secret';
import { device, SECRET, stored } from './fixtures';

const deviceView = (...args: Parameters<typeof viewWith> extends [unknown, ...infer R] ? R : never) => viewWith(builtinProbeRegistry, ...args);

describe('deviceView', () => {
  it('serialises no credential of the target, not even as <secret>', () => {
    const d = device('hq-printer-1', {
      snmp: {
        ...device('x').snmp!,
        version: '3',
        community: undefined,
        v3: { user: 'mon', level: 'authPriv', authProtocol: 'sha', authKey: new Secret(SECRET), privProtocol: 'aes', privKey: new Secret(SECRET) },
      },
      routeros: { port: 8728, username: 'api', password: new Secret(SECRET), tls: false },
    });
    const json = JSON.stringify(deviceView(d, [stored('hq-printer-1')], Date.now(), { samples: true }));
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain('<secret>');
    expect(json).not.toContain('"v3"');
    expect(json).not.toContain('username');
  });

  it('up is null without fresh results, false when every fresh one failed', () => {
    const now = Date.now();
    const d = device('d');
    expect(deviceView(d, [], now, { samples: false }).up).toBeNull();
    const old = stored('d', { finishedAtMs: now - 10 * 60_000, intervalMs: 60_000 });
    const v = deviceView(d, [old], now, { samples: false });
    expect(v.up).toBeNull();
    expect(v.probes[0].stale).toBe(true);
    const failed = stored('d', { result: { probe: 'snmp', success: false, durationMs: 1000, samples: [] } });
    expect(deviceView(d, [failed], now, { samples: false }).up).toBe(false);
  });

  it('lists configured probes that never ran, and results of probes no longer configured', () => {
    const d = device('d', { icmp: undefined, ssh: undefined });
    const v = deviceView(d, [stored('d', { probe: 'icmp', result: { probe: 'icmp', success: true, durationMs: 100, samples: [] } })], Date.now(), { samples: false });
    expect(v.probes.map((p) => [p.probe, p.configured, p.success])).toEqual([
      ['snmp', true, null],
      ['icmp', false, true],
    ]);
  });
});

describe('secret scrubbing', () => {
  it('collects every secret of the config, longest first, skipping trivial ones', () => {
    const values = secretValues({ devices: [device('a')], http: { listen: 'x:1', externalUrl: 'x', token: new Secret('abc') } });
    expect(values).toEqual([`${SECRET}-ssh`, SECRET]);
  });

  it('replaces secrets inside free-text values (errors, messages), at any depth', () => {
    const weird = 'p"a\\ss\nword';
    const body = { probes: [{ error: { kind: 'auth', message: `x ${weird} y ${SECRET}` } }], modules: { printer: { error: `no answer ${SECRET}` } } };
    expect(scrubSecrets(body, [weird, SECRET])).toEqual({
      probes: [{ error: { kind: 'auth', message: 'x <secret> y <secret>' } }],
      modules: { printer: { error: 'no answer <secret>' } },
    });
  });

  it('leaves identifiers alone: a device named like its community keeps its name', () => {
    const body = { device: 'lab-printer', parent: 'lab-switch', labels: { sys_name: 'public-printer' } };
    expect(scrubSecrets(body, ['lab-printer', 'lab-switch', 'public'])).toEqual(body);
  });
});

describe('parseListen', () => {
  it.each([
    ['127.0.0.1:9877', { host: '127.0.0.1', port: 9877 }],
    ['[::1]:0', { host: '::1', port: 0 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
    [':9877', { host: '0.0.0.0', port: 9877 }],
  ])('%s', (input, expected) => {
    expect(parseListen(input)).toEqual(expected);
  });
  it.each(['9877', 'host:', 'host:99999', '::1:80'])('rejects %s', (input) => {
    expect(() => parseListen(input)).toThrow(/HOST:PORT/);
  });
});
