/**
 * The demo's RouterOS API side: the bundled lab (as `run` starts it from config/quarkpulse.yml) and
 * `quarkpulse simulate --routeros-port` serve a simulated MikroTik that the real probes read over
 * loopback: resources and every kind of health sensor the RouterOS dashboard shows, counters and
 * uptime that move between polls, the configured login only, and a clean config export.
 */
import { defaultConfigOnFreePorts } from '../helpers/default-config';
import * as dgram from 'node:dgram';
import * as path from 'node:path';
import { runSimulate } from '../../src/commands/simulate';
import { Secret } from '../../src/config/secret';
import type { DeviceTarget } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import { createRouterosBackupProbe, createRouterosProbe } from '../../src/probes/routeros/index';
import { runProbe } from '../../src/probes/runner';
import type { ProbeResult } from '../../src/probes/types';
import { labRecordingsDir, startLabIfConfigured } from '../../src/simulate/lab';
import { loadRouterosFixture } from '../../src/simulate/routeros/fixture';
import { interfaceRate } from '../../src/simulate/routeros/live';
import { LAB_ROUTEROS_LOGIN, LAB_ROUTEROS_SUBDIR, listLabRouterosFiles } from '../../src/simulate/routeros/lab';
import { startRouterosApiServer } from '../../src/simulate/routeros/server';
import { freeTcpPort, freeUdpPort } from '../helpers/ports';
import { deviceTarget } from '../helpers/targets';

jest.setTimeout(30_000);

const LAB_ROUTEROS = path.join(labRecordingsDir(), LAB_ROUTEROS_SUBDIR);
const LAB_ROUTER = path.join(LAB_ROUTEROS, 'lab-router.json');

const sample = (r: ProbeResult, name: string, labels: Record<string, string> = {}) =>
  r.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

/** A device read over the API only (no SNMP): interfaces and uptime then come from the API too. */
function apiTarget(port: number, password: string = LAB_ROUTEROS_LOGIN.password): DeviceTarget {
  return deviceTarget('lab-router', { kind: 'router', snmp: undefined, routeros: { port, username: LAB_ROUTEROS_LOGIN.username, password: new Secret(password), tls: false } });
}

const poll = (t: DeviceTarget) => runProbe(createRouterosProbe(), t, { logger: silentLogger, deadlineMs: 10_000 });

test('the lab files: one per device, each a valid fixture', () => {
  const files = listLabRouterosFiles(LAB_ROUTEROS);
  expect(files.map((f) => f.device)).toEqual(['lab-router']);
  for (const f of files) expect(() => loadRouterosFixture(f.file)).not.toThrow();
});

test('the default config reads lab-router over the API from the lab it starts (ports moved aside for the test)', async () => {
  const config = await defaultConfigOnFreePorts();
  const withApi = config.devices.filter((d) => d.routeros);
  expect(withApi.map((d) => d.name)).toEqual(['lab-router']);
  const lab = await startLabIfConfigured(config, silentLogger);
  try {
    expect(lab?.routeros).toHaveLength(1);
    const router = withApi[0]!;
    const r = await poll(router);
    expect(r.error).toBeUndefined();
    expect(r.samples).toContainEqual({ name: 'quarkpulse_routeros_info', labels: { identity: 'lab-router', version: '7.13.5 (stable)', board_name: 'RB4011iGS+', architecture: 'arm' }, value: 1 });
    // Every panel of the RouterOS dashboard has a series from the lab router.
    for (const metric of [
      'quarkpulse_routeros_cpu_count',
      'quarkpulse_routeros_cpu_load_ratio',
      'quarkpulse_routeros_memory_free_bytes',
      'quarkpulse_routeros_memory_total_bytes',
      'quarkpulse_routeros_storage_free_bytes',
      'quarkpulse_routeros_storage_total_bytes',
      'quarkpulse_routeros_temperature_celsius',
      'quarkpulse_routeros_voltage_volts',
      'quarkpulse_routeros_current_amperes',
      'quarkpulse_routeros_power_watts',
      'quarkpulse_routeros_fan_speed_rpm',
    ]) {
      expect([metric, sample(r, metric) !== undefined]).toEqual([metric, true]);
    }
    // lab-router's interfaces and uptime come from SNMP: not doubled by the API.
    expect(r.samples.filter((s) => s.name.startsWith('quarkpulse_interface_'))).toEqual([]);
    // Only the configured login gets in.
    const wrong = await poll({ ...router, routeros: { ...router.routeros!, password: new Secret('not-the-lab-password') } });
    expect(wrong.error).toEqual({ kind: 'auth', message: `127.0.0.1:${router.routeros!.port}: login refused (invalid user name or password)` });
    const otherUser = await poll({ ...router, routeros: { ...router.routeros!, username: 'admin' } });
    expect(otherUser.error?.kind).toBe('auth');
  } finally {
    await lab?.close();
  }
});

test('counters and uptime move between polls (rates are not zero), stopped interfaces stay put', async () => {
  let clock = 1_000_000;
  const fixture = loadRouterosFixture(LAB_ROUTER);
  const server = await startRouterosApiServer({ fixture, ...LAB_ROUTEROS_LOGIN, now: () => clock });
  try {
    const t = apiTarget(server.port);
    const first = await poll(t);
    expect(first.error).toBeUndefined();
    const ether1 = fixture.commands['/interface/print']!.find((r) => r['name'] === 'ether1')!;
    // The first answer is the fixture as written.
    expect(sample(first, 'quarkpulse_interface_receive_bytes_total', { name: 'ether1' })).toBe(Number(ether1['rx-byte']));
    clock += 30_000;
    const second = await poll(t);
    const moved = (name: string, metric: string) => sample(second, metric, { name })! - sample(first, metric, { name })!;
    expect(moved('ether1', 'quarkpulse_interface_receive_bytes_total')).toBe(30 * interfaceRate('ether1', 'rx'));
    expect(moved('ether1', 'quarkpulse_interface_transmit_bytes_total')).toBe(30 * interfaceRate('ether1', 'tx'));
    expect(moved('pppoe-out1', 'quarkpulse_interface_receive_bytes_total')).toBeGreaterThan(0);
    // Not running (ether3) or disabled (ether4): no traffic.
    expect(moved('ether3', 'quarkpulse_interface_receive_bytes_total')).toBe(0);
    expect(moved('ether4', 'quarkpulse_interface_transmit_bytes_total')).toBe(0);
    expect(sample(second, 'quarkpulse_device_uptime_seconds')! - sample(first, 'quarkpulse_device_uptime_seconds')!).toBe(30);
    // Errors and discards do not move: the lab has no faults to show.
    expect(moved('ether1', 'quarkpulse_interface_receive_errors_total')).toBe(0);
  } finally {
    await server.close();
  }
});

test('faults are injected through the explicit API, and cleared again', async () => {
  const server = await startRouterosApiServer({ fixture: loadRouterosFixture(LAB_ROUTER), ...LAB_ROUTEROS_LOGIN });
  try {
    server.injectFault('/system/resource/print', { kind: 'trap', message: 'not enough permissions (9)' });
    expect((await poll(apiTarget(server.port))).error?.kind).toBe('auth');
    server.clearFaults();
    expect((await poll(apiTarget(server.port))).success).toBe(true);
    expect(server.connectionsAccepted()).toBe(2);
    // The probe closed its sessions; the server sees them go.
    for (let k = 0; k < 100 && server.openConnections() > 0; k++) await new Promise((r) => setTimeout(r, 10));
    expect(server.openConnections()).toBe(0);
  } finally {
    await server.close();
  }
});

test('quarkpulse simulate --routeros-port serves every lab RouterOS file, login monitoring/lab-api, with a clean export', async () => {
  const routerosPort = await freeTcpPort();
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (stop = r));
  const running = runSimulate({ recordings: labRecordingsDir(), port: await freeUdpPort(), host: '127.0.0.1', routerosPort }, { logger: silentLogger, stop: stopped });
  try {
    for (const [i, f] of listLabRouterosFiles(LAB_ROUTEROS).entries()) {
      const t = deviceTarget(f.device, { kind: 'router', snmp: undefined, routeros: { port: routerosPort + i, username: 'monitoring', password: new Secret('lab-api'), tls: false } });
      // Poll until the server for this port is up (the SNMP agent starts first).
      let r = await poll(t);
      for (let k = 0; k < 20 && r.error?.kind === 'unreachable'; k++) {
        await new Promise((res) => setTimeout(res, 100));
        r = await poll(t);
      }
      expect(r.error).toBeUndefined();
      expect(sample(r, 'quarkpulse_routeros_info')).toBe(1);
      const backup = await runProbe(createRouterosBackupProbe(), t, { logger: silentLogger, deadlineMs: 10_000 });
      expect(backup.error).toBeUndefined();
      expect(backup.config?.leak).toBeUndefined();
      expect(backup.config?.text).toContain(`/system identity\nset name=${f.device}\n`);
      // Dynamic items (the PPPoE address, connected routes) stay out.
      expect(backup.config?.text).not.toContain('198.51.100.77');
      expect(backup.config?.text).toContain('add dst-address=10.9.0.0/24 gateway=192.0.2.1');
    }
  } finally {
    stop();
    expect(await running).toBe(0);
  }
});

test('simulate refuses a RouterOS port in use with a UserError and leaves nothing listening', async () => {
  const taken = await startRouterosApiServer({ fixture: loadRouterosFixture(LAB_ROUTER), ...LAB_ROUTEROS_LOGIN });
  try {
    const snmpPort = await freeUdpPort();
    await expect(runSimulate({ recordings: labRecordingsDir(), port: snmpPort, host: '127.0.0.1', routerosPort: taken.port }, { logger: silentLogger })).rejects.toThrow(
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${taken.port}\\+/tcp for the RouterOS API devices: EADDRINUSE`),
    );
    // The SNMP agent it had started is closed again: its port can be bound.
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(snmpPort, '127.0.0.1', resolve);
    });
    socket.close();
  } finally {
    await taken.close();
  }
});
