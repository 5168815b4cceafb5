import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { SnmpType } from '../../../src/probes/snmp/varbind';
import { labRecordingsDir } from '../../../src/simulate/lab';
import { loadRecordings } from '../../../src/simulate/load';
import { parseSnmprec } from '../../../src/simulate/snmprec';
import { recordingNames, recordingsDir } from '../../helpers/recordings';

function capture(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { logger, lines };
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-sim-load-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('loadRecordings', () => {
  it('serves every recording under its file name, skipping the corrupt okilan line with one warning', async () => {
    const { logger, lines } = capture();
    const { devices, files, skippedLines } = await loadRecordings(recordingsDir(), logger);
    expect([...devices.keys()].sort()).toEqual(recordingNames());
    expect(files).toBe(25);
    expect(skippedLines).toBe(1);
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toEqual([
      expect.objectContaining({ file: expect.stringContaining('okilan_9450g.snmprec'), line: 23, text: '1.3.6.1.2.1.2.2.1.17.1|65|6git3159', msg: 'snmprec line skipped' }),
    ]);
    expect(devices.get('okilan_9450g')?.size).toBe(171);
    expect(devices.get('canonprinter_lbp')?.size).toBe(146); // two duplicate lines collapsed
    expect(devices.get('pfsense')?.size).toBe(5464);
  });

  it('shares one encoded copy among any number of symlinked aliases', async () => {
    const source = path.join(recordingsDir(), 'sharp.snmprec');
    fs.symlinkSync(source, path.join(tmp, 'sharp.snmprec'));
    for (let i = 0; i < 1000; i++) fs.symlinkSync(path.join(tmp, 'sharp.snmprec'), path.join(tmp, `sharp-${String(i).padStart(4, '0')}.snmprec`));
    fs.symlinkSync(path.join(recordingsDir(), 'xerox.snmprec'), path.join(tmp, 'xerox.snmprec'));
    const started = Date.now();
    const { devices, files } = await loadRecordings(tmp, pino({ level: 'silent' }));
    const took = Date.now() - started;
    expect(devices.size).toBe(1002);
    expect(files).toBe(2);
    const original = devices.get('sharp');
    expect(devices.get('sharp-0000')).toBe(original);
    expect(devices.get('sharp-0999')).toBe(original);
    expect(devices.get('xerox')).not.toBe(original);
    expect(took).toBeLessThan(5000); // typically well under a second; generous for a busy 2-core box
  });

  it('skips broken links and unrelated files, and fails on a missing directory', async () => {
    const { logger, lines } = capture();
    fs.symlinkSync(path.join(tmp, 'gone.snmprec.target'), path.join(tmp, 'gone.snmprec'));
    fs.writeFileSync(path.join(tmp, 'notes.txt'), 'not a recording');
    fs.writeFileSync(path.join(tmp, '.snmprec'), '1.3.6.1.2.1.1.1.0|4|no name');
    fs.writeFileSync(path.join(tmp, 'tiny.snmprec'), '1.3.6.1.2.1.1.5.0|4|tiny\n1.3.6.1.2.1.1.1.0|4x|54696e79\n');
    const { devices } = await loadRecordings(tmp, logger);
    expect([...devices.keys()]).toEqual(['tiny']);
    expect(devices.get('tiny')?.oid(0)).toBe('1.3.6.1.2.1.1.1.0');
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'recording unreachable (broken link?), skipped' })]);
    await expect(loadRecordings(path.join(tmp, 'missing'), logger)).rejects.toThrow(/ENOENT/);
  });
});

describe('bundled lab', () => {
  const dir = labRecordingsDir();
  const read = (name: string) => {
    const parsed = parseSnmprec(fs.readFileSync(path.join(dir, `${name}.snmprec`), 'latin1'));
    expect(parsed.problems).toEqual([]);
    return new Map(parsed.varbinds.map((v) => [v.oid, v]));
  };
  const column = (m: Map<string, { value: unknown }>, prefix: string): Map<string, unknown> =>
    new Map([...m].filter(([oid]) => oid.startsWith(`${prefix}.`)).map(([oid, v]) => [oid.slice(prefix.length + 1), v.value]));

  it('holds a printer, a switch, a router and a firewall, all loading cleanly', async () => {
    const { logger, lines } = capture();
    const { devices } = await loadRecordings(dir, logger);
    expect([...devices.keys()].sort()).toEqual(['lab-firewall', 'lab-printer', 'lab-router', 'lab-switch']);
    expect(lines.filter((l) => (l.level as number) >= 40)).toEqual([]);
  });

  it('printer: one low toner, matching error bit, alerts, status', () => {
    const p = read('lab-printer');
    const levels = column(p, '1.3.6.1.2.1.43.11.1.1.9');
    const max = column(p, '1.3.6.1.2.1.43.11.1.1.8');
    const types = column(p, '1.3.6.1.2.1.43.11.1.1.5');
    const low = [...levels].filter(([row, level]) => types.get(row) === 3 && (level as number) / (max.get(row) as number) <= 0.1);
    expect(low).toHaveLength(1);
    expect(levels.size).toBeGreaterThanOrEqual(5);
    const errorState = p.get('1.3.6.1.2.1.25.3.5.1.2.1')?.value as Buffer;
    expect(errorState[0] & 0x20).toBe(0x20); // bit 2 = lowToner
    expect(p.get('1.3.6.1.2.1.25.3.5.1.1.1')?.value).toBe(3); // idle
    expect(column(p, '1.3.6.1.2.1.43.18.1.1.7').size).toBeGreaterThanOrEqual(1);
    expect(p.get('1.3.6.1.2.1.43.10.2.1.4.1.1')?.type).toBe(SnmpType.Counter32);
  });

  it('switch: ifTable + ifXTable, 4-8 ports, one admin up / oper down', () => {
    const s = read('lab-switch');
    const type = column(s, '1.3.6.1.2.1.2.2.1.3');
    const ports = [...type].filter(([, t]) => t === 6).map(([i]) => i);
    expect(ports.length).toBeGreaterThanOrEqual(4);
    expect(ports.length).toBeLessThanOrEqual(8);
    const admin = column(s, '1.3.6.1.2.1.2.2.1.7');
    const oper = column(s, '1.3.6.1.2.1.2.2.1.8');
    expect(ports.filter((i) => admin.get(i) === 1 && oper.get(i) === 2)).toHaveLength(1);
    for (const i of ports) {
      expect(s.get(`1.3.6.1.2.1.31.1.1.1.6.${i}`)?.type).toBe(SnmpType.Counter64);
      expect(s.get(`1.3.6.1.2.1.31.1.1.1.1.${i}`)).toBeDefined();
    }
  });

  it('router and firewall: interfaces and HOST-RESOURCES cpu/storage', () => {
    for (const name of ['lab-router', 'lab-firewall']) {
      const d = read(name);
      expect(column(d, '1.3.6.1.2.1.2.2.1.2').size).toBeGreaterThanOrEqual(3);
      expect(column(d, '1.3.6.1.2.1.25.3.3.1.2').size).toBeGreaterThanOrEqual(1);
      expect(column(d, '1.3.6.1.2.1.25.2.3.1.6').size).toBeGreaterThanOrEqual(2);
    }
  });
});
