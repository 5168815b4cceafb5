/**
 * Paging of GET /api/devices (`?client=&limit=&cursor=`): one answer never holds the whole of a
 * large inventory (100,000 devices made 40 MB). Pure. The cursor is the name of the last device
 * of the previous page, so it stays valid across a reload as long as that device stays configured.
 */
import type { DeviceTarget } from '../inventory/types';

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 5_000;

export interface DevicePageQuery {
  client?: string;
  limit: number;
  /** Name of the last device already seen. */
  after?: string;
  samples: boolean;
}

export interface DevicePage {
  devices: DeviceTarget[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Devices matching the filter, all pages together. */
  total: number;
}

/** Query parameters → a page query, or the message of a 400 answer. */
export function parseDevicePage(query: Record<string, unknown>): DevicePageQuery | string {
  const one = (key: string): string | undefined => {
    const v = query[key];
    if (v === undefined) return undefined;
    return typeof v === 'string' ? v : '';
  };
  const rawLimit = one('limit');
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== undefined) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_PAGE_SIZE) return `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`;
    limit = Number(rawLimit);
  }
  const cursor = one('cursor');
  let after: string | undefined;
  if (cursor !== undefined) {
    after = decodeCursor(cursor);
    if (after === undefined) return 'cursor is not valid; use the nextCursor of the previous answer';
  }
  const client = one('client');
  if (client === '') return 'client must name one client';
  const samples = one('samples');
  return { client, limit, after, samples: samples === 'true' || samples === '1' };
}

/** Pure: the page of `devices` (config order) that `q` asks for; undefined when the cursor's device is gone. */
export function devicePage(devices: readonly DeviceTarget[], q: DevicePageQuery): DevicePage | undefined {
  let start = 0;
  if (q.after !== undefined) {
    const i = indexOf(devices).get(q.after);
    if (i === undefined) return undefined;
    start = i + 1;
  }
  const matches = (d: DeviceTarget) => q.client === undefined || d.client === q.client;
  const out: DeviceTarget[] = [];
  let i = start;
  for (; i < devices.length && out.length < q.limit; i++) if (matches(devices[i])) out.push(devices[i]);
  let more = false;
  for (let j = i; j < devices.length && !more; j++) more = matches(devices[j]);
  const total = q.client === undefined ? devices.length : countOf(devices, q.client);
  return { devices: out, nextCursor: more && out.length > 0 ? encodeCursor(out[out.length - 1].name) : null, total };
}

export function encodeCursor(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  return encodeCursor(name) === cursor ? name : undefined;
}

// Per device list in force (replaced, never mutated, on reload): built once, not per page.
const indexes = new WeakMap<readonly DeviceTarget[], Map<string, number>>();
const clientCounts = new WeakMap<readonly DeviceTarget[], Map<string, number>>();

function indexOf(devices: readonly DeviceTarget[]): Map<string, number> {
  let index = indexes.get(devices);
  if (!index) indexes.set(devices, (index = new Map(devices.map((d, i) => [d.name, i]))));
  return index;
}

function countOf(devices: readonly DeviceTarget[], client: string): number {
  let counts = clientCounts.get(devices);
  if (!counts) {
    counts = new Map();
    for (const d of devices) counts.set(d.client, (counts.get(d.client) ?? 0) + 1);
    clientCounts.set(devices, counts);
  }
  return counts.get(client) ?? 0;
}
