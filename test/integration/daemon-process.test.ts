/**
 * The real `quarkpulse` processes (bin/quarkpulse.js → dist/): `run` on the built-in lab with
 * the in-process queue, then `scheduler` + `worker` scaled out over real Redis. Loopback only;
 * every port is ephemeral (the lab's UDP port is picked free first).
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { parse, stringify } from 'yaml';
import { DaemonProcess, sleep, until } from '../helpers/daemon-process';
import { recordingsDir } from '../helpers/recordings';
import { freeUdpPort } from '../helpers/ports';
import { REDIS_URL } from '../helpers/redis';
import { describeWith } from '../helpers/requires';

const metricsOf = async (url: string) => (await fetch(`${url}/metrics`)).text();

/** Lab devices: each one a LibreNMS recording served by the in-process lab (community = file name). */
const LAB_DEVICES = [
  { name: 'lab-printer', kind: 'printer', community: 'jetdirect' },
  { name: 'lab-switch', kind: 'switch', community: 'tplink_sg2008' },
  { name: 'lab-router', kind: 'router', community: 'routeros_rb750gr3' },
  { name: 'lab-firewall', kind: 'firewall', community: 'fortigate_60f' },
];

/** A config like the built-in default (lab enabled, no Redis) on a free lab port, a 2 s interval and no ICMP. */
async function labConfig(dir: string, extra: Record<string, unknown> = {}): Promise<string> {
  const port = await freeUdpPort();
  const cfg = {
    lab: { enabled: true, port, recordings: recordingsDir() },
    defaults: { intervals: { snmp: '2s', icmp: '2s' }, snmp: { version: '2c', timeout: '1s', retries: 1 }, icmp: { enabled: false } },
    http: { listen: '127.0.0.1:0' },
    devices: LAB_DEVICES.map((d) => ({ name: d.name, client: 'demo', site: 'lab', kind: d.kind, address: '127.0.0.1', snmp: { community: d.community, port } })),
    ...extra,
  };
  const file = path.join(dir, 'quarkpulse.yml');
  writeFileSync(file, stringify(cfg));
  return file;
}

describe('quarkpulse run (real process, in-process queue, built-in lab)', () => {
  let dir: string;
  let proc: DaemonProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-run-'));
  });
  afterEach(async () => {
    proc?.kill('SIGKILL');
    await proc?.exited;
    proc = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs queue/config/devices/URL first, serves live lab metrics, reloads on SIGHUP, exits 0 on SIGTERM within 10 s', async () => {
    const file = await labConfig(dir);
    const deviceCount = (parse(readFileSync(file, 'utf8')) as { devices: unknown[] }).devices.length;
    proc = new DaemonProcess(['run', '--config', file, '--listen', '127.0.0.1:0']);
    const url = await proc.url();

    const first = proc.lines[0];
    expect(first).toMatchObject({ queue: 'in-process', config: file, devices: deviceCount });
    expect(first.msg).toContain('in-process');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const t0 = Date.now();
    const text = await until(
      'lab devices up',
      async () => {
        const t = await metricsOf(url);
        return /quarkpulse_device_up\{client="demo",device="lab-printer",site="lab",kind="printer"\} 1/.test(t) &&
          t.includes('quarkpulse_printer_supply_level{')
          ? t
          : undefined;
      },
      20_000,
    );
    const firstMetricsMs = Date.now() - t0;
    expect(text).toContain('quarkpulse_interface_oper_up{');
    expect((await fetch(`${url}/-/ready`)).status).toBe(200);
    const devices = (await (await fetch(`${url}/api/devices`)).json()) as { devices: Array<{ device: string; up: boolean | null }> };
    expect(devices.devices.find((d) => d.device === 'lab-printer')?.up).toBe(true);
    // The lab communities are the "secrets" of this config; none may appear in the API.
    expect(JSON.stringify(devices)).not.toMatch(/"community"|jetdirect|tplink_sg2008/);

    // SIGHUP: drop lab-firewall; its series go at once.
    const cfg = parse(readFileSync(file, 'utf8')) as { devices: Array<{ name: string }> };
    cfg.devices = cfg.devices.filter((d) => d.name !== 'lab-firewall');
    writeFileSync(file, stringify(cfg));
    process.kill(proc.pid, 'SIGHUP');
    await proc.waitForLog((l) => l.msg === 'config reloaded', 'config reloaded');
    expect(await metricsOf(url)).not.toContain('device="lab-firewall"');

    // A broken file on SIGHUP: logged, the daemon keeps running with the old config.
    writeFileSync(file, 'devices: [ { name: x } ]\n');
    process.kill(proc.pid, 'SIGHUP');
    await proc.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('config reload failed'), 'reload failure logged');
    expect((await fetch(`${url}/-/healthy`)).status).toBe(200);

    const stopAt = Date.now();
    proc.kill('SIGTERM');
    const exit = await proc.exited;
    const stopMs = exit.atMs - stopAt;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(stopMs).toBeLessThan(10_000);
    expect(proc.stderr).not.toMatch(/unhandled|uncaught/i);
    // eslint-disable-next-line no-console
    console.log(`run: first lab metrics after ${firstMetricsMs} ms; SIGTERM → exit 0 in ${stopMs} ms`);
  }, 60_000);

  it('a bad config at start exits 2 with one line per problem, no stack', async () => {
    const file = path.join(dir, 'bad.yml');
    writeFileSync(file, 'devices:\n  - name: a\n    client: c\n    kind: toaster\n    address: "127.0.0.1; rm -rf /"\n');
    proc = new DaemonProcess(['run', '--config', file, '--listen', '127.0.0.1:0']);
    const exit = await proc.exited;
    expect(exit.code).toBe(2);
    expect(proc.stderr).toContain('devices[0].kind');
    expect(proc.stderr).toContain('devices[0].address');
    expect(proc.stderr).not.toMatch(/\n\s+at /);
  });
});

describeWith(['redis'], 'quarkpulse scheduler + worker over Redis (real processes)', () => {
  let dir: string;
  const procs: DaemonProcess[] = [];
  const prefix = `qptest-${process.pid}-${Date.now().toString(36)}`;
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-scale-'));
  });
  afterEach(async () => {
    for (const p of procs) p.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    procs.length = 0;
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('the scheduler serves what a separate worker polled; both exit 0 on SIGTERM within 10 s', async () => {
    const file = await labConfig(dir, { queue: { prefix } });
    const env = { REDIS_URL };
    const scheduler = new DaemonProcess(['scheduler', '--config', file, '--listen', '127.0.0.1:0'], env);
    procs.push(scheduler);
    const url = await scheduler.url();
    // The log shows the URL without credentials: compare host and port only.
    expect(scheduler.lines[0].queue).toMatch(new RegExp(`^bullmq redis://${new URL(REDIS_URL).host.replace(/\./g, '\\.')}`));

    // The worker runs the lab (device addresses are its loopback) and serves only self-metrics.
    const worker = new DaemonProcess(['worker', '--config', file, '--listen', '127.0.0.1:0', '--concurrency', '4'], env);
    procs.push(worker);
    const workerUrl = await worker.url();

    await until(
      'lab-router up via the scheduler',
      async () => (/quarkpulse_device_up\{client="demo",device="lab-router",site="lab",kind="router"\} 1/.test(await metricsOf(url)) ? true : undefined),
      25_000,
    );
    const api = (await (await fetch(`${url}/api/devices/lab-router`)).json()) as { probes: Array<{ probe: string; worker: string }> };
    expect(api.probes.find((p) => p.probe === 'snmp')?.worker).toBe(`${hostname()}:${worker.pid}`);
    const selfText = await metricsOf(workerUrl);
    expect(selfText).toMatch(/quarkpulse_probe_runs_total\{probe="snmp",result="success"\} [1-9]/);
    expect(selfText).not.toContain('quarkpulse_device_up');
    expect(await metricsOf(url)).toMatch(/quarkpulse_workers [1-9]/);

    const stopAt = Date.now();
    worker.kill('SIGTERM');
    scheduler.kill('SIGTERM');
    const [we, se] = await Promise.all([worker.exited, scheduler.exited]);
    expect(we.code).toBe(0);
    expect(se.code).toBe(0);
    expect(Math.max(we.atMs, se.atMs) - stopAt).toBeLessThan(10_000);
    // eslint-disable-next-line no-console
    console.log(`scale-out: SIGTERM → worker exit in ${we.atMs - stopAt} ms, scheduler in ${se.atMs - stopAt} ms`);
  }, 60_000);
});
