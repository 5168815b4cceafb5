/**
 * Issue 14, the config half: each test names the fault it guards. Before the fix every one of
 * these files was accepted, or rejected with a message nobody could act on.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../../src/config/types';
import { loadConfig, parseConfig } from '../../../src/inventory/load';

const FILE = 'q.yml';
const DEVICE = '{ name: a, client: c, kind: switch, address: 127.0.0.1 }';

function lines(yaml: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(yaml, FILE, env);
  } catch (err) {
    // The error's own text: exactly the lines `validate` prints.
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
  return [];
}

describe('durations have an upper bound (fault: a 30-day interval overflowed setTimeout and polled in a tight loop)', () => {
  test('an interval past 7 days is refused with the bound in the message', () => {
    expect(lines(`defaults: { intervals: { snmp: 30d } }\n`)).toEqual(['q.yml:1:32: defaults.intervals.snmp: 4w2d is longer than the maximum of 1w']);
    // 2^31 ms and more as a bare number of seconds too.
    expect(lines(`devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, intervals: { icmp: 2147484 } }\n`)[0]).toMatch(/devices\[0\]\.intervals\.icmp: .* is longer than the maximum of 1w$/);
  });

  test('probe_timeout: 365d (which crashed a poll with a RangeError) and request timeouts are bounded', () => {
    expect(lines(`defaults: { probe_timeout: 365d, snmp: { timeout: 2h }, icmp: { timeout: 10m } }\n`)).toEqual([
      'q.yml:1:28: defaults.probe_timeout: 52w1d is longer than the maximum of 1h',
      'q.yml:1:51: defaults.snmp.timeout: 2h is longer than the maximum of 1m',
      'q.yml:1:74: defaults.icmp.timeout: 10m is longer than the maximum of 1m',
    ]);
  });

  test('alerting durations are bounded as well', () => {
    const got = lines(`alerting:\n  resend_interval: 30d\n  evaluation: { interval: 2h }\n  delivery: { timeout: 1h, retry_max: 2h }\n`);
    expect(got).toEqual([
      'q.yml:2:20: alerting.resend_interval: 4w2d is longer than the maximum of 1d',
      'q.yml:3:27: alerting.evaluation.interval: 2h is longer than the maximum of 1h',
      'q.yml:4:24: alerting.delivery.timeout: 1h is longer than the maximum of 5m',
      'q.yml:4:39: alerting.delivery.retry_max: 2h is longer than the maximum of 1h',
    ]);
  });

  test('the longest allowed values still load', () => {
    const c = parseConfig(`defaults: { intervals: { snmp: 7d, backup: 1w }, probe_timeout: 1h }\ndevices:\n  - ${DEVICE}\n`, FILE, {});
    expect(c.devices[0].intervalsMs.snmp).toBe(7 * 86_400_000);
  });
});

describe('http.token (fault: an empty ${API_TOKEN} silently left the API open)', () => {
  test('a token variable set to "" is refused at start-up', () => {
    expect(lines(`http: { token: "\${API_TOKEN}" }\n`, { API_TOKEN: '' })).toEqual([
      'q.yml:1:16: http.token: is empty or only spaces (its environment variable is set but empty); set a token, or remove http.token to serve the API without one',
    ]);
  });

  test('a whitespace-only token (which no request could ever present) is refused', () => {
    expect(lines(`http: { token: "   " }\n`)).toEqual(['q.yml:1:16: http.token: is empty or only spaces; set a token, or remove http.token to serve the API without one']);
  });
});

describe('REDIS_URL (fault: localhost:6379 without a scheme was silently read as something else)', () => {
  test('a URL without redis:// is refused with what to write', () => {
    expect(lines('{}\n', { REDIS_URL: 'localhost:6379' })).toEqual(['q.yml: (environment) REDIS_URL: expected a redis:// or rediss:// URL (write redis://localhost:6379)']);
    expect(parseConfig('{}\n', FILE, { REDIS_URL: 'redis://127.0.0.1:6379' }).queue.redis).toBe('redis://127.0.0.1:6379');
  });
});

describe('config errors a person can act on (fault: wrong words, one phase at a time, no position)', () => {
  test('a type error says what it got and what to write, not "required"', () => {
    expect(lines(`devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, snmp: { port: "161" } }\n`)).toEqual([
      'q.yml:2:75: devices[0].snmp.port: expected a number, got the text "161" (write 161 without quotes)',
    ]);
  });

  test('version: 3 unquoted means v3; version: 2 says to write 2c', () => {
    const c = parseConfig(
      `snmp_users:\n  u: { user: x, level: noAuthNoPriv }\ndevices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, snmp: { version: 3, user: u } }\n  - { name: b, client: c, kind: switch, address: 127.0.0.1, snmp: { version: 1 } }\n`,
      FILE,
      {},
    );
    expect(c.devices.map((d) => d.snmp?.version)).toEqual(['3', '1']);
    expect(lines(`devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, snmp: { version: 2 } }\n`)).toEqual([
      'q.yml:2:78: devices[0].snmp.version: expected 1, 2c or 3, got the number 2; write 2c for SNMP v2',
    ]);
  });

  test('a misspelt key gets a "did you mean", at the level where it belongs', () => {
    expect(lines(`devices:\n  - name: a\n    client: c\n    kind: swich\n    address: 127.0.0.1\n    snmp: { comunity: x }\n`)).toEqual([
      'q.yml:4:11: devices[0].kind: expected one of switch, router, firewall, printer, server, other, got the text "swich"; did you mean "switch"?',
      'q.yml:6:13: devices[0].snmp.comunity: unknown key "comunity"; did you mean "community"?',
    ]);
  });

  test('schema problems and the later checks (duplicates, parents, secrets) come in one report, in file order', () => {
    const got = lines(
      [
        'devices:',
        '  - { name: a, client: c, kind: toaster, address: 127.0.0.1 }',
        '  - { name: b, client: c, kind: switch, address: 127.0.0.1, snmp: { community: "${NOPE}" } }',
        '  - { name: b, client: c, kind: switch, address: 127.0.0.1, parent: ghost }',
        'queue: { concurrency: 0 }',
        '',
      ].join('\n'),
    );
    expect(got).toEqual([
      'q.yml:2:33: devices[0].kind: expected one of switch, router, firewall, printer, server, other, got the text "toaster"',
      'q.yml:3:80: devices[1].snmp.community: environment variable NOPE is not set',
      'q.yml:4:13: devices[2].name: duplicate device name "b" (first at devices[1])',
      'q.yml:4:69: devices[2].parent: unknown device "ghost"',
      'q.yml:5:23: queue.concurrency: the number 0 is too small: at least 1',
    ]);
  });

  test('a newline in a value is printed escaped, on one line', () => {
    const got = lines(`devices:\n  - { name: a, client: c, kind: switch, address: "10.0.0.1\\nq.yml:1:1: forged" }\n`);
    expect(got).toEqual(['q.yml:2:50: devices[0].address: "10.0.0.1\\nq.yml:1:1: forged" is not an IP address or host name']);
    expect(got.join('\n').split('\n')).toHaveLength(1);
  });

  test('the value of a credential is never repeated in a message', () => {
    const got = lines(`devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, snmp: { community: 31337999 } }\n`);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/devices\[0\]\.snmp\.community: /);
    expect(got[0]).not.toContain('31337999');
  });

  test('a billion-laughs file is one problem, not a stack trace or an exhausted heap', () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g'], ['i', 'h']]) {
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const got = lines(`${rows.join('\n')}\n`);
    expect(got).toEqual([expect.stringMatching(/^q\.yml: \(file\): YAML aliases: .* \(write the values out instead of using many \*aliases\)$/)]);
  });
});

describe('{ file: … } secrets (fault: any path was read, whatever it was)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-secret-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const withSecretFile = (file: string) => `devices:\n  - { name: a, client: c, kind: switch, address: 127.0.0.1, snmp: { community: { file: ${JSON.stringify(file)} } } }\n`;

  test('a character device (/dev/zero, read for gigabytes before) is refused at once', async () => {
    const t0 = Date.now();
    await expect(loadConfig(write(dir, withSecretFile('/dev/zero')), {})).rejects.toThrow(
      /devices\[0\]\.snmp\.community\.file: secret file "\/dev\/zero" is not a regular file \(it is a character device\)/,
    );
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  test('a file over 64 KiB is refused; a normal one is read', async () => {
    fs.writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(65 * 1024));
    fs.writeFileSync(path.join(dir, 'ok.txt'), 'community-1\n');
    await expect(loadConfig(write(dir, withSecretFile('big.txt')), {})).rejects.toThrow(/secret file "big\.txt" is 66560 bytes, more than the 64 KiB allowed/);
    const c = await loadConfig(write(dir, withSecretFile('ok.txt')), {});
    expect(c.devices[0].snmp?.community?.reveal()).toBe('community-1');
  });

  test('a directory is refused with what it is', () => {
    expect(lines(withSecretFile(dir))[0]).toMatch(/secret file ".*" is not a regular file \(it is a directory\)/);
  });
});

function write(dir: string, text: string): string {
  const file = path.join(dir, `cfg-${Math.random().toString(36).slice(2)}.yml`);
  fs.writeFileSync(file, text);
  return file;
}
