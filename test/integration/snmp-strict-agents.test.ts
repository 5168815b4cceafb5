/**
 * Debian's snmpsimd with its DEFAULT limit (64 varbinds per answer; snmpsim 0.4.5 never answers a
 * larger multi-column GETBULK and spins at 100 % CPU on it) serving all 25 recordings: one
 * `quarkpulse poll --once` must give the same series as against the lenient agent (`quarkpulse
 * simulate`), and snmpsimd must stay idle afterwards (its CPU time from /proc/<pid>/stat).
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXPECTED_RECORDINGS } from '../expected/recordings';
import { runCli } from '../helpers/cli';
import { freeUdpPort } from '../helpers/ports';
import { recordingNames, recordingsDir } from '../helpers/recordings';
import { processCpuSeconds, startSnmpsimd, type AgentProcess } from '../../bench/snmp-agents';
import { describeWith } from '../helpers/requires';
import { startSimulateCommand } from '../helpers/simulate-command';

const NAMES = recordingNames();

/** Series that depend on the run, not on the device data: timings and the poller's own counters. */
const RUN_DEPENDENT = /^quarkpulse_(probe_duration_seconds|snmp_(requests|retries|timeouts|varbinds|request_varbinds|request_shrinks)|last_poll|scrape)/;

function series(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('quarkpulse_') && !RUN_DEPENDENT.test(l))
    .sort();
}

function writeConfig(dir: string, port: number, label: string): string {
  const lines = ['defaults:', '  icmp: { enabled: false }', '  snmp: { timeout: 2s, retries: 1 }', 'devices:'];
  for (const name of NAMES) {
    lines.push(`  - { name: "${name}", client: lab, kind: ${EXPECTED_RECORDINGS[name].kind}, address: 127.0.0.1, snmp: { community: "${name}", port: ${port} } }`);
  }
  const file = path.join(dir, `${label}.yml`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describeWith(['snmpsimd'], 'poll --once against snmpsimd at its default limit', () => {
  let snmpsimd: AgentProcess;
  let simulator: ChildProcess | undefined;
  let simPort: number;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-strict-'));
    snmpsimd = await startSnmpsimd(recordingsDir(), NAMES);
    simPort = await freeUdpPort();
    simulator = await startSimulateCommand(simPort);
  }, 60_000);

  afterAll(async () => {
    simulator?.kill('SIGTERM');
    await snmpsimd?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the same series as against the lenient agent; snmpsimd never spins', async () => {
    const lenient = await runCli(['poll', '--config', writeConfig(dir, simPort, 'lenient'), '--once'], { timeoutMs: 120_000 });
    expect(lenient.code).toBe(0);

    const cpuBefore = processCpuSeconds(snmpsimd.pid);
    const t0 = Date.now();
    const strict = await runCli(['poll', '--config', writeConfig(dir, snmpsimd.port, 'strict'), '--once'], { timeoutMs: 120_000 });
    const pollSeconds = (Date.now() - t0) / 1000;
    expect(strict.code).toBe(0);
    const cpuPoll = processCpuSeconds(snmpsimd.pid) - cpuBefore;

    const expected = series(lenient.stdout);
    expect(expected.filter((l) => l.startsWith('quarkpulse_device_up{')).length).toBe(NAMES.length);
    expect(expected.every((l) => !l.startsWith('quarkpulse_device_up{') || l.endsWith(' 1'))).toBe(true);
    expect(series(strict.stdout)).toEqual(expected);

    // A spinning snmpsimd burns a whole core; serving the poll takes a fraction of its wall time,
    // and afterwards it is idle (a GETBULK it could not answer would keep it at 100 %).
    expect(cpuPoll).toBeLessThan(0.8 * pollSeconds + 0.5);
    const idleBefore = processCpuSeconds(snmpsimd.pid);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(processCpuSeconds(snmpsimd.pid) - idleBefore).toBeLessThan(0.2);
  }, 240_000);
});
