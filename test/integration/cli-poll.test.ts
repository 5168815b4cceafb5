/**
 * `npx quarkpulse poll --once` against `quarkpulse simulate` serving all 25 recordings, both as
 * real processes: valid exposition text (promtool) with every device's series, and a device
 * behind a closed port failing alone within its timeout.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXPECTED_RECORDINGS } from '../expected/recordings';
import { runCli } from '../helpers/cli';
import { freeUdpPort } from '../helpers/ports';
import { BIN, runTool } from '../helpers/prom-stack';
import { recordingNames } from '../helpers/recordings';
import { describeWith } from '../helpers/requires';
import { startSimulateCommand } from '../helpers/simulate-command';

let simulator: ChildProcess | undefined;
let port: number;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-poll-'));
  port = await freeUdpPort();
  simulator = await startSimulateCommand(port);
}, 30_000);

afterAll(async () => {
  simulator?.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeConfig(extra: string[] = []): string {
  const lines = ['defaults:', '  icmp: { enabled: false }', '  snmp: { timeout: 1s, retries: 1 }', 'devices:'];
  for (const name of recordingNames()) {
    lines.push(`  - { name: "${name}", client: lab, kind: ${EXPECTED_RECORDINGS[name].kind}, address: 127.0.0.1, snmp: { community: "${name}", port: ${port} } }`);
  }
  lines.push(...extra);
  const file = path.join(dir, `q-${extra.length}.yml`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** name{labels} value lines → the set of device names that have `metric` with value `value`. */
function devicesWith(text: string, metric: string, value: string, extra = ''): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) || !line.endsWith(` ${value}`) || !line.includes(extra)) continue;
    const m = /device="([^"]+)"/.exec(line);
    if (m) out.add(m[1]);
  }
  return out;
}

describeWith(['promtool'], 'quarkpulse poll --once against quarkpulse simulate (all 25 recordings)', () => {
  test('valid exposition text with every device series; a dead device fails alone within its timeout', async () => {
    const deadPort = await freeUdpPort();
    const file = writeConfig([`  - { name: dead, client: lab, kind: switch, address: 127.0.0.1, snmp: { community: x, port: ${deadPort}, timeout: 500ms, retries: 1 } }`]);
    const t0 = Date.now();
    const r = await runCli(['poll', '--config', file, '--once'], { timeoutMs: 60_000 });
    const seconds = (Date.now() - t0) / 1000;
    expect(r.code).toBe(0);
    const names = recordingNames();
    expect(devicesWith(r.stdout, 'quarkpulse_probe_success', '1', 'probe="snmp"')).toEqual(new Set(names));
    expect(devicesWith(r.stdout, 'quarkpulse_device_up', '1')).toEqual(new Set(names));
    expect(devicesWith(r.stdout, 'quarkpulse_device_info', '1')).toEqual(new Set(names));
    expect(devicesWith(r.stdout, 'quarkpulse_probe_success', '0', 'probe="snmp"')).toEqual(new Set(['dead']));
    expect(devicesWith(r.stdout, 'quarkpulse_device_up', '0')).toEqual(new Set(['dead']));
    // The runner times every probe kind alike: a real, non-zero SNMP duration for every device.
    const durations = [...r.stdout.matchAll(/^quarkpulse_probe_duration_seconds\{[^}]*probe="snmp"[^}]*\} (\S+)$/gm)].map((m) => Number(m[1]));
    expect(durations).toHaveLength(names.length + 1);
    for (const d of durations) expect(d).toBeGreaterThan(0);
    // Printers have supplies, switches have interfaces: spot-check that real data made it through.
    expect(devicesWith(r.stdout, 'quarkpulse_printer_supply_level', '-3').has('brother')).toBe(true);
    expect(r.stdout).toMatch(/quarkpulse_printer_error\{client="lab",device="sharp",condition="low_toner"\} 1/);
    expect(devicesWith(r.stdout, 'quarkpulse_interface_oper_up', '1').has('junos_qfx5130-32cd-evo')).toBe(true);
    // The dead device costs its own timeout (2 tries × 500 ms), not everyone's.
    expect(seconds).toBeLessThan(15);

    // promtool parses the exposition; its only lint remark may be about the contract-fixed name
    // quarkpulse_interface_speed_bits_per_second ("use base unit bytes"), which we may not rename.
    const promtool = await runTool(BIN.promtool, ['check', 'metrics'], r.stdout);
    const remarks = promtool.output.split('\n').filter((l) => l.trim() !== '');
    expect(remarks.filter((l) => !l.startsWith('quarkpulse_interface_speed_bits_per_second use base unit'))).toEqual([]);
    expect([0, 3]).toContain(promtool.code);
  }, 90_000);

  test('--device selects devices; an unknown one is a usage error (exit 2)', async () => {
    const file = writeConfig();
    const r = await runCli(['poll', '--config', file, '--once', '--device', 'sharp', '--device', 'xerox']);
    expect(r.code).toBe(0);
    expect(devicesWith(r.stdout, 'quarkpulse_device_up', '1')).toEqual(new Set(['sharp', 'xerox']));
    const bad = await runCli(['poll', '--config', file, '--once', '--device', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--device: unknown device "nope" (not in the config)');
  }, 60_000);
});
