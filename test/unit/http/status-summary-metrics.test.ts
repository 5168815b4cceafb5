/**
 * The status overview reads only SUMMARY_METRICS from a result, so a result store may keep only
 * those (and the alert rules') beside each result's text: on every real recording the overview
 * built from such kept entries must equal the one built from full results, and still show what
 * the recordings hold (supplies, printer conditions, identity, uptime).
 */
import { compileRules, metricsRulesRead } from '../../../src/alerts/rules';
import { alertingSchema } from '../../../src/config/alerting';
import { overview, StateSince, SUMMARY_METRICS } from '../../../src/http/status/model';
import type { Sample } from '../../../src/metrics/names';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import { renderResult } from '../../../src/results/rendered';
import { storedResult } from '../../../src/results/store';
import { recordingNames } from '../../helpers/recordings';
import { walkRecording } from '../../helpers/snmp-walk';
import { deviceTarget } from '../../helpers/targets';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const devices = recordingNames().map((name) => deviceTarget(`dev-${name}`));
const results = recordingNames().map((name, i) => {
  const samples: Sample[] = [];
  for (const mod of Object.values(SNMP_MODULES)) samples.push(...mod.decode(walkRecording(name, mod)));
  return storedResult(builtinProbeRegistry, devices[i], { probe: 'snmp', success: true, durationMs: 100, samples }, 'test:1', NOW - 1_000);
});
const readiness = { ready: true, checks: {} };
const model = (list: typeof results) => overview({ devices, results: list, alerts: [], probes: builtinProbeRegistry, nowMs: NOW, since: new StateSince() }, readiness);

describe('status overview from the samples a reader keeps', () => {
  it('equals the overview of full results on every recording', () => {
    const keep = new Set<string>([...metricsRulesRead(compileRules(alertingSchema.parse({}))), ...SUMMARY_METRICS]);
    const kept = results.map((r) => renderResult(r, keep).entry);
    const keptSamples = kept.reduce((n, r) => n + r.result.samples.length, 0);
    const allSamples = results.reduce((n, r) => n + r.result.samples.length, 0);
    expect(keptSamples).toBeLessThan(allSamples * 0.6);
    expect(model(kept)).toEqual(model(results));
  });

  it('still shows what the recordings hold', () => {
    const summaries = model(results).clients.flatMap((c) => c.sites.flatMap((s) => s.devices));
    expect(summaries).toHaveLength(recordingNames().length);
    expect(summaries.some((d) => d.supplies.some((s) => s.ratio !== undefined))).toBe(true);
    expect(summaries.some((d) => d.supplies.some((s) => s.note !== undefined))).toBe(true);
    expect(summaries.some((d) => d.conditions.length > 0)).toBe(true);
    expect(summaries.every((d) => Object.keys(d.identity).length > 0)).toBe(true);
    expect(summaries.filter((d) => d.uptimeSeconds !== undefined).length).toBeGreaterThan(10);
  });
});
