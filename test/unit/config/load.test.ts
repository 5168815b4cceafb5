import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig, loadConfig } from '../../../src/inventory/load';
import { ConfigError } from '../../../src/config/types';

const FILE = 'test.yml';

function problemsOf(yaml: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(yaml, FILE, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}${p.line === undefined ? '' : ` (line ${p.line})`}`);
    throw err;
  }
  return [];
}

const PRINTER = `
devices:
  - name: p1
    client: acme
    kind: printer
    address: 127.0.0.1
    snmp: { community: public }
`;

describe('config: valid files', () => {
  test('the minimum of CONTRACT section 2 with defaults applied', () => {
    const c = parseConfig(PRINTER, FILE, {});
    expect(c.devices).toHaveLength(1);
    const d = c.devices[0];
    expect(d).toMatchObject({ name: 'p1', client: 'acme', site: '', kind: 'printer', address: '127.0.0.1' });
    expect(d.snmp).toMatchObject({ version: '2c', port: 161, retries: 1, timeoutMs: 2000, modules: ['system', 'interfaces', 'printer', 'host'] });
    expect(d.snmp?.community?.reveal()).toBe('public');
    expect(d.icmp).toEqual({ count: 3, timeoutMs: 2000 });
    expect(c.queue).toEqual({ redis: undefined, prefix: 'quarkpulse', concurrency: 64, clientShare: 0.5, leaderTtlMs: 15_000 });
    expect(c.lab).toBeUndefined();
  });

  test('defaults cascade global ← kind ← client ← device', () => {
    const c = parseConfig(
      `
defaults: { intervals: { snmp: 60s, icmp: 20s }, snmp: { retries: 3, timeout: 5s } }
kinds: { printer: { intervals: { snmp: 5m } } }
clients: { acme: { snmp: { community: acme-ro, retries: 2 } } }
devices:
  - { name: p1, client: acme, kind: printer, address: 127.0.0.1, snmp: { port: 1161 } }
  - { name: p2, client: other, kind: switch, address: ::1, snmp: { version: "1" }, icmp: { enabled: false }, intervals: { snmp: 90 } }
`,
      FILE,
      {},
    );
    const [p1, p2] = c.devices;
    expect(p1.intervalsMs).toEqual({ snmp: 300_000, icmp: 20_000, backup: 86_400_000 });
    expect(p1.snmp).toMatchObject({ port: 1161, retries: 2, timeoutMs: 5000 });
    expect(p1.snmp?.community?.reveal()).toBe('acme-ro');
    expect(p2.intervalsMs.snmp).toBe(90_000);
    expect(p2.snmp).toMatchObject({ version: '1', retries: 3, modules: ['system', 'interfaces', 'host'] });
    expect(p2.snmp?.community?.reveal()).toBe('public');
    expect(p2.icmp).toBeUndefined();
  });

  test('secrets from ${ENV} and { file }, and SNMPv3 users', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-cfg-'));
    fs.writeFileSync(path.join(dir, 'priv.txt'), 'priv-pass-123\n');
    const file = path.join(dir, 'q.yml');
    const c = parseConfig(
      `
snmp_users:
  mon: { user: monitor, level: authPriv, auth_protocol: sha256, auth_key: "\${AUTH}", priv_protocol: aes, priv_key: { file: priv.txt } }
http: { token: "\${TOKEN}" }
devices:
  - { name: fw, client: acme, kind: firewall, address: 127.0.0.1, snmp: { version: "3", user: mon } }
`,
      file,
      { AUTH: 'auth-pass-123', TOKEN: 't0k' },
    );
    const v3 = c.devices[0].snmp?.v3;
    expect(v3).toMatchObject({ user: 'monitor', level: 'authPriv', authProtocol: 'sha256', privProtocol: 'aes' });
    expect(v3?.authKey?.reveal()).toBe('auth-pass-123');
    expect(v3?.privKey?.reveal()).toBe('priv-pass-123');
    expect(c.http.token?.reveal()).toBe('t0k');
    expect(JSON.stringify(c)).not.toMatch(/auth-pass-123|priv-pass-123|t0k/);
  });

  test('REDIS_URL overrides queue.redis', () => {
    const c = parseConfig(`queue: { redis: "redis://10.0.0.1:6379" }\n`, FILE, { REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(c.queue.redis).toBe('redis://127.0.0.1:6379');
  });

  test('the shipped default config is valid and enables the lab', async () => {
    const c = await loadConfig(path.resolve(__dirname, '../../../config/quarkpulse.yml'), {});
    expect(c.lab?.enabled).toBe(true);
    expect(c.devices.map((d) => d.kind).sort()).toEqual(['firewall', 'printer', 'router', 'switch']);
  });
});

describe('config: every bad input gets one precise line (path and what is wrong)', () => {
  const cases: Array<[string, string, string[], NodeJS.ProcessEnv?]> = [
    ['unknown top-level key', `devics: []\n`, ['devics: unknown key "devics"; did you mean "devices"? (line 1)']],
    ['unknown device key', `devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, comunity: x }\n`, ['devices[0].comunity: unknown key "comunity"; did you mean "snmp.community" (it belongs under snmp:)? (line 2)']],
    ['bad kind', `devices:\n  - { name: a, client: c, kind: toaster, address: 127.0.0.1 }\n`, ['devices[0].kind: expected one of switch, router, firewall, printer, server, other, got the text "toaster" (line 2)']],
    ['missing address', `devices:\n  - { name: a, client: c, kind: switch }\n`, ['devices[0].address: required; add "address" (line 2)']],
    ['shell injection in address', `devices:\n  - { name: a, client: c, kind: switch, address: "127.0.0.1; rm -rf /" }\n`, ['devices[0].address: "127.0.0.1; rm -rf /" is not an IP address or host name (line 2)']],
    ['bad SNMP version', `devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, snmp: { version: 4 } }\n`, ['devices[0].snmp.version: expected 1, 2c or 3, got the number 4 (line 2)']],
    ['bad port', `devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, snmp: { port: 70000 } }\n`, ['devices[0].snmp.port: the number 70000 is too big: at most 65535 (line 2)']],
    ['bad duration', `defaults: { intervals: { snmp: 5 minutes } }\n`, ['defaults.intervals.snmp: "5 minutes" is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d) (line 1)']],
    ['duplicate device', `devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1 }\n  - { name: a, client: c, kind: router, address: 127.0.0.2 }\n`, ['devices[1].name: duplicate device name "a" (first at devices[0]) (line 3)']],
    ['unknown parent', `devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, parent: b }\n`, ['devices[0].parent: unknown device "b" (line 2)']],
    ['missing env secret', `devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, snmp: { community: "\${NOPE}" } }\n`, ['devices[0].snmp.community: environment variable NOPE is not set (line 2)']],
    ['unknown v3 user', `devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, snmp: { version: "3", user: ghost } }\n`, ['devices[0].snmp.user: unknown SNMP v3 user "ghost" (snmp_users is empty) (line 2)']],
    ['v3 user without keys', `snmp_users:\n  u: { user: x, level: authPriv }\n`, ['snmp_users.u.auth_protocol: required for level authPriv (line 2)', 'snmp_users.u.auth_key: required for level authPriv (line 2)', 'snmp_users.u.priv_protocol: required for level authPriv (line 2)', 'snmp_users.u.priv_key: required for level authPriv (line 2)']],
    ['short v3 key', `snmp_users:\n  u: { user: x, level: authNoPriv, auth_protocol: sha, auth_key: short }\ndevices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, snmp: { version: "3", user: u } }\n`, ['snmp_users.u.auth_key: must be at least 8 characters (RFC 3414) (line 2)']],
    ['YAML syntax', `devices: [\n`, []],
    ['bad listen', `http: { listen: nine }\n`, ['http.listen: expected HOST:PORT, got the text "nine" (line 1)']],
  ];
  test.each(cases)('%s', (_, yaml, expected) => {
    const problems = problemsOf(yaml);
    if (expected.length === 0) {
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]).toMatch(/^\(syntax\): YAML syntax: .* \(line \d+\)$/);
    } else {
      expect(problems).toEqual(expected);
    }
  });

  test('a missing file is one clear problem', async () => {
    await expect(loadConfig('/nonexistent/q.yml')).rejects.toThrow('/nonexistent/q.yml: (file): file not found');
  });
});
