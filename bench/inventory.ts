/**
 * The cost of a large inventory: generates a config of N devices (default 100,000), then runs the
 * real `quarkpulse validate` (wall time, peak RSS under GNU time) and `quarkpulse run` (RSS once
 * the schedules are in place, size and time of one /api/devices answer, and of the first page of
 * the paginated API). The devices point at 127.0.0.1 with a one-day interval and ICMP off, so
 * almost nothing is polled while it measures. Loopback only; the config lives in a temp directory.
 *
 *   node dist/bench/inventory.js [--devices 100000] [--clients 200]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../bin/quarkpulse.js');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function writeConfig(dir: string, devices: number, clients: number): string {
  const lines = ['defaults:', '  intervals: { snmp: 1d, icmp: 1d }', '  icmp: { enabled: false }', 'http: { listen: "127.0.0.1:0" }', 'devices:'];
  for (let i = 0; i < devices; i++) {
    lines.push(`  - { name: dev-${i}, client: client-${i % clients}, site: site-${i % 7}, kind: switch, address: 127.0.0.1, snmp: { community: "c-${i % 50}-secret", port: 16100 } }`);
  }
  const file = path.join(dir, 'inventory.yml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function validate(file: string): { ms: number; maxRssMb: number; out: string } {
  const t0 = Date.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', process.execPath, CLI, 'validate', '--config', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Date.now() - t0;
  const m = /MAXRSS (\d+)/.exec(r.stderr);
  return { ms, maxRssMb: m ? Number(m[1]) / 1024 : NaN, out: (r.stdout + r.stderr.replace(/MAXRSS \d+\n?/, '')).trim().slice(0, 200) };
}

function rssOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

async function run(file: string): Promise<Record<string, number>> {
  const child = spawn(process.execPath, ['--no-memory-reducer', CLI, 'run', '--config', file], { env: { ...process.env, REDIS_URL: '', QP_LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const t0 = Date.now();
  let log = '';
  const seen = (re: RegExp) => re.exec(log);
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-200_000)));
  const wait = async (re: RegExp, what: string) => {
    for (;;) {
      const m = seen(re);
      if (m) return m;
      if (child.exitCode !== null) throw new Error(`run exited before ${what}: ${log.slice(-2000)}`);
      if (Date.now() - t0 > 300_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    const url = (await wait(/"url":"(http:\/\/[^"]+)\/metrics"/, 'metrics URL'))[1];
    await wait(/"msg":"worker started"/, 'worker started');
    const readyMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 2_000));
    const mem = rssOf(child.pid ?? 0);
    const page = async (query: string) => {
      const t = Date.now();
      const res = await fetch(`${url}/api/devices${query}`);
      const body = Buffer.from(await res.arrayBuffer());
      return { status: res.status, bytes: body.length, ms: Date.now() - t };
    };
    const whole = await page('');
    const first = await page('?limit=500');
    const afterApi = rssOf(child.pid ?? 0);
    return {
      readyMs,
      rssMb: mem.rssMb,
      peakRssMb: mem.hwmMb,
      apiStatus: whole.status,
      apiBytes: whole.bytes,
      apiMs: whole.ms,
      page500Bytes: first.bytes,
      page500Ms: first.ms,
      rssAfterApiMb: afterApi.rssMb,
      peakAfterApiMb: afterApi.hwmMb,
    };
  } finally {
    child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const devices = arg('devices', 100_000);
  const clients = arg('clients', 200);
  const dir = mkdtempSync(path.join(tmpdir(), 'qp-inventory-'));
  try {
    const file = writeConfig(dir, devices, clients);
    const v = validate(file);
    process.stdout.write(`validate ${devices} devices: ${v.ms} ms, peak RSS ${v.maxRssMb.toFixed(0)} MB — ${v.out}\n`);
    const r = await run(file);
    process.stdout.write(
      `run ${devices} devices: worker started after ${r.readyMs} ms, RSS ${r.rssMb.toFixed(0)} MB (peak ${r.peakRssMb.toFixed(0)} MB); ` +
        `GET /api/devices: ${r.apiStatus}, ${(r.apiBytes / 1e6).toFixed(2)} MB in ${r.apiMs} ms; ?limit=500: ${(r.page500Bytes / 1e3).toFixed(1)} kB in ${r.page500Ms} ms; ` +
        `RSS after the API ${r.rssAfterApiMb.toFixed(0)} MB (peak ${r.peakAfterApiMb.toFixed(0)} MB)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
