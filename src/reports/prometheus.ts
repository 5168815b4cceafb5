/**
 * A small client of the Prometheus HTTP API (range and instant queries) with fetch. Every failure
 * becomes a PrometheusError saying what went wrong in words a person can act on: unreachable,
 * timed out, an HTTP error, an error Prometheus reported, or an answer that is not what the API
 * documents. It counts the queries and the bytes it read (the report's cost, see bench/report.ts).
 */

/** One time series: its labels (including __name__ when Prometheus keeps it) and its points, oldest first. */
export interface Series {
  labels: Record<string, string>;
  /** [ms since epoch, value] */
  points: Array<[number, number]>;
}

export type PrometheusErrorKind = 'unreachable' | 'timeout' | 'http' | 'prometheus' | 'bad-data';

export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PrometheusError';
  }
}

export interface QueryStats {
  queries: number;
  bytes: number;
}

export interface PrometheusApiOptions {
  /** Base URL, e.g. http://127.0.0.1:9090 */
  url: string;
  timeoutMs: number;
}

export class PrometheusApi {
  readonly stats: QueryStats = { queries: 0, bytes: 0 };
  private readonly base: string;

  constructor(private readonly opts: PrometheusApiOptions) {
    this.base = opts.url.replace(/\/+$/, '');
  }

  /** `query_range`: every series with a point per step in [startMs, endMs]. */
  async queryRange(query: string, startMs: number, endMs: number, stepMs: number): Promise<Series[]> {
    const data = await this.call('query_range', { query, start: seconds(startMs), end: seconds(endMs), step: seconds(stepMs) });
    if (data.resultType !== 'matrix') throw new PrometheusError('bad-data', `Prometheus answered a ${String(data.resultType)} to a range query (expected a matrix)`);
    return parseMatrix(data.result);
  }

  /** `query`: the instant vector at `atMs`, each series with its one point. */
  async query(query: string, atMs: number): Promise<Series[]> {
    const data = await this.call('query', { query, time: seconds(atMs) });
    if (data.resultType !== 'vector') throw new PrometheusError('bad-data', `Prometheus answered a ${String(data.resultType)} to an instant query (expected a vector)`);
    return parseVector(data.result);
  }

  private async call(endpoint: string, params: Record<string, string>): Promise<{ resultType: unknown; result: unknown }> {
    this.stats.queries++;
    const url = `${this.base}/api/v1/${endpoint}`;
    let res: Response;
    try {
      // POST with a form body: long selectors never hit a URL length limit.
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      throw fetchError(err, this.base, this.opts.timeoutMs);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw fetchError(err, this.base, this.opts.timeoutMs);
    }
    this.stats.bytes += Buffer.byteLength(text);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      if (!res.ok) throw new PrometheusError('http', `Prometheus at ${this.base} answered HTTP ${res.status} ${res.statusText} (is the URL the Prometheus server?)`);
      throw new PrometheusError('bad-data', `Prometheus at ${this.base} answered something that is not JSON (is the URL the Prometheus server?)`);
    }
    const b = body as { status?: unknown; error?: unknown; errorType?: unknown; data?: { resultType?: unknown; result?: unknown } };
    if (b.status === 'error') throw new PrometheusError('prometheus', `Prometheus refused the query (${String(b.errorType ?? 'error')}): ${String(b.error ?? 'no reason given')}`);
    if (!res.ok) throw new PrometheusError('http', `Prometheus at ${this.base} answered HTTP ${res.status} ${res.statusText}`);
    if (b.status !== 'success' || typeof b.data !== 'object' || b.data === null) throw new PrometheusError('bad-data', `Prometheus at ${this.base} answered without a result (not the Prometheus HTTP API?)`);
    return { resultType: b.data.resultType, result: b.data.result };
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function fetchError(err: unknown, base: string, timeoutMs: number): PrometheusError {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return new PrometheusError('timeout', `Prometheus at ${base} did not answer within ${timeoutMs} ms`);
  const why = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
  return new PrometheusError('unreachable', `Prometheus at ${base} is not reachable (${why})`);
}

function labelsOf(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null) throw new PrometheusError('bad-data', 'a series without labels in the answer');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw new PrometheusError('bad-data', `label ${k} is not a string`);
    out[k] = v;
  }
  return out;
}

function pointOf(raw: unknown): [number, number] {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[0] !== 'number' || typeof raw[1] !== 'string') throw new PrometheusError('bad-data', 'a sample that is not [time, "value"]');
  const value = Number(raw[1]);
  if (Number.isNaN(value) && raw[1] !== 'NaN') throw new PrometheusError('bad-data', `a sample value that is not a number: ${raw[1]}`);
  return [Math.round(raw[0] * 1000), value];
}

/** Pure: a `matrix` result as series (exported for tests). */
export function parseMatrix(result: unknown): Series[] {
  if (!Array.isArray(result)) throw new PrometheusError('bad-data', 'the result is not a list');
  return result.map((r: { metric?: unknown; values?: unknown }) => {
    if (!Array.isArray(r?.values)) throw new PrometheusError('bad-data', 'a series without values');
    return { labels: labelsOf(r.metric), points: r.values.map(pointOf) };
  });
}

/** Pure: a `vector` result as series of one point. */
export function parseVector(result: unknown): Series[] {
  if (!Array.isArray(result)) throw new PrometheusError('bad-data', 'the result is not a list');
  return result.map((r: { metric?: unknown; value?: unknown }) => ({ labels: labelsOf(r?.metric), points: [pointOf(r?.value)] }));
}
