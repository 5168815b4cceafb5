/** The Prometheus API client's errors, against a small HTTP server on loopback playing Prometheus. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusApi, PrometheusError } from '../../../src/reports/prometheus';
import { freeTcpPort } from '../../helpers/ports';

type Handler = (body: string, url: string) => { status: number; body: string; delayMs?: number };

describe('PrometheusApi', () => {
  let server: Server;
  let url: string;
  let handler: Handler = () => ({ status: 200, body: '{}' });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const a = handler(body, req.url ?? '');
        setTimeout(() => res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body), a.delayMs ?? 0);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const api = (timeoutMs = 2000) => new PrometheusApi({ url: `${url}/`, timeoutMs });
  async function failure(p: Promise<unknown>): Promise<PrometheusError> {
    try {
      await p;
    } catch (err) {
      if (err instanceof PrometheusError) return err;
      throw err;
    }
    throw new Error('expected a PrometheusError');
  }

  it('posts the query and parses a matrix into series with ms times; counts queries and bytes', async () => {
    let seen = '';
    handler = (body, path) => {
      seen = `${path} ${body}`;
      return { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { device: 'a' }, values: [[1790812800, '1'], [1790813100.5, '0']] }] } }) };
    };
    const client = api();
    const series = await client.queryRange('up{client="x"}', 1790812800000, 1790813100000, 300000);
    expect(seen).toBe('/api/v1/query_range query=up%7Bclient%3D%22x%22%7D&start=1790812800.000&end=1790813100.000&step=300.000');
    expect(series).toEqual([{ labels: { device: 'a' }, points: [[1790812800000, 1], [1790813100500, 0]] }]);
    expect(client.stats.queries).toBe(1);
    expect(client.stats.bytes).toBeGreaterThan(50);
  });

  it('says what went wrong: Prometheus error JSON, HTTP error, not JSON, bad data, wrong result type', async () => {
    handler = () => ({ status: 400, body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' }) });
    expect((await failure(api().query('x{', 0))).message).toBe('Prometheus refused the query (bad_data): parse error at char 3');
    handler = () => ({ status: 503, body: 'Service Unavailable' });
    const http = await failure(api().query('x', 0));
    expect([http.kind, http.message]).toEqual(['http', `Prometheus at ${url} answered HTTP 503 Service Unavailable (is the URL the Prometheus server?)`]);
    handler = () => ({ status: 200, body: '<html>grafana</html>' });
    expect((await failure(api().query('x', 0))).kind).toBe('bad-data');
    handler = () => ({ status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'many'] }] } }) });
    expect((await failure(api().query('x', 0))).message).toBe('a sample value that is not a number: many');
    handler = () => ({ status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }) });
    expect((await failure(api().queryRange('x', 0, 1, 1))).message).toBe('Prometheus answered a vector to a range query (expected a matrix)');
  });

  it('times out, and says when nothing listens', async () => {
    handler = () => ({ status: 200, body: '{}', delayMs: 1500 });
    const slow = await failure(api(200).query('x', 0));
    expect([slow.kind, slow.message]).toEqual(['timeout', `Prometheus at ${url} did not answer within 200 ms`]);
    const port = await freeTcpPort();
    const away = await failure(new PrometheusApi({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000 }).query('x', 0));
    expect([away.kind, away.message]).toEqual(['unreachable', `Prometheus at http://127.0.0.1:${port} is not reachable (ECONNREFUSED)`]);
  });
});
