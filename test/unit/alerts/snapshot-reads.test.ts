/**
 * A snapshot holds only the samples the rules read (rules.ts metricsRulesRead): on every real
 * recording, over cycles in which interfaces go down and up and supplies run low, the engine must
 * come out exactly as with every sample (same state, same transitions), while the snapshots are
 * smaller.
 */
import { emptyState, evaluateDevices, snapshotDevice, type EngineState } from '../../../src/alerts/engine';
import { compileRules, metricsRulesRead } from '../../../src/alerts/rules';
import type { Sample } from '../../../src/metrics/names';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import { recordingNames } from '../../helpers/recordings';
import { walkRecording } from '../../helpers/snmp-walk';
import { MIN, T0, alertingConfig, result, target } from './helpers';

const cfg = alertingConfig({});
const rules = compileRules(cfg);
const reads = metricsRulesRead(rules);

const recorded = recordingNames().map((name) => {
  const samples: Sample[] = [];
  for (const mod of Object.values(SNMP_MODULES)) samples.push(...mod.decode(walkRecording(name, mod)));
  return { device: `dev-${name}`, samples };
});

/** Cycle i: every third interface that is up goes down in cycles 2-5, supply levels fall by 10 % a cycle. */
function varied(samples: readonly Sample[], i: number): Sample[] {
  return samples.map((s, n) => {
    const down = s.name === 'quarkpulse_interface_oper_up' && i >= 2 && i <= 5 && n % 3 === 0;
    const level = s.name === 'quarkpulse_printer_supply_level' && s.value > 0;
    const ratio = s.name === 'quarkpulse_printer_supply_level_ratio' && s.value > 0;
    const value = down ? 0 : level ? Math.floor(s.value * (1 - i / 10)) : ratio ? s.value * (1 - i / 10) : s.value;
    return value === s.value ? s : { ...s, value };
  });
}

describe('snapshots with only the metrics the rules read', () => {
  it('names every metric of the default rules and the interfaces the engine learns from', () => {
    for (const r of rules) {
      expect(reads.has(r.metric)).toBe(true);
      if (r.divideBy) expect(reads.has(r.divideBy)).toBe(true);
      for (const c of [...r.and, ...r.unless]) expect(reads.has(c.metric)).toBe(true);
    }
    expect(reads.has('quarkpulse_interface_oper_up')).toBe(true);
    expect(reads.has('quarkpulse_interface_info')).toBe(true);
    expect(reads.has('quarkpulse_interface_receive_bytes_total')).toBe(false);
  });

  it('evaluate every recording exactly as full snapshots do, over cycles that fire and resolve', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(25);
    let full: EngineState = emptyState();
    let slim: EngineState = emptyState();
    let fullSeries = 0;
    let slimSeries = 0;
    const seen = new Set<string>();
    for (let i = 0; i <= 8; i++) {
      const nowMs = T0 + i * 5 * MIN;
      const cycle = (keep?: ReadonlySet<string>) =>
        recorded.map(({ device, samples }) => {
          const snapshot = snapshotDevice([result(device, nowMs, varied(samples, i), { kind: 'switch' })], nowMs, builtinProbeRegistry, undefined, keep);
          if (!snapshot) throw new Error('no snapshot');
          return { snapshot, target: target(device, { kind: 'switch' }) };
        });
      const a = cycle();
      const b = cycle(reads);
      fullSeries += a.reduce((n, d) => n + d.snapshot.series.length, 0);
      slimSeries += b.reduce((n, d) => n + d.snapshot.series.length, 0);
      const ctx = { rules, overrides: cfg.overrides, maintenance: cfg.maintenance, nowMs };
      const outFull = evaluateDevices(full, a, ctx);
      const outSlim = evaluateDevices(slim, b, ctx);
      expect(outSlim.transitions).toEqual(outFull.transitions);
      expect(outSlim.state).toEqual(outFull.state);
      full = outFull.state;
      slim = outSlim.state;
      for (const t of outFull.transitions) seen.add(`${t.rule} ${t.to}`);
    }
    // The cycles did something, and the slim snapshots are much smaller.
    expect([...seen]).toEqual(expect.arrayContaining(['InterfaceDown firing', 'InterfaceDown resolved', 'PrinterSupplyLow firing', 'HostStorageFull firing']));
    expect(slimSeries).toBeLessThan(fullSeries / 2);
  });
});
