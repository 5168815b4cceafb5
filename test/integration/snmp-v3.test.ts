/**
 * SNMPv3 against Debian's snmpd over real UDP on 127.0.0.1: authPriv with SHA/AES and MD5/DES,
 * bad credentials (kind 'auth', not retried), and the engine discovered once per device.
 */
import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Registry } from 'prom-client';
import { createSnmpProbe } from '../../src/probes/snmp';
import { SessionPool } from '../../src/probes/snmp/pool';
import { openSession } from '../../src/probes/snmp/session';
import type { DeviceTarget, SnmpSettings } from '../../src/inventory/types';
import { silentLogger } from '../../src/log';
import { SelfMetrics } from '../../src/metrics/self';
import { Secret } from '../../src/config/secret';
import { startSnmpd, v3Settings, type AgentProcess, type V3User } from '../../bench/snmp-agents';
import { describeWith } from '../helpers/requires';
import { deviceTarget } from '../helpers/targets';

const SHA_AES: V3User = { name: 'qpshaaes', auth: 'SHA', authKey: 'auth-sha-secret-1', priv: 'AES', privKey: 'priv-aes-secret-1' };
const MD5_DES: V3User = { name: 'qpmd5des', auth: 'MD5', authKey: 'auth-md5-secret-1', priv: 'DES', privKey: 'priv-des-secret-1' };

function target(name: string, snmp: SnmpSettings): DeviceTarget {
  return deviceTarget(name, { client: 'v3', site: '', kind: 'server', intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 86_400_000 }, probeTimeoutMs: 20_000, icmp: undefined, snmp });
}

const ctx = () => ({ signal: new AbortController().signal, logger: silentLogger });

function desAvailable(): boolean {
  try {
    crypto.createCipheriv('des-cbc', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}

describeWith(['snmpd'], 'SNMPv3 against snmpd', () => {
  let agent: AgentProcess;

  beforeAll(async () => {
    agent = await startSnmpd([SHA_AES, MD5_DES], SHA_AES);
  }, 30_000);

  afterAll(async () => {
    await agent?.stop();
  });

  it('authPriv SHA/AES: every module answers; one session (one engine discovery) serves all polls, also concurrent ones', async () => {
    let opened = 0;
    const pool = new SessionPool({
      open: (t) => {
        opened++;
        return openSession(t);
      },
    });
    const selfMetrics = new SelfMetrics(new Registry());
    const probe = createSnmpProbe({ pool, selfMetrics });
    const t = target('v3-sha-aes', v3Settings(SHA_AES, agent.port));
    try {
      // Two polls at once on a fresh probe: serialised on one session, so one discovery.
      const [first, concurrent] = await Promise.all([probe.run(t, ctx()), probe.run(t, ctx())]);
      expect(concurrent.success).toBe(true);
      expect(first.error).toBeUndefined();
      expect(first.modules).toEqual({ system: { success: true }, interfaces: { success: true }, host: { success: true } });
      expect(first.samples.find((s) => s.name === 'quarkpulse_device_info')?.labels.sys_name).toBe('qp-snmpd');
      expect(first.samples.some((s) => s.name === 'quarkpulse_host_storage_size_bytes')).toBe(true);
      const [a, b] = await Promise.all([probe.run(t, ctx()), probe.run(t, ctx())]);
      expect([a.success, b.success]).toEqual([true, true]);
      const third = await probe.run(t, ctx());
      expect(third.success).toBe(true);
      expect(opened).toBe(1);
      expect(pool.size).toBe(1);
      // From the second poll no rediscovery, no retries; requests full (one answer per unfragmented datagram).
      const stats = probe.lastStats(t.name);
      expect(stats).toMatchObject({ retries: 0, timeouts: 0, shrinks: 0 });
      expect(stats?.requests).toBeLessThanOrEqual(Math.ceil((stats?.usefulVarbinds ?? 0) / 32) + 3);
      const requests = (await selfMetrics.registry.getSingleMetric('quarkpulse_snmp_requests_total')?.get())?.values[0]?.value;
      expect(requests).toBeGreaterThanOrEqual(12);
    } finally {
      probe.close();
    }
    expect(pool.size).toBe(0);
  });

  it('wrong auth key: kind auth with a clear message, not retried, session discarded', async () => {
    const pool = new SessionPool();
    const probe = createSnmpProbe({ pool });
    const bad = v3Settings({ ...SHA_AES, authKey: 'not-the-auth-key' }, agent.port);
    const r = await probe.run(target('v3-bad-auth', bad), ctx());
    expect(r.success).toBe(false);
    expect(r.error?.kind).toBe('auth');
    expect(r.error?.message).toMatch(/auth key/);
    expect(r.error?.message).not.toContain('not-the-auth-key');
    expect(probe.lastStats('v3-bad-auth')?.requests).toBe(1);
    expect(Object.values(r.modules ?? {}).every((m) => !m.success && /^auth: /.test(m.error ?? ''))).toBe(true);
    expect(pool.size).toBe(0);
  });

  it('wrong privacy key and unknown user: kind auth', async () => {
    const probe = createSnmpProbe();
    const quick = { timeoutMs: 400, retries: 1 };
    const badPriv = await probe.run(target('v3-bad-priv', v3Settings({ ...SHA_AES, privKey: 'not-the-priv-key' }, agent.port, quick)), ctx());
    expect(badPriv.error?.kind).toBe('auth');
    expect(badPriv.error?.message).toMatch(/privacy key|decrypt/);
    const unknown = await probe.run(target('v3-unknown', v3Settings({ ...SHA_AES, name: 'nobody-here' }, agent.port, quick)), ctx());
    expect(unknown.error?.kind).toBe('auth');
    expect(unknown.error?.message).toMatch(/does not know this user/);
    probe.close();
  });

  it('MD5/DES: a clear config error where OpenSSL 3 disabled DES; polls with --openssl-legacy-provider', async () => {
    const settings = v3Settings(MD5_DES, agent.port);
    const probe = createSnmpProbe();
    const here = await probe.run(target('v3-des', settings), ctx());
    probe.close();
    if (desAvailable()) {
      expect(here.success).toBe(true);
    } else {
      expect(here.error?.kind).toBe('config');
      expect(here.error?.message).toMatch(/--openssl-legacy-provider/);
    }
    // The same poll in a node started with the legacy provider (the built code in dist/).
    const dist = path.resolve(__dirname, '../../dist/src');
    expect(fs.existsSync(path.join(dist, 'probes/snmp/index.js'))).toBe(true);
    const script = `
      const { createSnmpProbe } = require(${JSON.stringify(path.join(dist, 'probes/snmp/index.js'))});
      const { Secret } = require(${JSON.stringify(path.join(dist, 'config/secret.js'))});
      const { silentLogger } = require(${JSON.stringify(path.join(dist, 'log.js'))});
      const s = JSON.parse(process.env.QP_SETTINGS);
      s.v3.authKey = new Secret(s.v3.authKey); s.v3.privKey = new Secret(s.v3.privKey);
      const t = { name: 'des', client: 'v3', site: '', kind: 'server', address: '127.0.0.1', intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 60_000 },
        probeTimeoutMs: 20000, importantInterfaces: [], snmp: s };
      const probe = createSnmpProbe();
      probe.run(t, { signal: new AbortController().signal, logger: silentLogger })
        .then((r) => { probe.close(); process.stdout.write(JSON.stringify({ success: r.success, error: r.error, modules: r.modules })); });
    `;
    const plain = { ...settings, v3: { ...settings.v3!, authKey: MD5_DES.authKey, privKey: MD5_DES.privKey } };
    const { stdout } = await promisify(execFile)(process.execPath, ['--openssl-legacy-provider', '-e', script], {
      env: { ...process.env, QP_SETTINGS: JSON.stringify(plain) },
      timeout: 20_000,
    });
    const result = JSON.parse(stdout) as { success: boolean; error?: unknown; modules: Record<string, { success: boolean }> };
    expect(result.error).toBeUndefined();
    expect(result.success).toBe(true);
    expect(Object.values(result.modules).every((m) => m.success)).toBe(true);
  });

  it('v3 settings without keys are a config error before anything is sent', async () => {
    const probe = createSnmpProbe();
    const s = v3Settings(SHA_AES, agent.port);
    const r = await probe.run(target('v3-nokey', { ...s, v3: { user: 'x', level: 'authPriv', authProtocol: 'sha', authKey: new Secret('abcdefgh1') } }), ctx());
    expect(r.error?.kind).toBe('config');
    expect(r.error?.message).toMatch(/privacy protocol and key/);
    probe.close();
  });
});
