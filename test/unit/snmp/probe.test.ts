/**
 * The SNMP probe and its session pool over the in-memory agent: per-module outcomes, success
 * rules, self-metrics, history per device, and the per-device lock of pooled (v3) sessions.
 */
import { snmpProbe } from '../../../src/probes/snmp/definition';
import { Registry } from 'prom-client';
import { createSnmpProbe } from '../../../src/probes/snmp';
import { SnmpAbortError } from '../../../src/probes/snmp/errors';
import type { SnmpModule } from '../../../src/probes/snmp/modules/types';
import { SessionPool } from '../../../src/probes/snmp/pool';
import type { SessionTarget, SnmpSession } from '../../../src/probes/snmp/session';
import type { DeviceTarget, SnmpSettings } from '../../../src/inventory/types';
import { Secret } from '../../../src/config/secret';
import { silentLogger } from '../../../src/log';
import { SelfMetrics } from '../../../src/metrics/self';
import { FakeAgent, range, table, vb } from './fake-agent';
import { deviceTarget, snmpSettings } from '../../helpers/targets';

const E = '1.3.6.1.2.1.99.1.1';

const system: SnmpModule = {
  name: 'system',
  scalars: ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.5.0'],
  tables: [],
  decode: (walk) => [{ name: 'quarkpulse_device_uptime_seconds', labels: {}, value: walk.scalars.size }],
};
const interfaces: SnmpModule = {
  name: 'interfaces',
  scalars: [],
  tables: [{ name: 'testTable', entry: E, columns: [2, 3] }],
  decode: (walk) => [...(walk.columns.get(`${E}.2`) ?? new Map()).keys()].map((ifindex) => ({ name: 'quarkpulse_interface_oper_up', labels: { ifindex, name: ifindex }, value: 1 })),
};
const broken: SnmpModule = {
  name: 'host',
  scalars: [],
  tables: [{ name: 'other', entry: '1.3.6.1.2.1.99.2.1', columns: [1] }],
  decode: () => {
    throw new Error('cannot decode this');
  },
};

function settings(extra: Partial<SnmpSettings> = {}): SnmpSettings {
  return snmpSettings({ maxRepetitions: 50, modules: ['system', 'interfaces'], ...extra });
}

function target(name: string, snmp = settings()): DeviceTarget {
  return deviceTarget(name, { intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 86_400_000 }, icmp: undefined, snmp });
}

const ctx = (signal = new AbortController().signal) => ({ signal, logger: silentLogger });
const DATA = [vb('1.3.6.1.2.1.1.1.0', 'descr'), vb('1.3.6.1.2.1.1.5.0', 'name'), ...table(E, [1, 2, 3, 4], range(1, 6)), vb('1.3.6.1.2.1.99.2.1.1.1', 5)];

/** A pool whose sessions are the fake agent (closing it is recorded, the agent stays usable). */
function fakePool(agent: FakeAgent, opened: SessionTarget[] = []): SessionPool {
  return new SessionPool({
    open: (t) => {
      opened.push(t);
      const session: SnmpSession = {
        version: agent.version,
        counters: agent.counters,
        get: (o, s) => agent.get(o, s),
        getNext: (o, s) => agent.getNext(o, s),
        getBulk: (o, n, r, s) => agent.getBulk(o, n, r, s),
        close: () => {
          closed.push(t);
        },
      };
      return session;
    },
  });
}
const closed: SessionTarget[] = [];

describe('SNMP probe', () => {
  it('decodes every module, reports module success, counts self-metrics, keeps the session until forgotten', async () => {
    const agent = new FakeAgent(DATA);
    const selfMetrics = new SelfMetrics(new Registry());
    closed.length = 0;
    const probe = createSnmpProbe({ selfMetrics, modules: { system, interfaces }, pool: fakePool(agent) });
    const r = await probe.run(target('sw1'), ctx());
    expect(r.success).toBe(true);
    expect(r.error).toBeUndefined();
    expect(r.modules).toEqual({ system: { success: true }, interfaces: { success: true } });
    expect(r.samples).toContainEqual({ name: 'quarkpulse_device_uptime_seconds', labels: {}, value: 2 });
    expect(r.samples.filter((s) => s.name === 'quarkpulse_interface_oper_up')).toHaveLength(6);
    expect(r.samples.filter((s) => s.name === 'quarkpulse_snmp_module_success')).toEqual([
      { name: 'quarkpulse_snmp_module_success', labels: { module: 'system' }, value: 1 },
      { name: 'quarkpulse_snmp_module_success', labels: { module: 'interfaces' }, value: 1 },
    ]);
    expect(closed).toHaveLength(0);
    const metrics = await selfMetrics.registry.getMetricsAsJSON();
    const value = (n: string) => metrics.find((m) => m.name === n)?.values[0];
    expect(value('quarkpulse_snmp_requests_total')).toMatchObject({ labels: { client: 'acme', device: 'sw1' }, value: 2 });
    expect(value('quarkpulse_snmp_varbinds_total')?.value).toBeGreaterThan(12);
    // The second poll is planned from the first: each module one request, nothing wasted but the end check.
    await probe.run(target('sw1'), ctx());
    expect(probe.lastStats('sw1')).toMatchObject({ requests: 2, usefulVarbinds: 14, wireVarbinds: 15 });
    expect(closed).toHaveLength(0);
    probe.forget('sw1');
    expect(closed).toHaveLength(1);
  });

  it('a module that fails (here: its decoder) is reported alone; the probe still succeeds', async () => {
    const agent = new FakeAgent(DATA);
    const probe = createSnmpProbe({ modules: { system, interfaces, host: broken }, pool: fakePool(agent) });
    const r = await probe.run(target('sw2', settings({ modules: ['system', 'interfaces', 'host'] })), ctx());
    expect(r.success).toBe(true);
    expect(r.modules?.host).toEqual({ success: false, error: 'internal: decoding failed: cannot decode this' });
    expect(r.samples).toContainEqual({ name: 'quarkpulse_snmp_module_success', labels: { module: 'host' }, value: 0 });
    expect(r.samples.filter((s) => s.name === 'quarkpulse_interface_oper_up')).toHaveLength(6);
  });

  it('every module failing fails the probe with the first error', async () => {
    const agent = new FakeAgent(DATA, { hook: (call) => call.oids.map(() => [{ oid: '1.3', type: 2, value: 1 }]) });
    const probe = createSnmpProbe({ modules: { system, interfaces }, pool: fakePool(agent) });
    const r = await probe.run(target('sw3'), ctx());
    expect(r.success).toBe(false);
    expect(r.error?.kind).toBe('protocol');
    expect(r.error?.message).toMatch(/not increasing/);
  });

  it('configuration problems fail before any request', async () => {
    const agent = new FakeAgent(DATA);
    const probe = createSnmpProbe({ modules: { system }, pool: fakePool(agent) });
    expect((await probe.run(target('x', settings({ modules: ['printer'] })), ctx())).error).toEqual({ kind: 'config', message: 'unknown SNMP module "printer"' });
    const noSnmp = { ...target('y'), snmp: undefined };
    expect(snmpProbe.appliesTo(noSnmp)).toBe(false);
    expect((await probe.run(noSnmp, ctx())).error?.kind).toBe('config');
    expect(agent.calls).toHaveLength(0);
  });

  it('a cancelled poll fails with kind timeout and sends nothing more', async () => {
    const agent = new FakeAgent(DATA);
    const probe = createSnmpProbe({ modules: { system, interfaces }, pool: fakePool(agent) });
    const ac = new AbortController();
    ac.abort();
    const r = await probe.run(target('sw4'), ctx(ac.signal));
    expect(r.success).toBe(false);
    expect(r.error?.kind).toBe('timeout');
    expect(agent.calls).toHaveLength(0);
  });

  it('keeps history per device and agent: another address starts afresh; forget() drops it', async () => {
    const agent = new FakeAgent(DATA);
    const probe = createSnmpProbe({ modules: { system, interfaces }, pool: fakePool(agent) });
    await probe.run(target('sw5'), ctx());
    await probe.run(target('sw5'), ctx());
    expect(probe.lastStats('sw5')?.wireVarbinds).toBe(15);
    const moved = { ...target('sw5'), address: '127.0.0.2' };
    await probe.run(moved, ctx());
    expect(probe.lastStats('sw5')?.wireVarbinds).toBeGreaterThan(15);
    probe.forget('sw5');
    expect(probe.lastStats('sw5')).toBeUndefined();
  });
});

describe('SessionPool', () => {
  const v3 = (extra: Partial<SnmpSettings> = {}): SessionTarget => ({
    address: '127.0.0.1',
    snmp: settings({ version: '3', community: undefined, v3: { user: 'u', level: 'authNoPriv', authProtocol: 'sha', authKey: new Secret('k1234567') }, ...extra }),
  });

  function countingPool() {
    const opened: string[] = [];
    const closedNames: string[] = [];
    let n = 0;
    const pool = new SessionPool({
      open: () => {
        const id = `s${++n}`;
        opened.push(id);
        return { version: '3', counters: { requests: 0, retries: 0, timeouts: 0, varbinds: 0 }, get: async () => [], getNext: async () => [], getBulk: async () => [], close: () => closedNames.push(id) };
      },
    });
    return { pool, opened, closed: closedNames };
  }

  it('v3: one session per device, reused; polls of one device wait for each other', async () => {
    const { pool, opened } = countingPool();
    const order: string[] = [];
    const a = await pool.acquire('dev', v3());
    const waiting = pool.acquire('dev', v3()).then((lease) => {
      order.push('second');
      return lease;
    });
    await new Promise((r) => setTimeout(r, 10));
    order.push('first done');
    a.release();
    const b = await waiting;
    expect(order).toEqual(['first done', 'second']);
    expect(b.session).toBe(a.session);
    b.release();
    expect(opened).toEqual(['s1']);
    expect(pool.size).toBe(1);
  });

  it('v3: changed settings replace the session; discard and forget close it; waiting can be cancelled', async () => {
    const { pool, opened, closed: gone } = countingPool();
    (await pool.acquire('dev', v3())).release();
    (await pool.acquire('dev', v3({ port: 1161 }))).release();
    expect(opened).toEqual(['s1', 's2']);
    expect(gone).toEqual(['s1']);
    (await pool.acquire('dev', v3({ port: 1161 }))).release({ discard: true });
    expect(gone).toEqual(['s1', 's2']);
    const held = await pool.acquire('dev', v3());
    const ac = new AbortController();
    const cancelled = pool.acquire('dev', v3(), ac.signal);
    ac.abort();
    await expect(cancelled).rejects.toBeInstanceOf(SnmpAbortError);
    held.release();
    const next = await pool.acquire('dev', v3());
    next.release();
    pool.forget('dev');
    expect(pool.size).toBe(0);
  });

  it('v1/v2c: pooled per device too; a changed community opens a new session', async () => {
    const { pool, opened, closed: gone } = countingPool();
    (await pool.acquire('dev', { address: '127.0.0.1', snmp: settings() })).release();
    (await pool.acquire('dev', { address: '127.0.0.1', snmp: settings() })).release();
    expect(opened).toEqual(['s1']);
    expect(gone).toEqual([]);
    (await pool.acquire('dev', { address: '127.0.0.1', snmp: settings({ community: new Secret('other') }) })).release();
    expect(opened).toEqual(['s1', 's2']);
    expect(gone).toEqual(['s1']);
    expect(pool.size).toBe(1);
  });

  it('keeps at most maxOpen sessions: the least recently used idle one is closed', async () => {
    let now = 0;
    const gone: string[] = [];
    let n = 0;
    const pool = new SessionPool({
      maxOpen: 2,
      now: () => now,
      open: () => {
        const id = `s${++n}`;
        return { version: '2c', counters: { requests: 0, retries: 0, timeouts: 0, varbinds: 0 }, get: async () => [], getNext: async () => [], getBulk: async () => [], close: () => gone.push(id) };
      },
    });
    for (const dev of ['a', 'b', 'c']) {
      now += 10;
      (await pool.acquire(dev, { address: '127.0.0.1', snmp: settings() })).release();
    }
    expect(gone).toEqual(['s1']);
    expect(pool.size).toBe(2);
  });

  it('closes v3 sessions idle longer than idleMs', async () => {
    let now = 0;
    const gone: string[] = [];
    const pool = new SessionPool({
      idleMs: 1000,
      now: () => now,
      open: () => ({ version: '3', counters: { requests: 0, retries: 0, timeouts: 0, varbinds: 0 }, get: async () => [], getNext: async () => [], getBulk: async () => [], close: () => gone.push('x') }),
    });
    (await pool.acquire('old', v3())).release();
    now = 5000;
    (await pool.acquire('new', v3())).release();
    expect(gone).toEqual(['x']);
    expect(pool.size).toBe(1);
  });
});
