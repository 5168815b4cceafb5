/**
 * The RouterOS API probes against a loopback server speaking the API wire protocol, with answers
 * modelled on a RB5009 (RouterOS 7.20) and a hEX (RouterOS 6.49). Every failure must be one
 * clear line with the right kind, nothing may escape as an unhandled rejection or exception, and
 * the runner's deadline must close the connection.
 */
import * as net from 'node:net';
import { Secret } from '../../src/config/secret';
import type { DeviceTarget } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import { createRouterosBackupProbe, createRouterosProbe } from '../../src/probes/routeros/index';
import { builtinProbeRegistry } from '../../src/probes/registry';
import { runProbe } from '../../src/probes/runner';
import type { ProbeResult } from '../../src/probes/types';
import { loadRouterosFixture, startRouterosApiServer, type Fault, type RouterosServer } from '../helpers/routeros-api-server';
import { deviceTarget, snmpSettings } from '../helpers/targets';

const PASSWORD = 'Ap1-s3cret!x';

function target(port: number, overrides: Partial<DeviceTarget> = {}): DeviceTarget {
  return deviceTarget('hq-rb5009', {
    kind: 'router',
    snmp: undefined,
    routeros: { port, username: 'monitoring', password: new Secret(PASSWORD), tls: false },
    ...overrides,
  });
}

const servers: RouterosServer[] = [];
async function serve(fixture: string, faults: Record<string, Fault> = {}): Promise<RouterosServer> {
  const s = await startRouterosApiServer({ fixture: loadRouterosFixture(fixture), username: 'monitoring', password: PASSWORD, faults });
  servers.push(s);
  return s;
}

const escaped: unknown[] = [];
const onEscape = (err: unknown) => escaped.push(err);
beforeAll(() => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
});
afterAll(async () => {
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
  await Promise.all(servers.map((s) => s.close()));
});
afterEach(() => {
  expect(escaped).toEqual([]);
});

function run(kind: 'routeros' | 'routeros_backup', t: DeviceTarget, deadlineMs = 5_000): Promise<ProbeResult> {
  const probe = kind === 'routeros' ? createRouterosProbe() : createRouterosBackupProbe();
  return runProbe(probe, t, { logger: silentLogger, deadlineMs });
}

const sample = (r: ProbeResult, name: string, labels: Record<string, string> = {}) =>
  r.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('routeros probe (health and traffic)', () => {
  it('reads resource, health and interface counters of a RouterOS 7 device', async () => {
    const server = await serve('rb5009');
    const r = await run('routeros', target(server.port));
    expect(r.error).toBeUndefined();
    expect(r.success).toBe(true);
    expect(r.samples).toContainEqual({ name: 'quarkpulse_routeros_info', labels: { identity: 'hq-rb5009', version: '7.20.6 (stable)', board_name: 'RB5009UPr+S+', architecture: 'arm64' }, value: 1 });
    expect(sample(r, 'quarkpulse_routeros_cpu_load_ratio')).toBeCloseTo(0.05);
    expect(sample(r, 'quarkpulse_routeros_memory_total_bytes')).toBe(1073741824);
    expect(sample(r, 'quarkpulse_routeros_memory_free_bytes')).toBe(869859328);
    expect(sample(r, 'quarkpulse_device_uptime_seconds')).toBe(3 * 604800 + 2 * 86400 + 4 * 3600 + 12 * 60 + 7);
    expect(sample(r, 'quarkpulse_routeros_temperature_celsius', { sensor: 'cpu-temperature' })).toBe(50);
    expect(sample(r, 'quarkpulse_routeros_voltage_volts', { sensor: 'jack-voltage' })).toBeCloseTo(49.3);
    expect(sample(r, 'quarkpulse_routeros_power_watts', { sensor: 'poe-out-consumption' })).toBeCloseTo(17.6);
    expect(r.samples.filter((s) => s.labels['sensor'] === 'psu1-state')).toEqual([]);
    // ifindex = the interface's internal id, as RouterOS numbers ifIndex (ether1 is *2 → 2).
    expect(sample(r, 'quarkpulse_interface_receive_bytes_total', { ifindex: '2', name: 'ether1' })).toBe(5892696685);
    expect(sample(r, 'quarkpulse_interface_transmit_bytes_total', { ifindex: '9', name: 'ether8' })).toBe(43669555214);
    expect(sample(r, 'quarkpulse_interface_oper_up', { name: 'sfp-sfpplus1' })).toBe(0);
    expect(sample(r, 'quarkpulse_interface_admin_up', { name: 'sfp-sfpplus1' })).toBe(1);
    expect(r.samples).toContainEqual({ name: 'quarkpulse_interface_info', labels: { ifindex: '2', name: 'ether1', descr: 'ether1', alias: 'wan: uplink', type: 'ethernetCsmacd' }, value: 1 });
    expect(await server.waitAllClosed()).toBe(true);
  });

  it('reads a RouterOS 6 device (health as one row, uptime with a clock part, no !empty)', async () => {
    const server = await serve('hex-v6');
    const r = await run('routeros', target(server.port));
    expect(r.success).toBe(true);
    expect(sample(r, 'quarkpulse_routeros_voltage_volts', { sensor: 'voltage' })).toBeCloseTo(24.3);
    expect(sample(r, 'quarkpulse_routeros_temperature_celsius', { sensor: 'temperature' })).toBe(38);
    expect(sample(r, 'quarkpulse_device_uptime_seconds')).toBe(2 * 604800 + 6 * 86400 + 21 * 3600 + 15 * 60 + 45);
    expect(sample(r, 'quarkpulse_interface_admin_up', { name: 'ether3' })).toBe(0);
    expect(sample(r, 'quarkpulse_interface_info', { name: 'Vlan51', type: 'l2vlan', ifindex: '12' })).toBe(1);
  });

  it('leaves interface and uptime series to SNMP when SNMP polls them, so no counter is doubled', async () => {
    const server = await serve('rb5009');
    const t = target(server.port, { snmp: snmpSettings({ modules: ['system', 'interfaces'] }) });
    const r = await run('routeros', t);
    expect(r.success).toBe(true);
    expect(r.samples.filter((s) => s.name.startsWith('quarkpulse_interface_') || s.name === 'quarkpulse_device_uptime_seconds')).toEqual([]);
    expect(server.sentences.map((w) => w[0])).not.toContain('/interface/print');
  });

  it('logs in with name and password (post-6.43 login) and never sends the password elsewhere', async () => {
    const server = await serve('rb5009');
    await run('routeros', target(server.port));
    const login = server.sentences[0]!;
    expect(login[0]).toBe('/login');
    expect(login).toEqual(expect.arrayContaining(['=name=monitoring', `=password=${PASSWORD}`]));
    expect(server.sentences.slice(1).flat().join('\n')).not.toContain(PASSWORD);
  });

  it('tolerates a device without /system/health (a trap "no such command"): no health series, still a success', async () => {
    const server = await serve('rb5009', { '/system/health/print': { kind: 'trap', message: 'no such command prefix' } });
    const r = await run('routeros', target(server.port));
    expect(r.success).toBe(true);
    expect(r.samples.filter((s) => s.labels['sensor'] !== undefined)).toEqual([]);
  });

  it('a wrong password: failure kind auth (not retried), one line naming the device', async () => {
    const server = await serve('rb5009');
    const r = await run('routeros', target(server.port, { routeros: { port: server.port, username: 'monitoring', password: new Secret('wrong'), tls: false } }));
    expect(r.success).toBe(false);
    expect(r.error).toEqual({ kind: 'auth', message: `127.0.0.1:${server.port}: login refused (invalid user name or password)` });
    expect(await server.waitAllClosed()).toBe(true);
  });

  it('another trap to /login is auth too, with the device message', async () => {
    const server = await serve('rb5009', { '/login': { kind: 'trap', message: 'not allowed (9)' } });
    const r = await run('routeros', target(server.port));
    expect(r.error).toEqual({ kind: 'auth', message: `127.0.0.1:${server.port}: login refused: not allowed (9)` });
  });

  it('a trap to a command: protocol failure naming the command and the message', async () => {
    const server = await serve('rb5009', { '/interface/print': { kind: 'trap', message: 'failure: interface list not ready' } });
    const r = await run('routeros', target(server.port));
    expect(r.error).toEqual({ kind: 'protocol', message: '/interface/print: device answered !trap: failure: interface list not ready' });
    expect(await server.waitAllClosed()).toBe(true);
  });

  it('a missing right (not enough permissions) is auth', async () => {
    const server = await serve('rb5009', { '/system/resource/print': { kind: 'trap', message: 'not enough permissions (9)' } });
    const r = await run('routeros', target(server.port));
    expect(r.error?.kind).toBe('auth');
  });

  it('a connection dropped in the middle of a command: unreachable, without waiting for the deadline', async () => {
    const server = await serve('rb5009', { '/interface/print': { kind: 'drop' } });
    const started = Date.now();
    const r = await run('routeros', target(server.port), 10_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.error).toEqual({ kind: 'unreachable', message: `127.0.0.1:${server.port}: the device closed the connection` });
  });

  it('a connection dropped during login: unreachable (node-routeros alone would never settle)', async () => {
    const server = await serve('rb5009', { '/login': { kind: 'drop' } });
    const started = Date.now();
    const r = await run('routeros', target(server.port), 10_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.error?.kind).toBe('unreachable');
  });

  it('!fatal from the device: unreachable, saying the device ended the session', async () => {
    const server = await serve('rb5009', { '/system/resource/print': { kind: 'fatal', message: 'session terminated on request' } });
    const r = await run('routeros', target(server.port));
    expect(r.error).toEqual({ kind: 'unreachable', message: `127.0.0.1:${server.port}: the device ended the API session (!fatal)` });
  });

  it('a closed port: unreachable, connection refused', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const r = await run('routeros', target(port));
    expect(r.error).toEqual({ kind: 'unreachable', message: `127.0.0.1:${port}: connection refused` });
  });

  it('something else on the port (HTTP): protocol, at once', async () => {
    const server = await serve('rb5009', { '/login': { kind: 'garbage' } });
    const started = Date.now();
    const r = await run('routeros', target(server.port), 10_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.error).toEqual({ kind: 'protocol', message: `127.0.0.1:${server.port}: not a RouterOS API answer (is this the API port?)` });
  });

  it('a reply word no RouterOS sends: protocol, and the process does not crash', async () => {
    const server = await serve('rb5009', { '/system/identity/print': { kind: 'unknown-word' } });
    const r = await run('routeros', target(server.port), 10_000);
    expect(r.error?.kind).toBe('protocol');
    expect(r.error?.message).toMatch(/unreadable API answer \(Tried to process unknown reply: !bogus\)/);
  });

  it('a device that never answers: the runner deadline ends the run and closes the connection', async () => {
    const server = await serve('rb5009', { '/interface/print': { kind: 'silent' } });
    const r = await run('routeros', target(server.port), 700);
    expect(r.error).toEqual({ kind: 'timeout', message: `127.0.0.1:${server.port}: no answer before the probe deadline` });
    expect(await server.waitAllClosed()).toBe(true);
  });
});

describe('routeros_backup probe (config export over the API)', () => {
  it('exports the main menus as text: configuration only, no counters, no dynamic items, no credentials', async () => {
    const server = await serve('rb5009');
    const r = await run('routeros_backup', target(server.port));
    expect(r.error).toBeUndefined();
    expect(r.config?.profile).toBe('routeros_api');
    expect(r.samples).toEqual([{ name: 'quarkpulse_config_backup_success', labels: {}, value: 1 }]);
    const text = r.config!.text;
    expect(text).toContain('/system identity\nset name=hq-rb5009\n');
    expect(text).toContain('add name=ether1 type=ether mtu=1500 comment="wan: uplink"\n');
    expect(text).toContain('/ip address\nadd address=192.168.88.1/24 network=192.168.88.0 interface=bridge comment=defconf\nadd address=10.20.0.1/30 network=10.20.0.0 interface=wg\n/ip route\n');
    expect(text).toContain('add dst-address=10.30.0.0/16 gateway=10.20.0.2 distance=1 scope=30 target-scope=10 routing-table=main comment="branch-2 via wireguard"\n');
    expect(text).toContain('add chain=input action=drop in-interface-list=!LAN log=no log-prefix="" comment="defconf: drop all not coming from LAN"\n');
    expect(text).toContain('/user\nadd name=admin group=full address="" comment="system default user"\nadd name=monitoring group=read address=192.168.88.0/24\n');
    // Dynamic: the DHCP address, connected and DHCP routes, the PPPoE session, the fasttrack dummy rule.
    for (const gone of ['203.0.113.45', '0.0.0.0/0', 'pppoe-guest', 'dummy rule']) expect(text).not.toContain(gone);
    // Run-time state that would make a new version on every fetch.
    for (const gone of ['bytes=', 'packets=', 'rx-byte', 'running=', 'last-logged-in', 'last-link-up-time', 'link-downs', '.id=']) expect(text).not.toContain(gone);
    expect(text).not.toContain('kMx9QvY0s2hZ3e7Rb1pW8nT4uA6cL5dF0gH2jK7mN1o=');
    expect(text).not.toContain(PASSWORD);
    // Routes are filtered on the device, not downloaded whole.
    expect(server.sentences.find((w) => w[0] === '/ip/route/print')).toContain('?dynamic=false');
  });

  it('the same device twice gives the same text (nothing volatile)', async () => {
    const server = await serve('rb5009');
    const a = await run('routeros_backup', target(server.port));
    const b = await run('routeros_backup', target(server.port));
    expect(a.config?.text).toBe(b.config?.text);
  });

  it('an empty menu answered with !empty (RouterOS 7.18+) and with !done alone (6.x) both export the menu header', async () => {
    const fixture = loadRouterosFixture('rb5009');
    fixture.commands['/ip/firewall/nat/print'] = [];
    const emptyNat = await startRouterosApiServer({ fixture, username: 'monitoring', password: PASSWORD });
    servers.push(emptyNat);
    const r7 = await run('routeros_backup', target(emptyNat.port));
    expect(r7.success).toBe(true);
    expect(r7.config!.text).toContain('/ip firewall nat\n/user\n');
    const v6 = await serve('hex-v6');
    const r6 = await run('routeros_backup', target(v6.port));
    expect(r6.config!.text).toContain('/ip firewall filter\n/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1 log=no log-prefix=""\n');
  });

  it('a failed export: failure with one line, backup_success 0, no config', async () => {
    const server = await serve('rb5009', { '/ip/firewall/filter/print': { kind: 'drop' } });
    const r = await run('routeros_backup', target(server.port));
    expect(r.success).toBe(false);
    expect(r.config).toBeUndefined();
    expect(r.samples).toEqual([{ name: 'quarkpulse_config_backup_success', labels: {}, value: 0 }]);
    expect(r.error).toEqual({ kind: 'unreachable', message: `127.0.0.1:${server.port}: the device closed the connection` });
  });
});

describe('routeros in the probe registry', () => {
  it('routeros counts for availability at the SNMP interval; routeros_backup never, at the backup interval, only without ssh', () => {
    const t = target(8728);
    expect(builtinProbeRegistry.configuredKinds(t)).toEqual(['icmp', 'routeros', 'routeros_backup']);
    expect(builtinProbeRegistry.countsForAvailability('routeros')).toBe(true);
    expect(builtinProbeRegistry.countsForAvailability('routeros_backup')).toBe(false);
    expect(builtinProbeRegistry.intervalMs(t, 'routeros')).toBe(t.intervalsMs.snmp);
    expect(builtinProbeRegistry.intervalMs(t, 'routeros_backup')).toBe(t.intervalsMs.backup);
    const withSsh = target(8728, { ssh: { profile: 'routeros', port: 22, username: 'backup', password: new Secret('x') } });
    expect(builtinProbeRegistry.configuredKinds(withSsh)).toEqual(['icmp', 'routeros', 'ssh']);
    expect(JSON.stringify(builtinProbeRegistry.get('routeros')!.settingsView(t))).toBe('{"port":8728,"tls":false}');
  });
});
