import { Registry } from 'prom-client';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import { createHttpApp } from '../../../src/http/app';
import { startHttpServer } from '../../../src/http/server';
import { silentLogger } from '../../../src/log';
import { MemoryResultStore } from '../../../src/results/store';
import { SelfMetrics } from '../../../src/metrics/self';
import { device, SECRET, startTestServer, stored, type TestServer } from './fixtures';

describe('http app', () => {
  let srv: TestServer;
  afterEach(async () => srv?.close());

  it('serves device metrics from the result store in Prometheus text format', async () => {
    srv = await startTestServer();
    await srv.store.put(stored('hq-printer-1'));
    const res = await fetch(`${srv.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('quarkpulse_probe_success{client="acme",device="hq-printer-1",site="hq",probe="snmp"} 1');
    expect(text).toContain('quarkpulse_device_up{client="acme",device="hq-printer-1",site="hq",kind="printer"} 1');
    expect(text).toContain('quarkpulse_printer_supply_level{');
  });

  it('refreshes self-metrics before a scrape, and a failing refresh does not break the scrape', async () => {
    const registry = new Registry();
    const self = new SelfMetrics(registry);
    let calls = 0;
    srv = await startTestServer({
      deps: {
        registry,
        beforeScrape: async () => {
          calls++;
          self.queueJobs.set({ state: 'waiting' }, 7);
          if (calls > 1) throw new Error('redis down');
        },
      },
    });
    const first = await (await fetch(`${srv.url}/metrics`)).text();
    expect(first).toContain('quarkpulse_queue_jobs{state="waiting"} 7');
    const second = await fetch(`${srv.url}/metrics`);
    expect(second.status).toBe(200);
    expect(calls).toBe(2);
  });

  it('health and readiness', async () => {
    let ready = true;
    srv = await startTestServer({
      deps: { readiness: async () => ({ ready, checks: { queue: { ok: ready, detail: ready ? undefined : 'redis unreachable' } } }) },
    });
    expect((await fetch(`${srv.url}/-/healthy`)).status).toBe(200);
    const ok = await fetch(`${srv.url}/-/ready`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ready', checks: { queue: { ok: true } } });
    ready = false;
    const notReady = await fetch(`${srv.url}/-/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ status: 'not ready', checks: { queue: { ok: false, detail: 'redis unreachable' } } });
  });

  it('a readiness check that throws is "not ready", not a crash', async () => {
    srv = await startTestServer({ deps: { readiness: async () => Promise.reject(new Error('boom')) } });
    const res = await fetch(`${srv.url}/-/ready`);
    expect(res.status).toBe(503);
  });

  it('lists devices with per-probe status; samples only on request', async () => {
    srv = await startTestServer({ devices: [device('hq-printer-1'), device('hq-printer-2', { icmp: undefined, ssh: undefined })] });
    await srv.store.put(stored('hq-printer-1'));
    await srv.store.put(
      stored('hq-printer-1', {
        probe: 'icmp',
        worker: 'host-b:9',
        result: { probe: 'icmp', success: false, durationMs: 1500, samples: [], error: { kind: 'unreachable', message: 'no reply to 3 echo requests' } },
      }),
    );
    const res = await fetch(`${srv.url}/api/devices`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { devices: Array<Record<string, unknown>> };
    expect(body.devices.map((d) => d.device)).toEqual(['hq-printer-1', 'hq-printer-2']);
    const [first, second] = body.devices as Array<{ up: boolean | null; probes: Array<Record<string, unknown>> }>;
    expect(first).toMatchObject({ device: 'hq-printer-1', client: 'acme', site: 'hq', kind: 'printer', up: true });
    const snmp = first.probes.find((p) => p.probe === 'snmp');
    expect(snmp).toMatchObject({ configured: true, success: true, durationMs: 250, worker: 'host-a:123', error: null, sampleCount: 1, modules: { system: { success: true } } });
    expect(snmp?.samples).toBeUndefined();
    expect(first.probes.find((p) => p.probe === 'icmp')).toMatchObject({ success: false, worker: 'host-b:9', error: { kind: 'unreachable' } });
    expect(second).toMatchObject({ up: null });
    expect(second.probes).toEqual([expect.objectContaining({ probe: 'snmp', lastRunAt: null, success: null })]);

    const withSamples = (await (await fetch(`${srv.url}/api/devices?samples=true`)).json()) as { devices: Array<{ probes: Array<{ samples?: unknown[] }> }> };
    expect(withSamples.devices[0].probes[0].samples).toHaveLength(1);
  });

  it('one device with its latest samples; unknown device is a JSON 404', async () => {
    srv = await startTestServer();
    await srv.store.put(stored('hq-printer-1'));
    const res = await fetch(`${srv.url}/api/devices/hq-printer-1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { probes: Array<{ probe: string; samples: unknown[]; lastRunAt: string }> };
    const snmp = body.probes.find((p) => p.probe === 'snmp');
    expect(snmp?.samples).toEqual([
      { name: 'quarkpulse_printer_supply_level', labels: { supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' }, value: 42 },
    ]);
    expect(Date.parse(snmp?.lastRunAt ?? '')).not.toBeNaN();

    const missing = await fetch(`${srv.url}/api/devices/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/json/);
    expect(await missing.json()).toMatchObject({ error: 'not found' });
  });

  it('unknown routes answer JSON 404; a malformed path is a JSON 400', async () => {
    srv = await startTestServer();
    const res = await fetch(`${srv.url}/nothing/here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not found' });
    const bad = await fetch(`${srv.url}/api/devices/%E0%A4%A`);
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'bad request' });
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('a failing handler answers JSON 500 without a stack or the error text', async () => {
    const store = new MemoryResultStore();
    store.forDevice = async () => {
      throw new Error('secret internals at /home/x/file.ts:12');
    };
    const app = createHttpApp({
      logger: silentLogger,
      registry: new Registry(),
      store,
      probes: builtinProbeRegistry,
      config: () => ({ devices: [device('d1')], http: { listen: '127.0.0.1:0', externalUrl: 'http://x' } }),
      readiness: async () => ({ ready: true, checks: {} }),
    });
    const server = await startHttpServer(app, '127.0.0.1:0');
    try {
      const res = await fetch(`${server.url}/api/devices`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal error', message: 'internal error' });
      expect(text).not.toMatch(/file\.ts|at |internals/);
    } finally {
      await server.close();
    }
  });

  it('reload: 200 with the summary, 400 with the problems, 501 when not available', async () => {
    let valid = true;
    srv = await startTestServer({
      deps: {
        reload: async () =>
          valid
            ? { ok: true, devices: 3, added: ['new-1'], removed: [], changed: [] }
            : { ok: false, problems: [{ file: 'q.yml', path: 'devices[0].kind', message: 'expected one of switch, …' }] },
      },
    });
    const ok = await fetch(`${srv.url}/-/reload`, { method: 'POST' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'reloaded', devices: 3, added: ['new-1'], removed: [], changed: [] });
    expect((await fetch(`${srv.url}/-/reload`, { method: 'PUT' })).status).toBe(200);
    expect((await fetch(`${srv.url}/-/reload`)).status).toBe(404);
    valid = false;
    const bad = await fetch(`${srv.url}/-/reload`, { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid config', problems: [{ file: 'q.yml', path: 'devices[0].kind' }] });
    await srv.close();

    srv = await startTestServer();
    expect((await fetch(`${srv.url}/-/reload`, { method: 'POST' })).status).toBe(501);
  });

  it(`never lets a secret out, even through an error message (${SECRET})`, async () => {
    srv = await startTestServer({ token: 'tok-abcdef-123' });
    await srv.store.put(
      stored('hq-printer-1', {
        result: { probe: 'snmp', success: false, durationMs: 1000, samples: [], error: { kind: 'auth', message: `community ${SECRET} rejected` } },
      }),
    );
    const auth = { authorization: 'Bearer tok-abcdef-123' };
    const bodies: string[] = [];
    for (const path of ['/api/devices', '/api/devices?samples=true', '/api/devices/hq-printer-1', '/metrics', '/-/ready', '/-/healthy', '/nope']) {
      const res = await fetch(`${srv.url}${path}`, { headers: auth });
      bodies.push(`${JSON.stringify([...res.headers])}${await res.text()}`);
    }
    const all = bodies.join('\n');
    expect(all).toContain('hq-printer-1');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('tok-abcdef-123');
    expect(all).toContain('community <secret> rejected');
  });
});

describe('GET /api/devices pages (issue 14: 100,000 devices made one 40 MB answer)', () => {
  let srv: TestServer | undefined;
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  const names = (body: { devices: Array<{ device: string }> }) => body.devices.map((d) => d.device);

  it('pages in config order with limit and cursor, filters by client, 500 by default', async () => {
    const devices = Array.from({ length: 1_203 }, (_, i) => device(`d-${String(i).padStart(4, '0')}`, { client: i % 3 === 0 ? 'acme' : 'globex' }));
    srv = await startTestServer({ devices });
    await srv.store.put(stored('d-0001'));
    type Page = { devices: Array<{ device: string; up: boolean | null }>; nextCursor: string | null; total: number };
    const get = async (q: string) => (await (await fetch(`${srv?.url}/api/devices${q}`)).json()) as Page;

    const first = await get('');
    expect(first.devices).toHaveLength(500);
    expect(first.total).toBe(1_203);
    expect(first.devices[1]).toMatchObject({ device: 'd-0001', up: true });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await get(`?limit=400${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...names(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(devices.map((d) => d.name));

    const acme = await get('?client=acme&limit=1000');
    expect(acme.total).toBe(401);
    expect(acme.devices).toHaveLength(401);
    expect(acme.nextCursor).toBeNull();
    const acmeFirst = await get('?client=acme&limit=10');
    const acmeNext = await get(`?client=acme&limit=10&cursor=${acmeFirst.nextCursor}`);
    expect(names(acmeNext)[0]).toBe('d-0030');
  });

  it('a bad limit or cursor is a 400 that says what to send', async () => {
    srv = await startTestServer();
    for (const q of ['?limit=0', '?limit=5001', '?limit=ten', '?cursor=%%%', '?cursor=bm9wZQ', '?client=']) {
      const res = await fetch(`${srv.url}/api/devices${q}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/limit must be|cursor is not valid|client must/);
    }
  });

  it('a 404 never echoes what was asked for (guards: the scrubber confirming a guessed secret as <secret>)', async () => {
    srv = await startTestServer();
    for (const path of [`/api/devices/${SECRET}`, `/${SECRET}`, `/api/devices/x/${SECRET}`]) {
      const res = await fetch(`${srv.url}${path}`);
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).not.toContain('<secret>');
      expect(text).not.toContain(SECRET);
    }
  });
});

describe('http app when the backend hangs', () => {
  it('answers /metrics and /-/ready within ~2 s even if the queue never answers', async () => {
    const never = () => new Promise<never>(() => undefined);
    const srv = await startTestServer({ deps: { beforeScrape: never, readiness: never } });
    try {
      const t0 = Date.now();
      const [m, r] = await Promise.all([fetch(`${srv.url}/metrics`), fetch(`${srv.url}/-/ready`)]);
      expect(m.status).toBe(200);
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ checks: { readiness: { ok: false, detail: 'readiness check took longer than 2000 ms' } } });
      expect(Date.now() - t0).toBeLessThan(3500);
    } finally {
      await srv.close();
    }
  });
});
