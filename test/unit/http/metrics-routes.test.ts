/**
 * The scrape paths: /metrics (everything, as before), /metrics/self (the process only),
 * /metrics/shard/<k> (the devices hashing to k, no process metrics), /metrics/sd (Prometheus
 * http_sd JSON naming the address the request reached). All open, like /metrics.
 */
import * as http from 'node:http';
import { Registry } from 'prom-client';
import { SelfMetrics } from '../../../src/metrics/self';
import { DeviceMetrics, deviceExpositionText } from '../../../src/results/collector';
import { shardOf } from '../../../src/results/shard';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import { startTestServer, stored, type TestServer } from './fixtures';

const DEVICES = Array.from({ length: 12 }, (_, i) => `dev-${i}`);

describe('metrics routes', () => {
  let srv: TestServer;
  afterEach(async () => srv?.close());

  const start = async (token?: string) => {
    const registry = new Registry();
    new SelfMetrics(registry).workersSeen.set(2);
    srv = await startTestServer({ token, deps: { registry } });
    srv.cfg.http.metricsShards = 4;
    for (const d of DEVICES) await srv.store.put(stored(d));
  };
  const text = async (path: string) => {
    const res = await fetch(`${srv.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  const devicesIn = (body: string) => new Set([...body.matchAll(/^quarkpulse_probe_success\{[^}]*device="([^"]+)"/gm)].map((m) => m[1]));

  it('/metrics keeps serving the process and every device', async () => {
    await start();
    const all = await text('/metrics');
    expect(all).toContain('quarkpulse_workers 2');
    expect([...devicesIn(all)].sort()).toEqual([...DEVICES].sort());
  });

  it('each shard serves its devices only, without the process metrics; together they are every device', async () => {
    await start();
    const seen: string[] = [];
    for (let k = 0; k < 4; k++) {
      const body = await text(`/metrics/shard/${k}`);
      expect(body).not.toContain('quarkpulse_workers');
      // Every family's HELP/TYPE, even where the shard has no series of it.
      expect(body).toContain('# TYPE quarkpulse_device_up gauge');
      for (const d of devicesIn(body)) {
        expect(shardOf(d, 4)).toBe(k);
        seen.push(d);
      }
    }
    expect(seen.sort()).toEqual([...DEVICES].sort());
  });

  it('/metrics/self is the process alone', async () => {
    await start();
    const body = await text('/metrics/self');
    expect(body).toContain('quarkpulse_workers 2');
    expect(devicesIn(body).size).toBe(0);
  });

  it('an unknown shard is a 404 that says how many there are', async () => {
    await start();
    const res = await fetch(`${srv.url}/metrics/shard/4`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/there are 4/);
  });

  it('/metrics/sd names the address the request reached, and needs no token (nor do the shards)', async () => {
    await start('tok');
    const host = new URL(srv.url).host;
    const res = await fetch(`${srv.url}/metrics/sd`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const sd = (await res.json()) as Array<{ targets: string[]; labels: Record<string, string> }>;
    expect(sd.map((t) => t.labels.shard)).toEqual(['0', '1', '2', '3', 'self']);
    expect(sd.every((t) => t.targets.length === 1 && t.targets[0] === host)).toBe(true);
    expect((await fetch(`${srv.url}/metrics/shard/0`)).status).toBe(200);
    expect((await fetch(`${srv.url}/metrics/self`)).status).toBe(200);
  });

  it('a scrape of many megabytes, non-ASCII labels included, arrives intact to a slow reader', async () => {
    await start();
    srv.cfg.http.metricsShards = 1;
    // 400 devices × 300 interface series with non-ASCII names: ~13 MB, ~50 send buffers.
    const samples = Array.from({ length: 300 }, (_, i) => ({ name: 'quarkpulse_interface_info' as const, labels: { ifindex: String(i), name: `Port ${i} – Büro`, alias: 'x'.repeat(i % 40), type: 'ethernetCsmacd' }, value: 1 }));
    for (let d = 0; d < 400; d++) await srv.store.put(stored(`big-${d}`, { result: { probe: 'snmp', success: true, durationMs: 5, samples } }));
    const expected = await deviceExpositionText(new DeviceMetrics(srv.store, builtinProbeRegistry), { index: 0, count: 1 });
    expect(Buffer.byteLength(expected)).toBeGreaterThan(10_000_000);
    const body = await new Promise<Buffer>((resolve, reject) => {
      http
        .get(`${srv.url}/metrics/shard/0`, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            parts.push(chunk);
            // Read slowly now and then, so the server's socket fills and its writes queue.
            if (parts.length % 20 === 0) {
              res.pause();
              setTimeout(() => res.resume(), 20);
            }
          });
          res.on('end', () => resolve(Buffer.concat(parts)));
          res.on('error', reject);
        })
        .on('error', reject);
    });
    // Same devices and series; only device_up/staleness are judged per scrape (same clock second).
    expect(body.toString('utf8')).toBe(expected);
  });
});
