/**
 * The URL forms of `queue.redis` and REDIS_URL: redis:// and rediss:// (one server), and
 *
 *   redis+sentinel://[[user]:password@]host:port[,host:port…]/master-name[/db]
 *   redis+cluster://[[user]:password@]host:port[,host:port…]
 *
 * A URL's password is the Redis servers' password (a Sentinel's own password is only written in
 * the object form, `sentinel_password`). Pure parsing; redis-target.ts has what they become.
 */

export interface RedisNode {
  host: string;
  port: number;
}

export const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** `host:port` or `[v6]:port` → the node; undefined when it is not that shape or the port is out of range. */
export function parseHostPort(text: string): RedisNode | undefined {
  const m = HOST_PORT.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

/** The URL schemes REDIS_URL and a `queue.redis` string may use. */
export const REDIS_URL_SCHEMES = /^(rediss?|redis\+sentinel|redis\+cluster):\/\//;

/** What the password of a URL form becomes: the caller wraps it as a Secret. */
export type ParsedRedisUrl =
  | { kind: 'url'; url: string }
  | { kind: 'sentinel'; sentinels: RedisNode[]; name: string; username?: string; password?: string; db: number }
  | { kind: 'cluster'; cluster: RedisNode[]; username?: string; password?: string };

/** A REDIS_URL or `queue.redis` string → what it names, or a reason a person can act on. */
export function parseRedisUrl(text: string): { ok: true; value: ParsedRedisUrl } | { ok: false; reason: string } {
  const scheme = REDIS_URL_SCHEMES.exec(text)?.[1];
  if (!scheme) {
    // host:port alone is the common slip: the plain form's wording, with what to write.
    if (/^[\w.-]+:\d+$/.test(text)) return { ok: false, reason: `expected a redis:// or rediss:// URL (write redis://${text})` };
    return { ok: false, reason: 'expected a redis://, rediss://, redis+sentinel:// or redis+cluster:// URL (e.g. redis://127.0.0.1:6379)' };
  }
  if (scheme === 'redis' || scheme === 'rediss') {
    try {
      if (new URL(text).hostname !== '') return { ok: true, value: { kind: 'url', url: text } };
    } catch {
      // falls through to the message
    }
    return { ok: false, reason: `expected a ${scheme}:// URL with a host, e.g. ${scheme}://127.0.0.1:6379` };
  }
  const rest = text.slice(scheme.length + 3);
  const at = rest.lastIndexOf('@');
  const auth = at >= 0 ? rest.slice(0, at) : undefined;
  const [hostList, ...pathParts] = rest.slice(at + 1).split('/');
  const nodes = hostList.split(',').map(parseHostPort);
  if (hostList === '' || nodes.some((n) => n === undefined)) {
    return { ok: false, reason: `expected ${scheme}://host:port[,host:port…]${scheme === 'redis+sentinel' ? '/master-name' : ''}` };
  }
  const colon = auth?.indexOf(':') ?? -1;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const username = auth !== undefined && colon > 0 ? decode(auth.slice(0, colon)) : undefined;
  const password = auth !== undefined ? decode(colon >= 0 ? auth.slice(colon + 1) : auth) || undefined : undefined;
  const list = nodes as RedisNode[];
  if (scheme === 'redis+cluster') {
    if (pathParts.some((p) => p !== '')) return { ok: false, reason: 'a Redis Cluster has only database 0: remove the path after the hosts' };
    return { ok: true, value: { kind: 'cluster', cluster: list, username, password } };
  }
  const [name = '', db = '0', ...extra] = pathParts;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) return { ok: false, reason: 'expected the master name after the hosts: redis+sentinel://host:port,…/master-name' };
  if (!/^\d{1,2}$/.test(db || '0') || extra.length > 0) return { ok: false, reason: 'expected a database number (0-15) after the master name, or nothing' };
  const dbNumber = Number(db || '0');
  if (dbNumber > 15) return { ok: false, reason: 'expected a database number 0-15 after the master name' };
  return { ok: true, value: { kind: 'sentinel', sentinels: list, name, username, password, db: dbNumber } };
}

