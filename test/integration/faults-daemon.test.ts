/**
 * Fault injection without Redis (issue 14; docs/operations.md): a real `quarkpulse run` on the
 * bundled lab while (1) slow clients hold /metrics connections open (half-sent requests, answers
 * never read) and (2) the config is reloaded with a broken file, then with a secret file that is a
 * named pipe (which froze a reload for ever before). The daemon keeps serving other scrapes
 * promptly, keeps polling every slot, and keeps the previous config.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { DaemonProcess, metricSum, metricValue, scrape, sleep, until, type Scrape } from '../helpers/daemon-process';
import { freeUdpPort } from '../helpers/ports';
import { recordingsDir } from '../helpers/recordings';

const LAB_DEVICES = [
  { name: 'lab-printer', kind: 'printer', community: 'jetdirect' },
  { name: 'lab-switch', kind: 'switch', community: 'tplink_sg2008' },
  { name: 'lab-router', kind: 'router', community: 'routeros_rb750gr3' },
];
const INTERVAL_MS = 2_000;

describe('faults: slow scrape clients and broken reloads (real process, in-process queue)', () => {
  let dir: string;
  let daemon: DaemonProcess | undefined;
  const sockets: Socket[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-faults-daemon-'));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    daemon?.kill('SIGKILL');
    await daemon?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  const runs = (t: string) => metricSum(t, 'quarkpulse_probe_runs_total', 'probe="snmp"');
  let file: string;
  let url: string;

  beforeAll(async () => {
    const labPort = await freeUdpPort();
    file = path.join(dir, 'quarkpulse.yml');
    writeFileSync(
      file,
      stringify({
        lab: { enabled: true, port: labPort, recordings: recordingsDir() },
        defaults: { intervals: { snmp: `${INTERVAL_MS / 1000}s` }, snmp: { timeout: '1s', retries: 1 }, icmp: { enabled: false } },
        alerting: { state: { store: 'memory' } },
        devices: LAB_DEVICES.map((d) => ({ name: d.name, client: 'demo', kind: d.kind, address: '127.0.0.1', snmp: { community: d.community, port: labPort } })),
      }),
    );
    daemon = new DaemonProcess(['run', '--config', file, '--listen', '127.0.0.1:0']);
    url = await daemon.url();
    await until('lab devices up', async () => {
      const t = (await scrape(url)).text;
      return LAB_DEVICES.every((d) => metricValue(t, 'quarkpulse_device_up', `device="${d.name}"`) === 1) ? true : undefined;
    }, 30_000);
  }, 60_000);

  it('slow scrape clients (half-sent requests, answers never read) do not delay other scrapes or polling', async () => {
    const { port } = new URL(url);
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const s = connect(Number(port), '127.0.0.1', () => resolve(s));
        s.once('error', reject);
        sockets.push(s);
      });
    // 30 clients that trickle a request header, 10 that ask for /metrics and never read the answer.
    const trickling = await Promise.all(Array.from({ length: 30 }, open));
    for (const s of trickling) s.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const stalled = await Promise.all(Array.from({ length: 10 }, open));
    for (const s of stalled) {
      s.pause();
      s.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    }
    const before = runs((await scrape(url)).text);
    const t0 = Date.now();
    const scrapes: Scrape[] = [];
    while (Date.now() - t0 < 5 * INTERVAL_MS) {
      for (const s of trickling) s.write('X-Slow: 1\r\n');
      scrapes.push(await scrape(url, 5_000));
      await sleep(500);
    }
    const after = runs(scrapes[scrapes.length - 1].text);
    expect(scrapes.filter((s) => s.status !== 200)).toEqual([]);
    expect(Math.max(...scrapes.map((s) => s.ms))).toBeLessThan(1_000);
    // Every slot polled: 5 intervals × 3 devices, less the one in flight at each end.
    expect(after - before).toBeGreaterThanOrEqual(4 * LAB_DEVICES.length);
    for (const s of [...trickling, ...stalled]) s.destroy();
    // eslint-disable-next-line no-console
    console.log(`slow clients: ${scrapes.length} scrapes, slowest ${Math.max(...scrapes.map((s) => s.ms))} ms; ${after - before} polls in ${5 * INTERVAL_MS} ms`);
  }, 60_000);

  it('a reload with a broken file, then with a named pipe as secret: refused at once, old config kept, polling goes on', async () => {
    const good = readFileSync(file, 'utf8');
    const reload = async () => {
      const t0 = Date.now();
      const res = await fetch(`${url}/-/reload`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
      return { status: res.status, body: (await res.json()) as { problems?: Array<{ path: string; message: string; line?: number }> }, ms: Date.now() - t0 };
    };
    const before = await scrape(url);

    writeFileSync(file, 'devices:\n  - { name: broken, client: demo, kind: toaster, address: 127.0.0.1 }\n  - [ not a device\n');
    const broken = await reload();
    expect(broken.status).toBe(400);
    expect(broken.body.problems?.[0]?.message).toMatch(/^YAML syntax: /);
    expect(broken.body.problems?.[0]?.line).toBeGreaterThanOrEqual(3);
    process.kill(daemon?.pid ?? 0, 'SIGHUP');
    await daemon?.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('config reload failed') && (daemon?.count(/^config reload failed/) ?? 0) >= 2, 'SIGHUP reload failure logged');

    const fifo = path.join(dir, 'token.fifo');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(file, `${good}http: { token: { file: ${JSON.stringify(fifo)} } }\n`);
    const piped = await reload();
    expect(piped.status).toBe(400);
    expect(piped.ms).toBeLessThan(3_000);
    expect(piped.body.problems).toEqual([expect.objectContaining({ path: 'http.token.file', message: expect.stringMatching(/is not a regular file \(it is a named pipe\)/) })]);

    await sleep(2 * INTERVAL_MS);
    const mid = await scrape(url);
    expect(mid.status).toBe(200);
    // The old config is in force (no token, the same devices) and every device is still polled.
    expect((await fetch(`${url}/api/devices`)).status).toBe(200);
    expect(LAB_DEVICES.every((d) => metricValue(mid.text, 'quarkpulse_device_up', `device="${d.name}"`) === 1)).toBe(true);
    expect(runs(mid.text) - runs(before.text)).toBeGreaterThanOrEqual(LAB_DEVICES.length);
    expect(metricValue(mid.text, 'quarkpulse_config_reloads_total', 'result="failure"')).toBe(3);

    writeFileSync(file, good);
    const fixed = await reload();
    expect(fixed.status).toBe(200);
    expect(daemon?.rawLines).toEqual([]);
  }, 60_000);
});
