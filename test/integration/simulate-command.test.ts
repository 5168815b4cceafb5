/**
 * `quarkpulse simulate`: the real command (built CLI, spawned) and runSimulate in process.
 */
import { spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { UserError } from '../../src/commands/errors';
import { runSimulate } from '../../src/commands/simulate';
import { PDU_GET, VERSION_2C, decodeResponse, encodeRequest } from '../../src/simulate/request';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli';
import { recordingsDir } from '../helpers/recordings';

async function ask(port: number, community: string, oid: string, host = '127.0.0.1'): Promise<string | undefined> {
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  try {
    return await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 2000);
      socket.once('message', (msg) => {
        clearTimeout(timer);
        const r = decodeResponse(msg);
        resolve('kind' in r ? `malformed: ${r.reason}` : String(r.varbinds[0]?.value));
      });
      socket.send(encodeRequest({ version: VERSION_2C, community, pduType: PDU_GET, requestId: 1, oids: [oid] }), port, host);
    });
  } finally {
    socket.close();
  }
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-sim-cmd-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('runSimulate', () => {
  it('rejects a missing directory, a file, and a directory without recordings with a clear UserError', async () => {
    const opts = (recordings: string) => ({ recordings, port: 0, host: '127.0.0.1' });
    await expect(runSimulate(opts(path.join(tmp, 'nope')), { logger: pino({ level: 'silent' }) })).rejects.toThrow(
      new UserError(`--recordings ${path.join(tmp, 'nope')}: no such directory`),
    );
    fs.writeFileSync(path.join(tmp, 'file.snmprec'), '');
    await expect(runSimulate(opts(path.join(tmp, 'file.snmprec')))).rejects.toThrow(/not a directory/);
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'readme.txt'), 'x');
    await expect(runSimulate(opts(empty))).rejects.toBeInstanceOf(UserError);
    await expect(runSimulate(opts(empty))).rejects.toThrow(/no \*\.snmprec files/);
  });

  it('refuses a port in use with a UserError', async () => {
    const taken = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => taken.bind(0, '127.0.0.1', resolve));
    try {
      await expect(runSimulate({ recordings: recordingsDir(), port: taken.address().port, host: '127.0.0.1' }, { logger: pino({ level: 'silent' }) })).rejects.toThrow(
        /cannot listen on 127\.0\.0\.1:\d+\/udp: EADDRINUSE/,
      );
    } finally {
      taken.close();
    }
  });

  it('logs one line with address, port and community count, serves, and returns 0 when stopped', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = runSimulate({ recordings: recordingsDir(), port: 0, host: '127.0.0.1' }, { logger, stop: stopped });
    while (!lines.some((l) => l.msg?.toString().startsWith('SNMP simulator listening'))) await new Promise((r) => setTimeout(r, 20));
    const listening = lines.find((l) => l.msg?.toString().startsWith('SNMP simulator listening'));
    expect(listening).toMatchObject({ address: '127.0.0.1', communities: 25 });
    expect(await ask(listening?.port as number, 'xerox', '1.3.6.1.2.1.1.5.0')).toBeDefined();
    stop();
    await expect(running).resolves.toBe(0);
  });
});

describe('quarkpulse simulate (the built command)', () => {
  it('exits 2 with one readable line for a bad directory', async () => {
    const r = await runCli(['simulate', '--recordings', path.join(tmp, 'missing')], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`quarkpulse: --recordings ${path.join(tmp, 'missing')}: no such directory`);
  });

  it('serves a directory on the given port until SIGTERM, then exits 0', async () => {
    fs.symlinkSync(path.join(recordingsDir(), 'sharp.snmprec'), path.join(tmp, 'hq-printer.snmprec'));
    const child = spawn(process.execPath, [CLI, 'simulate', '--recordings', tmp, '--port', '0', '--host', '::1'], {
      cwd: REPO_ROOT,
      env: { ...process.env, QP_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const listening = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${stderr}`)), 15_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        for (const line of stderr.split('\n')) {
          if (line.includes('SNMP simulator listening')) {
            clearTimeout(timer);
            resolve(JSON.parse(line) as Record<string, unknown>);
          }
        }
      });
    });
    try {
      expect(listening).toMatchObject({ address: '::1', communities: 1 });
      expect(await ask(listening.port as number, 'hq-printer', '1.3.6.1.2.1.1.1.0', '::1')).toBe('SHARP MX-3570N');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
