/**
 * The simulator as Net-SNMP's own tools see it (Debian snmpwalk/snmpbulkwalk), and byte-for-byte
 * the same walk output as snmpsim's snmpsimd (the reference implementation of the .snmprec format)
 * serving the same files.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator, type SimulatorHandle } from '../../src/simulate/agent';
import { parseSnmprec } from '../../src/simulate/snmprec';
import { readRecording, recordingsDir } from '../helpers/recordings';
import { freeUdpPort } from '../helpers/ports';
import { binPath, describeWith } from '../helpers/requires';

const SNMPWALK = binPath('snmpwalk');
const SNMPBULKWALK = binPath('snmpbulkwalk');
const SNMPGET = binPath('snmpget');
const SNMPSIMD = binPath('snmpsimd');

/** Runs a tool asynchronously: the agent under test lives in this process and must keep answering. */
function run(file: string, args: string[], timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, MIBS: '' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(file)} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

// Numeric OIDs, no MIB files: the output depends on the bytes on the wire only.
const walkArgs = (version: string, community: string, port: number, extra: string[] = []): string[] => [
  `-v${version}`,
  '-c',
  community,
  '-On',
  '-m',
  '',
  '-r',
  '1',
  '-t',
  '3',
  ...extra,
  `127.0.0.1:${port}`,
  '.1',
];

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ recordingsDir: recordingsDir() });
});
afterAll(async () => {
  await sim.close();
});

describeWith(['snmpwalk', 'snmpbulkwalk'], 'Net-SNMP snmpwalk against the simulator', () => {
  it('walks all of pfsense.snmprec (v2c GETNEXT) in order, one line per varbind', async () => {
    const expected = parseSnmprec(readRecording('pfsense')).varbinds;
    const out = await run(SNMPWALK, walkArgs('2c', 'pfsense', sim.port, ['-Oq']));
    const lines = out.trimEnd().split('\n');
    // The last line is snmpwalk's own "No more variables left in this MIB View".
    expect(lines.slice(0, -1).map((l) => l.slice(1, l.indexOf(' ')))).toEqual(expected.map((v) => v.oid));
    expect(lines[lines.length - 1]).toMatch(/No more variables left/);
    expect(lines[0]).toMatch(/^\.1\.3\.6\.1\.2\.1\.1\.1\.0 "pfSense /);
  });

  it('snmpbulkwalk and snmpwalk agree, and v1 shows the same minus Counter64', async () => {
    const bulk = await run(SNMPBULKWALK, walkArgs('2c', 'tplink_sg2008', sim.port, ['-Cr25']));
    const next = await run(SNMPWALK, walkArgs('2c', 'tplink_sg2008', sim.port));
    expect(bulk).toBe(next);
    const v1 = await run(SNMPWALK, walkArgs('1', 'tplink_sg2008', sim.port));
    const withoutC64 = next.split('\n').filter((l) => !l.includes('= Counter64:') && !l.includes('No more variables'));
    expect(v1.split('\n').filter((l) => !l.includes('End of MIB'))).toEqual(withoutC64);
  });
});

// ---------------------------------------------------------------------------------------------


interface Snmpsimd {
  port: number;
  child: ChildProcess;
  dir: string;
}

/** snmpsimd on 127.0.0.1 with copies of the given recordings in a temp dir (it drops root to nobody). */
async function startSnmpsimd(names: string[]): Promise<Snmpsimd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-snmpsimd-'));
  const data = path.join(dir, 'data');
  const cache = path.join(dir, 'cache');
  fs.mkdirSync(data);
  fs.mkdirSync(cache);
  for (const n of names) fs.copyFileSync(path.join(recordingsDir(), `${n}.snmprec`), path.join(data, `${n}.snmprec`));
  const args = [`--data-dir=${data}`, `--cache-dir=${cache}`, '--v2c-arch', `--logging-method=file:${path.join(dir, 'snmpsimd.log')}`];
  if (process.getuid?.() === 0) {
    fs.chmodSync(dir, 0o755);
    for (const f of fs.readdirSync(data)) fs.chmodSync(path.join(data, f), 0o644);
    fs.chmodSync(data, 0o755);
    const nobody = Number(await run('/usr/bin/id', ['-u', 'nobody']));
    fs.chownSync(cache, nobody, -1);
    fs.chownSync(dir, nobody, -1); // the log file
    args.push('--process-user=nobody', '--process-group=nogroup');
  }
  const port = await freeUdpPort();
  const child = spawn(SNMPSIMD, [...args, `--agent-udpv4-endpoint=127.0.0.1:${port}`], { stdio: 'ignore' });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`snmpsimd exited with ${child.exitCode}`);
    try {
      await run(SNMPGET, ['-v2c', '-c', names[0], '-r', '0', '-t', '0.5', `127.0.0.1:${port}`, '1.3.6.1.2.1.1.1.0']);
      return { port, child, dir };
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describeWith(['snmpwalk', 'snmpbulkwalk', 'snmpget', 'snmpsimd'], 'same output as snmpsimd', () => {
  // sharp: plain; jetdirect_m880: hex strings with newlines and an OID value with first arc 2;
  // ios_stp-vlans: a hex-encoded sysDescr with CR/LF, 1,464 lines.
  const names = ['sharp', 'jetdirect_m880', 'ios_stp-vlans'];
  let reference: Snmpsimd;
  beforeAll(async () => {
    reference = await startSnmpsimd(names);
  }, 30_000);
  afterAll(async () => {
    if (!reference) return;
    if (reference.child.exitCode === null) {
      const exited = new Promise((resolve) => reference.child.once('exit', resolve));
      reference.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(reference.dir, { recursive: true, force: true });
  });

  it.each(names)('%s: snmpwalk -v2c -On prints exactly what it prints for snmpsimd', async (name) => {
    const ours = await run(SNMPWALK, walkArgs('2c', name, sim.port));
    const theirs = await run(SNMPWALK, walkArgs('2c', name, reference.port));
    expect(ours.split('\n').length).toBeGreaterThan(parseSnmprec(readRecording(name)).varbinds.length);
    expect(ours).toBe(theirs);
  });

  it('snmpbulkwalk (GETBULK, 25 repetitions) too, but for how long the end is repeated', async () => {
    const ours = await run(SNMPBULKWALK, walkArgs('2c', 'jetdirect_m880', sim.port, ['-Cr25']));
    const theirs = await run(SNMPBULKWALK, walkArgs('2c', 'jetdirect_m880', reference.port, ['-Cr25']));
    // Past the end snmpsimd fills every remaining repetition with endOfMibView; the simulator stops
    // after the first round in which every column has ended (RFC 3416 §4.2.3 allows both).
    const endRepeats = /(\n[^\n]* = No more variables left[^\n]*)(\1)+/g;
    expect(ours.match(/No more variables/g)).toHaveLength(1);
    expect(ours).toBe(theirs.replace(endRepeats, '$1'));
    expect(theirs.match(/No more variables/g)?.length).toBeGreaterThan(1);
  });
});
