/**
 * /metrics split into shards that Prometheus discovers: a real Prometheus with `http_sd_configs`
 * pointed at the daemon's /metrics/sd finds every shard and the self target, scrapes them all
 * (up == 1 each, a distinct `shard` label each), and together they carry exactly the device
 * series /metrics serves, each device from the one shard its name hashes to.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { shardOf } from '../../src/results/shard';
import { startLabDaemon, type LabDaemon } from '../helpers/lab-daemon';
import { startPrometheus, waitFor, type ManagedProcess } from '../helpers/prom-stack';
import { describeWith } from '../helpers/requires';

const SHARDS = 3;
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = new Set(['job', 'instance', 'shard']);

type Series = Array<{ metric: Record<string, string>; value: [number, string] }>;

interface Vector {
  status: string;
  data?: { result: Series };
}

/** name{labels sorted} of every device series in an exposition. */
function deviceSeries(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^(quarkpulse_\w+)\{(.*)\} \S+$/gm)) {
    const labels = [...m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2].replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c))]);
    if (!labels.some(([k]) => k === 'device')) continue;
    out.add(key(m[1], Object.fromEntries(labels)));
  }
  return out;
}

function key(name: string, labels: Record<string, string>): string {
  const own = Object.entries(labels)
    // An empty label value is no label to Prometheus.
    .filter(([k, v]) => k !== '__name__' && !TARGET_LABELS.has(k) && v !== '')
    .sort(([a], [b]) => a.localeCompare(b));
  return `${name}{${own.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

describeWith(['prometheus'], 'metrics shards discovered by a real Prometheus (http_sd_configs)', () => {
  let lab: LabDaemon;
  let prom: { proc: ManagedProcess; url: string };
  let dir: string;

  const query = async (expr: string): Promise<Series> => {
    const res = await fetch(`${prom.url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: expr }), signal: AbortSignal.timeout(10_000) });
    const answer = (await res.json()) as Vector;
    if (answer.status !== 'success') throw new Error(`query ${expr}: ${JSON.stringify(answer)}`);
    return answer.data?.result ?? [];
  };

  beforeAll(async () => {
    lab = await startLabDaemon({ lab: 'in-process' });
    await lab.reconfigure((c) => {
      c.http = { ...(c.http as object), metrics_shards: SHARDS };
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-shards-prom-'));
    fs.writeFileSync(
      path.join(dir, 'prometheus.yml'),
      stringifyYaml({
        global: { scrape_interval: '1s', scrape_timeout: '1s' },
        scrape_configs: [{ job_name: 'quarkpulse', http_sd_configs: [{ url: `${lab.url}/metrics/sd`, refresh_interval: '1s' }] }],
      }),
    );
    prom = await startPrometheus({ configFile: path.join(dir, 'prometheus.yml'), storageDir: path.join(dir, 'data') });
  }, 60_000);

  afterAll(async () => {
    await prom?.proc.stop();
    await lab?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('/metrics/sd lists one target per shard and the self target, at the address it was reached by', async () => {
    const sd = (await (await fetch(`${lab.url}/metrics/sd`)).json()) as Array<{ targets: string[]; labels: Record<string, string> }>;
    const host = new URL(lab.url).host;
    expect(sd).toEqual([
      ...Array.from({ length: SHARDS }, (_, k) => ({ targets: [host], labels: { __metrics_path__: `/metrics/shard/${k}`, shard: String(k) } })),
      { targets: [host], labels: { __metrics_path__: '/metrics/self', shard: 'self' } },
    ]);
    expect((await fetch(`${lab.url}/metrics/shard/${SHARDS}`)).status).toBe(404);
  });

  it('Prometheus scrapes every shard and the self target: up == 1 for each', async () => {
    const up = await waitFor(
      async () => {
        const r = await query('up{job="quarkpulse"}');
        return r.length === SHARDS + 1 && r.every((s) => s.value[1] === '1') ? r : undefined;
      },
      `${SHARDS + 1} targets up`,
      30_000,
      500,
    );
    expect(up.map((s) => s.metric.shard).sort()).toEqual(['0', '1', '2', 'self']);
    // The process's own metrics come from the self target only.
    const workers = await query('quarkpulse_workers');
    expect(workers.map((s) => s.metric.shard)).toEqual(['self']);
  }, 40_000);

  it('the union of the shards is /metrics: the same device series, each device from its own shard', async () => {
    let last = '';
    await waitFor(
      async () => {
        const served = deviceSeries(await (await fetch(`${lab.url}/metrics`)).text());
        const scraped = new Set((await query('{__name__=~"quarkpulse_.+", device!=""}')).map((s) => key(s.metric.__name__, s.metric)));
        const missing = [...served].filter((s) => !scraped.has(s));
        const extra = [...scraped].filter((s) => !served.has(s));
        last = JSON.stringify({ missing: missing.slice(0, 5), extra: extra.slice(0, 5), served: served.size, scraped: scraped.size });
        return served.size > 100 && missing.length === 0 && extra.length === 0 ? true : undefined;
      },
      'shards equal to /metrics',
      30_000,
      1_000,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}; last difference: ${last}`);
    });
    const byDevice = await query('count by (device, shard) (quarkpulse_probe_success)');
    const devices = new Set(byDevice.map((s) => s.metric.device));
    expect(devices.size).toBe(byDevice.length);
    for (const s of byDevice) expect(s.metric.shard).toBe(String(shardOf(s.metric.device, SHARDS)));
  }, 40_000);
});
