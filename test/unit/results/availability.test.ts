/**
 * The one availability rule (src/results/availability.ts) as metrics, alerts and the API see it.
 * Guards the fault a naive backup probe would bring: a config backup that succeeded recently
 * holding quarkpulse_device_up at 1 (and so muting DeviceDown) for a device that no longer answers.
 */
import { snapshotDevice } from '../../../src/alerts/engine';
import { deviceView } from '../../../src/http/device-view';
import { createProbeRegistry, BUILTIN_PROBES } from '../../../src/probes/registry';
import type { ProbeDefinition } from '../../../src/probes/types';
import { deviceStatus } from '../../../src/results/availability';
import { DeviceMetrics, deviceExpositionText } from '../../../src/results/collector';
import { MemoryResultStore, type StoredResult } from '../../../src/results/store';
import { result, T0, target } from '../alerts/helpers';

const HOUR = 3_600_000;

/** A nightly config backup: never a reachability probe. */
const backup: ProbeDefinition = {
  kind: 'backup',
  appliesTo: () => true,
  intervalMs: (t) => t.intervalsMs.backup,
  defaultTimeoutMs: 60_000,
  countsForAvailability: false,
  create: () => ({ kind: 'backup', run: async () => ({ success: true, samples: [] }) }),
  settingsView: () => ({ profile: 'cisco_ios' }),
};
const registry = createProbeRegistry({ ...BUILTIN_PROBES, backup });

const backupOk = (atMs: number): StoredResult => result('sw1', atMs, [], { probe: 'backup', success: true, intervalMs: 24 * HOUR });

/** The series of `name` that /metrics serves for `entries` at `nowMs`: [labels, value]. */
async function served(entries: StoredResult[], nowMs: number, name: string): Promise<Array<[string, number]>> {
  const store = new MemoryResultStore();
  for (const e of entries) await store.put(e);
  const text = await deviceExpositionText(new DeviceMetrics(store, registry, { now: () => nowMs }));
  return [...text.matchAll(new RegExp(`^${name}\\{(.*)\\} (\\S+)$`, 'gm'))].map((m) => [m[1], Number(m[2])]);
}

async function upSeries(entries: StoredResult[], nowMs: number): Promise<number[]> {
  return (await served(entries, nowMs, 'quarkpulse_device_up')).map(([, v]) => v);
}

describe('a successful backup cannot hold a down device up', () => {
  const now = T0;
  const down = [result('sw1', now - 30_000, [], { success: false }), result('sw1', now - 10_000, [], { probe: 'icmp', success: false }), backupOk(now - 2 * HOUR)];

  it('metrics: quarkpulse_device_up is 0 while the backup still shows success', async () => {
    expect(await upSeries(down, now)).toEqual([0]);
    const success = await served(down, now, 'quarkpulse_probe_success');
    expect(success.map(([l, v]) => [/probe="(\w+)"/.exec(l)?.[1], v])).toEqual([
      ['snmp', 0],
      ['icmp', 0],
      ['backup', 1],
    ]);
  });

  it('alerts: the engine snapshot carries device_up 0, so DeviceDown can fire', () => {
    const snap = snapshotDevice(down, now, registry);
    expect(snap?.series.filter((s) => s.metric === 'quarkpulse_device_up').map((s) => s.value)).toEqual([0]);
  });

  it('API: the device view says down, and marks the backup as not counting', () => {
    const view = deviceView(registry, target('sw1', { snmp: undefined, icmp: undefined }), down, now, { samples: false });
    expect(view.up).toBe(false);
    expect(view.probes.find((p) => p.probe === 'backup')).toMatchObject({ success: true, countsForAvailability: false });
  });

  it('a backup alone says nothing about reachability: no device_up series, up unknown', async () => {
    expect(deviceStatus([backupOk(now - HOUR)], now, registry).up).toBeNull();
    expect(await upSeries([backupOk(now - HOUR)], now)).toEqual([]);
    expect(snapshotDevice([backupOk(now - HOUR)], now, registry)?.series.some((s) => s.metric === 'quarkpulse_device_up')).toBe(false);
  });

  it('any fresh reachability success makes the device up; stale ones do not count', () => {
    const icmpOk = result('sw1', now - 5_000, [], { probe: 'icmp', success: true });
    expect(deviceStatus([...down, icmpOk], now, registry).up).toBe(true);
    const staleOk = result('sw1', now - 10 * 60_000, [], { probe: 'icmp', success: true, intervalMs: 60_000 });
    expect(deviceStatus([down[0], staleOk], now, registry).up).toBe(false);
  });

  it('with several results of one kind, the newest decides', () => {
    const older = result('sw1', now - 50_000, [], { success: true });
    const newer = result('sw1', now - 5_000, [], { success: false });
    expect(deviceStatus([newer, older], now, registry).up).toBe(false);
    expect(deviceStatus([older, newer], now, registry).up).toBe(false);
  });
});
