/**
 * evaluateDevices (one cycle, the state copied once) must come out exactly as evaluateDevice
 * called once per device in the same order: same state, same transitions, parents included.
 */
import { emptyState, evaluateDevice, evaluateDevices, snapshotDevice, type DeviceSnapshot, type EngineState } from '../../../src/alerts/engine';
import { compileRules } from '../../../src/alerts/rules';
import type { DeviceTarget } from '../../../src/inventory/types';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import type { StoredResult } from '../../../src/results/store';
import { MIN, T0, alertingConfig, jam, result, supplyRatio, target } from './helpers';

const cfg = alertingConfig({});
const rules = compileRules(cfg);
const ctx = (nowMs: number) => ({ rules, overrides: cfg.overrides, maintenance: cfg.maintenance, nowMs });

const targets: Record<string, DeviceTarget> = {
  router: target('router', { kind: 'router' }),
  sw: target('sw', { kind: 'switch', parent: 'router' }),
  p1: target('p1'),
  p2: target('p2'),
};

/** Each device's results at `atMs`: the router and switch fail (down), the printers are jammed / low on toner. */
function cycle(atMs: number): { snapshot: DeviceSnapshot; target: DeviceTarget }[] {
  const results: StoredResult[][] = [
    [result('router', atMs, [], { success: false, kind: 'router' })],
    [result('sw', atMs, [], { success: false, kind: 'switch' })],
    [result('p1', atMs, [jam(true), supplyRatio(0.02)])],
    [result('p2', atMs, [jam(atMs < T0 + 3 * MIN), supplyRatio(0.5)])],
  ];
  return results.map((list) => {
    const snapshot = snapshotDevice(list, atMs, builtinProbeRegistry);
    if (!snapshot) throw new Error('no snapshot');
    return { snapshot, target: targets[list[0].device] };
  });
}

describe('evaluateDevices', () => {
  it('equals evaluateDevice device by device, over cycles that fire, hold and resolve', () => {
    let one: EngineState = emptyState();
    let batch: EngineState = emptyState();
    for (let i = 0; i <= 12; i++) {
      const nowMs = T0 + i * MIN;
      const items = cycle(nowMs);
      const seq: unknown[] = [];
      for (const item of items) {
        const out = evaluateDevice(one, item.snapshot, { ...ctx(nowMs), target: item.target });
        one = out.state;
        seq.push(...out.transitions);
      }
      const out = evaluateDevices(batch, items, ctx(nowMs));
      batch = out.state;
      expect(out.transitions).toEqual(seq);
      expect(batch).toEqual(one);
    }
    // The cycles did reach every phase: a held child, a firing parent, a resolved jam.
    const alerts = Object.values(batch.alerts);
    expect(alerts.find((a) => a.device === 'sw' && a.rule === 'DeviceDown')).toMatchObject({ phase: 'firing', held: { reason: 'parent', parent: 'router' } });
    expect(alerts.find((a) => a.device === 'router' && a.rule === 'DeviceDown')?.phase).toBe('firing');
    expect(alerts.find((a) => a.device === 'p2' && a.rule === 'PrinterPaperJam')?.phase).toBe('resolved');
  });

  it('leaves the state it was given alone and returns it unchanged when nothing happens', () => {
    const before = emptyState();
    const frozen = JSON.stringify(before);
    const snapshot = snapshotDevice([result('p3', T0, [jam(false), supplyRatio(0.9)])], T0, builtinProbeRegistry);
    if (!snapshot) throw new Error('no snapshot');
    const out = evaluateDevices(before, [{ snapshot, target: target('p3') }], ctx(T0));
    expect(JSON.stringify(before)).toBe(frozen);
    expect(out.transitions).toEqual([]);
  });
});
