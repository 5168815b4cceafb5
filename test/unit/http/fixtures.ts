import { Registry } from 'prom-client';
import { Secret } from '../../../src/config/secret';
import type { RuntimeConfig } from '../../../src/inventory/runtime-config';
import { createHttpApp, type HttpDeps } from '../../../src/http/app';
import { startHttpServer, type HttpServerHandle } from '../../../src/http/server';
import type { DeviceTarget } from '../../../src/inventory/types';
import { silentLogger } from '../../../src/log';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import { DeviceMetrics } from '../../../src/results/collector';
import { MemoryResultStore, type StoredResult } from '../../../src/results/store';
import { deviceTarget, snmpSettings } from '../../helpers/targets';

export const SECRET = 'S3cr3t-xyz';

export function device(name: string, over: Partial<DeviceTarget> = {}): DeviceTarget {
  return deviceTarget(name, {
    kind: 'printer',
    snmp: snmpSettings({ community: new Secret(SECRET), maxVarbindsPerRequest: 60, modules: ['system', 'printer'] }),
    ssh: { profile: 'cisco_ios', port: 22, username: 'backup', password: new Secret(`${SECRET}-ssh`) },
    ...over,
  });
}

export function stored(dev: string, over: Partial<StoredResult> = {}): StoredResult {
  return {
    device: dev,
    client: 'acme',
    site: 'hq',
    kind: 'printer',
    probe: 'snmp',
    finishedAtMs: Date.now(),
    intervalMs: 60_000,
    worker: 'host-a:123',
    result: {
      probe: 'snmp',
      success: true,
      durationMs: 250,
      samples: [{ name: 'quarkpulse_printer_supply_level', labels: { supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' }, value: 42 }],
      modules: { system: { success: true }, printer: { success: true } },
    },
    ...over,
  };
}

export interface TestServer {
  url: string;
  store: MemoryResultStore;
  cfg: { devices: DeviceTarget[]; http: RuntimeConfig['http'] };
  close(): Promise<void>;
}

export async function startTestServer(opts: { token?: string; devices?: DeviceTarget[]; deps?: Partial<HttpDeps> } = {}): Promise<TestServer> {
  const store = new MemoryResultStore();
  const registry = new Registry();
  const cfg = {
    devices: opts.devices ?? [device('hq-printer-1')],
    http: { listen: '127.0.0.1:0', externalUrl: 'http://127.0.0.1', token: opts.token === undefined ? undefined : new Secret(opts.token) },
  };
  const app = createHttpApp({
    logger: silentLogger,
    registry,
    store,
    deviceMetrics: new DeviceMetrics(store, builtinProbeRegistry),
    probes: builtinProbeRegistry,
    config: () => cfg,
    readiness: async () => ({ ready: true, checks: { queue: { ok: true } } }),
    ...opts.deps,
  });
  const server: HttpServerHandle = await startHttpServer(app, '127.0.0.1:0');
  return { url: server.url, store, cfg, close: () => server.close() };
}
