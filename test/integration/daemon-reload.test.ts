/**
 * The daemon composed in-process (in-process queue, memory store, real HTTP on 127.0.0.1:0, the
 * real config loader on a temp file): reload adds/removes/changes devices, a bad config keeps the
 * old one, shutdown is prompt, and no answer ever carries a secret. The probe is a stand-in that
 * sends no traffic, so this file tests the composition, not SNMP.
 */
import { createAlerting } from '../../src/alerts/service';
import { MemoryStateStore } from '../../src/alerts/state-store';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/inventory/load';
import { startDaemon, type Daemon } from '../../src/daemon/daemon';
import type { DaemonParts, HandlerDeps } from '../../src/daemon/parts';
import { silentLogger } from '../../src/log';
import { MemoryResultStore } from '../../src/results/store';
import { createProbeRegistry } from '../../src/probes/registry';
import { snmpProbe } from '../../src/probes/snmp/definition';
import type { Probe } from '../../src/probes/types';
import { InProcessQueue } from '../../src/queue/in-process';
import type { JobHandler } from '../../src/queue/types';
import { createJobHandler } from '../../src/scheduler/job-handler';

const SECRET = 'S3cr3t-xyz';

function yaml(devices: Array<{ name: string; community?: string; kind?: string }>, extra = ''): string {
  const lines = ['http:', '  listen: 127.0.0.1:0', `  token: tok-${SECRET}`, 'defaults:', '  icmp: { enabled: false }', 'devices:'];
  for (const d of devices) {
    lines.push(`  - name: ${d.name}`, '    client: acme', '    site: hq', `    kind: ${d.kind ?? 'printer'}`, '    address: 127.0.0.1');
    lines.push(`    snmp: { version: 2c, community: "${d.community ?? SECRET}", port: 16100 }`);
  }
  if (devices.length === 0) lines[lines.length - 1] = 'devices: []';
  return `${lines.join('\n')}\n${extra}`;
}

/** Probe runs seen by the stand-in, with the community it was given (to check changed settings). */
interface Run {
  device: string;
  community: string;
}

function testParts(runs: Run[]): DaemonParts {
  const probe: Probe = {
    kind: 'snmp',
    run: async (t) => {
      runs.push({ device: t.name, community: t.snmp?.community?.reveal() ?? '' });
      return {
        success: true,
        samples: [{ name: 'quarkpulse_device_uptime_seconds', labels: {}, value: 42 }],
        error: t.name === 'leaky' ? { kind: 'auth', message: `bad community ${SECRET}` } : undefined,
      };
    },
  };
  // The real SNMP entry with a stand-in probe and a fast interval: everything else is the real registry.
  const probes = createProbeRegistry({ snmp: { ...snmpProbe, intervalMs: () => 200, defaultTimeoutMs: 1000, create: () => probe } });
  return {
    probes,
    createQueue: () => new InProcessQueue({ logger: silentLogger }),
    createStore: () => new MemoryResultStore(),
    // The real job handler (scheduler/job-handler.ts) and probe runner; only the probe is a stand-in.
    createHandler: (deps: HandlerDeps): JobHandler => createJobHandler(deps),
    createAlerting: (config, deps) => createAlerting(config, { ...deps, stateStore: deps.stateStore ?? new MemoryStateStore() }),
    startLab: async () => undefined,
  };
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('daemon (in-process): reload and shutdown', () => {
  let dir: string;
  let file: string;
  let daemon: Daemon | undefined;
  let runs: Run[];
  const auth = { authorization: `Bearer tok-${SECRET}` };
  const answers: string[] = [];
  const get = async (p: string, init: RequestInit = {}) => {
    const res = await fetch(`${daemon?.url}${p}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
    const text = await res.text();
    answers.push(`${JSON.stringify([...res.headers])}\n${text}`);
    return { status: res.status, text };
  };
  const metrics = async () => (await get('/metrics')).text;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-daemon-'));
    file = path.join(dir, 'quarkpulse.yml');
    runs = [];
    writeFileSync(file, yaml([{ name: 'printer-a' }, { name: 'printer-b' }, { name: 'leaky' }]));
    daemon = await startDaemon({
      config: await loadConfig(file, {}),
      roles: ['scheduler', 'worker', 'http'],
      logger: silentLogger,
      parts: testParts(runs),
      loadConfig: (f) => loadConfig(f, {}),
    });
  });

  afterEach(async () => {
    await daemon?.close();
    daemon = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  afterAll(() => {
    // Every answer of every test: the secret (community, token, error text) never leaves the process.
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.join('\n')).not.toContain(SECRET);
  });

  it('starts ready and serves device metrics for every configured device', async () => {
    expect((await get('/-/ready')).status).toBe(200);
    const text = await waitFor('three devices up', async () => {
      const t = await metrics();
      return ['printer-a', 'printer-b', 'leaky'].every((d) => t.includes(`quarkpulse_device_up{client="acme",device="${d}"`)) ? t : undefined;
    });
    expect(text).toContain('quarkpulse_device_uptime_seconds{client="acme",device="printer-a",site="hq"} 42');
    expect(text).toMatch(/quarkpulse_queue_jobs\{state="delayed"\} 3/);
    expect(text).toContain('quarkpulse_workers 1');
    expect(text).toContain('quarkpulse_process_cpu_user_seconds_total');
    expect(text).toMatch(/quarkpulse_probe_runs_total\{probe="snmp",result="success"\} [1-9]/);
    expect(text).toMatch(/quarkpulse_schedule_lag_seconds_count\{probe="snmp"\} [1-9]/);
    const leaky = await get('/api/devices/leaky');
    expect(leaky.status).toBe(200);
    expect(leaky.text).toContain('bad community <secret>');
  });

  it('reload adds, removes and changes devices; removed series vanish at once', async () => {
    await waitFor('printer-b polled', async () => ((await metrics()).includes('device="printer-b"') ? true : undefined));
    writeFileSync(file, yaml([{ name: 'printer-a', community: 'Other-c0mm' }, { name: 'leaky' }, { name: 'printer-c' }]));
    const res = await get('/-/reload', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ status: 'reloaded', devices: 3, added: ['printer-c'], removed: ['printer-b'], changed: ['printer-a'] });

    // Gone from metrics and the API immediately, not after going stale.
    expect(await metrics()).not.toContain('device="printer-b"');
    expect((await get('/api/devices/printer-b')).status).toBe(404);
    expect((await daemon!.queue.listSchedules()).map((s) => s.device).sort()).toEqual(['leaky', 'printer-a', 'printer-c']);

    await waitFor('printer-c polled', async () => ((await metrics()).includes('device="printer-c"') ? true : undefined));
    // The changed device runs with its new settings.
    await waitFor('printer-a with the new community', async () => (runs.some((r) => r.device === 'printer-a' && r.community === 'Other-c0mm') ? true : undefined));
    const before = runs.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(runs.slice(before).some((r) => r.device === 'printer-b')).toBe(false);
  });

  it('a bad config is refused with its problems (400) and the old one stays in force', async () => {
    writeFileSync(file, yaml([{ name: 'printer-a', kind: 'toaster' }]));
    const res = await get('/-/reload', { method: 'POST' });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text) as { problems: Array<{ path: string; message: string }> };
    expect(body.problems[0].path).toBe('devices[0].kind');
    expect(daemon!.config().devices.map((d) => d.name)).toEqual(['printer-a', 'printer-b', 'leaky']);
    expect((await get('/-/ready')).status).toBe(200);
    await waitFor('still polling', async () => {
      const n = runs.length;
      await new Promise((r) => setTimeout(r, 300));
      return runs.length > n ? true : undefined;
    });
    expect(await metrics()).toContain('quarkpulse_config_reloads_total{result="failure"} 1');
  });

  it('an unreadable config file is refused the same way', async () => {
    rmSync(file);
    const res = await get('/-/reload', { method: 'POST' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('file not found');
  });

  it('concurrent reloads run one after another', async () => {
    writeFileSync(file, yaml([{ name: 'printer-a' }]));
    const [a, b] = await Promise.all([daemon!.reload(), daemon!.reload()]);
    expect(a).toMatchObject({ ok: true, removed: ['printer-b', 'leaky'] });
    expect(b).toMatchObject({ ok: true, added: [], removed: [], changed: [] });
  });

  it('closes promptly and stops polling', async () => {
    const t0 = Date.now();
    await daemon!.close();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await daemon!.queue.ping()).toBe(false);
    const n = runs.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(runs.length).toBe(n);
    await expect(fetch(`${daemon!.url}/-/healthy`)).rejects.toThrow();
    // Idempotent.
    await daemon!.close();
  });
});
