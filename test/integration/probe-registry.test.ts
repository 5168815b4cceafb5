/**
 * A new probe kind is one registry entry: a throw-away kind registered here (and nowhere else) is
 * scheduled by the daemon, run by the real job handler and runner, rendered in /metrics and shown
 * in /api/devices/:name — without any other module knowing its name.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createAlerting } from '../../src/alerts/service';
import { MemoryStateStore } from '../../src/alerts/state-store';
import { loadConfig } from '../../src/inventory/load';
import { startDaemon, type Daemon } from '../../src/daemon/daemon';
import type { DaemonParts } from '../../src/daemon/parts';
import { silentLogger } from '../../src/log';
import { createProbeRegistry } from '../../src/probes/registry';
import type { ProbeDefinition } from '../../src/probes/types';
import { InProcessQueue } from '../../src/queue/in-process';
import { MemoryResultStore } from '../../src/results/store';
import { createJobHandler } from '../../src/scheduler/job-handler';

/** Answers for every device whose name starts with "fake-", every 150 ms, after ~20 ms of "work". */
const fake: ProbeDefinition = {
  kind: 'fake',
  appliesTo: (t) => t.name.startsWith('fake-'),
  intervalMs: () => 150,
  defaultTimeoutMs: 1_000,
  countsForAvailability: true,
  create: () => ({
    kind: 'fake',
    run: async (target) => {
      await new Promise((r) => setTimeout(r, 20));
      return { success: true, samples: [{ name: 'quarkpulse_device_uptime_seconds', labels: {}, value: target.name.length }] };
    },
  }),
  settingsView: (t) => ({ flavour: `for ${t.name}` }),
};

describe('a throw-away probe kind, registered only in its own registry', () => {
  let daemon: Daemon | undefined;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qp-registry-'));
    const file = path.join(dir, 'quarkpulse.yml');
    writeFileSync(
      file,
      ['http: { listen: 127.0.0.1:0 }', 'defaults: { icmp: { enabled: false } }', 'devices:', '  - { name: fake-1, client: acme, kind: other, address: 127.0.0.1 }', '  - { name: plain-1, client: acme, kind: other, address: 127.0.0.1 }', ''].join('\n'),
    );
    const parts: DaemonParts = {
      probes: createProbeRegistry({ fake }),
      createQueue: () => new InProcessQueue({ logger: silentLogger }),
      createStore: () => new MemoryResultStore(),
      createHandler: (deps) => createJobHandler(deps),
      createAlerting: (config, deps) => createAlerting(config, { ...deps, stateStore: new MemoryStateStore() }),
      startLab: async () => undefined,
    };
    daemon = await startDaemon({ config: await loadConfig(file, {}), roles: ['scheduler', 'worker', 'http'], logger: silentLogger, parts, loadConfig: (f) => loadConfig(f, {}) });
  });

  afterAll(async () => {
    await daemon?.close();
  });

  it('is scheduled for the devices it applies to, with its own interval and deadline', async () => {
    const schedules = await daemon!.queue.listSchedules();
    expect(schedules.map((s) => [s.id, s.everyMs, s.timeoutMs])).toEqual([['fake-1:fake', 150, 120]]);
  });

  it('is rendered in /metrics: probe success, a real duration, its samples and device_up', async () => {
    let text = '';
    for (let i = 0; i < 100 && !text.includes('quarkpulse_probe_success{client="acme",device="fake-1"'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = await (await fetch(`${daemon!.url}/metrics`)).text();
    }
    expect(text).toContain('quarkpulse_probe_success{client="acme",device="fake-1",probe="fake"} 1');
    expect(text).toContain('quarkpulse_device_up{client="acme",device="fake-1",kind="other"} 1');
    expect(text).toContain('quarkpulse_device_uptime_seconds{client="acme",device="fake-1"} 6');
    const duration = /quarkpulse_probe_duration_seconds\{client="acme",device="fake-1",probe="fake"\} ([\d.e-]+)/.exec(text);
    expect(Number(duration?.[1])).toBeGreaterThanOrEqual(0.015);
    expect(text).not.toContain('device="plain-1"');
  });

  it('is shown in /api/devices/:name with its settings view and last result', async () => {
    const view = (await (await fetch(`${daemon!.url}/api/devices/fake-1`)).json()) as { up: boolean; probes: Array<Record<string, unknown>> };
    expect(view.up).toBe(true);
    expect(view.probes).toHaveLength(1);
    expect(view.probes[0]).toMatchObject({ probe: 'fake', configured: true, countsForAvailability: true, everyMs: 150, deadlineMs: 120, settings: { flavour: 'for fake-1' }, success: true });
    const plain = (await (await fetch(`${daemon!.url}/api/devices/plain-1`)).json()) as { up: unknown; probes: unknown[] };
    expect(plain).toMatchObject({ up: null, probes: [] });
  });
});
