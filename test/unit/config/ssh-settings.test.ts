import { ConfigError } from '../../../src/config/types';
import { parseConfig } from '../../../src/inventory/load';

const device = (ssh: string) => `devices:\n  - { name: sw1, client: acme, kind: switch, address: 127.0.0.1, ssh: ${ssh} }\n`;

function problemsOf(yaml: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(yaml, '/cfg/q.yml', env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
}

describe('ssh: settings', () => {
  test('every key reaches the target, secrets resolved, defaults applied', () => {
    const yaml = device(
      `{ profile: linux, username: backup, private_key: "\${KEY}", passphrase: "\${PASS}", enable_password: en, mode: shell, prompt: '^srv\\S*[$#] ?$', files: [/etc/hosts], commands: [uptime], legacy_algorithms: true, connect_timeout: 5s, command_timeout: 1m }`,
    );
    const ssh = parseConfig(yaml, '/cfg/q.yml', { KEY: 'key-text', PASS: 'pass-text' }).devices[0]?.ssh;
    expect(ssh).toMatchObject({ profile: 'linux', port: 22, username: 'backup', mode: 'shell', prompt: '^srv\\S*[$#] ?$', files: ['/etc/hosts'], commands: ['uptime'], legacyAlgorithms: true, connectTimeoutMs: 5_000, commandTimeoutMs: 60_000 });
    expect(ssh?.privateKey?.reveal()).toBe('key-text');
    expect(ssh?.passphrase?.reveal()).toBe('pass-text');
    expect(ssh?.enablePassword?.reveal()).toBe('en');
    expect(JSON.stringify(ssh)).not.toMatch(/key-text|pass-text|"en"/);
  });

  test.each([
    ['{ profile: cisco_ios, username: b }', 'devices[0].ssh: needs password or private_key'],
    ['{ profile: routeros_api, username: b, password: p }', 'devices[0].ssh.profile: expected one of cisco_ios, cisco_nxos, cisco_asa, aruba_aoscx, hp_procurve, junos, routeros, fortios, panos, pfsense, linux, custom, got the text "routeros_api"'],
    ['{ profile: custom, username: b, password: p }', 'devices[0].ssh.commands: profile custom needs `commands`'],
    ['{ profile: junos, username: b, password: p, files: [/etc/hosts] }', 'devices[0].ssh.files: only the linux profile reads files'],
    ['{ profile: linux, username: b, password: p, files: [etc/hosts] }', 'devices[0].ssh.files[0]: expected an absolute path without quotes, got the text "etc/hosts"'],
    ['{ profile: junos, username: b, password: p, passphrase: x }', 'devices[0].ssh.passphrase: a passphrase needs `private_key`'],
    ['{ profile: junos, username: b, password: p, prompt: "([" }', 'devices[0].ssh.prompt: not a valid regular expression'],
    ['{ profile: junos, username: b, password: p, mode: telnet }', 'devices[0].ssh.mode: expected exec or shell, got the text "telnet"'],
  ])('%s → %s', (ssh, problem) => {
    expect(problemsOf(device(ssh)).map((p) => p.replace(/ \(line \d+\)$/, ''))).toContain(problem);
  });
});
