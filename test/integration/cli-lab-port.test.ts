/**
 * The bundled lab binds a fixed UDP port: when it is taken, `poll --once` says so in one line with
 * exit 2, instead of an "internal error" with a stack trace.
 */
import { createSocket, type Socket } from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli';

let taken: Socket;
let port: number;
let dir: string;

beforeAll(async () => {
  taken = createSocket('udp4');
  await new Promise<void>((resolve) => taken.bind(0, '127.0.0.1', resolve));
  port = taken.address().port;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-lab-port-'));
});

afterAll(() => {
  taken.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('poll --once with the lab port taken: exit 2, one line', async () => {
  const command = 'poll';
  const file = path.join(dir, `${command}.yml`);
  fs.writeFileSync(
    file,
    [`lab: { enabled: true, port: ${port}, recordings: ${path.join(REPO_ROOT, 'config/lab')} }`, 'devices:', `  - { name: p, client: c, kind: printer, address: 127.0.0.1, snmp: { community: lab-printer, port: ${port} } }`, ''].join('\n'),
  );
  const r = await runCli([command, '--config', file, '--once'], { timeoutMs: 30_000 });
  expect(r.code).toBe(2);
  expect(r.stderr.trim()).toBe(`quarkpulse: cannot bind on 127.0.0.1:${port}: address already in use`);
});
