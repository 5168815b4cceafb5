import {
  emptyState,
  evaluateDevice,
  fingerprint,
  learnInterfacesUp,
  markNotified,
  pruneResolved,
  removeDevice,
  restoreState,
  snapshotDevice,
  type EngineState,
  type Transition,
} from '../../../src/alerts/engine';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import { deliverableAlerts, toOutgoing } from '../../../src/alerts/payload';
import { compileRules } from '../../../src/alerts/rules';
import type { StoredResult } from '../../../src/results/store';
import type { DeviceTarget } from '../../../src/inventory/types';
import type { Sample } from '../../../src/metrics/names';
import { MIN, T0, alertingConfig, jam, result, supplyRatio, target } from './helpers';

/** Drives the engine like the service does: one evaluation per result. */
class Harness {
  state: EngineState = emptyState();
  transitions: Transition[] = [];
  readonly cfg;
  readonly rules;
  constructor(
    input: unknown = {},
    private readonly targets: Record<string, DeviceTarget> = {},
  ) {
    this.cfg = alertingConfig(input);
    this.rules = compileRules(this.cfg);
  }
  feed(results: StoredResult[], nowMs: number): Transition[] {
    const device = results[0].device;
    const snap = snapshotDevice(results, nowMs, builtinProbeRegistry);
    if (!snap) throw new Error('no snapshot');
    const out = evaluateDevice(this.state, snap, {
      rules: this.rules,
      overrides: this.cfg.overrides,
      maintenance: this.cfg.maintenance,
      nowMs,
      target: this.targets[device],
    });
    this.state = out.state;
    this.transitions.push(...out.transitions);
    return out.transitions;
  }
  sample(device: string, atMs: number, samples: Sample[], opts: Parameters<typeof result>[3] = {}): Transition[] {
    return this.feed([result(device, atMs, samples, opts)], atMs);
  }
  phase(rule: string, device = 'p1'): string {
    const a = Object.values(this.state.alerts).find((x) => x.rule === rule && x.device === device);
    return a ? a.phase : 'inactive';
  }
  alert(rule: string, device = 'p1') {
    const a = Object.values(this.state.alerts).find((x) => x.rule === rule && x.device === device);
    if (!a) throw new Error(`no ${rule} alert on ${device}`);
    return a;
  }
  firings(rule: string): number {
    return this.transitions.filter((t) => t.rule === rule && t.to === 'firing' && t.from === 'pending').length;
  }
}

describe('alert engine: pending → firing → resolved', () => {
  it('waits `for` before firing and resolves when the condition clears', () => {
    const h = new Harness();
    expect(h.sample('p1', T0, [jam(true)]).map((t) => [t.rule, t.from, t.to])).toEqual([['PrinterPaperJam', 'inactive', 'pending']]);
    h.sample('p1', T0 + 30_000, [jam(true)]);
    expect(h.phase('PrinterPaperJam')).toBe('pending');
    const fired = h.sample('p1', T0 + MIN, [jam(true)]);
    expect(fired.map((t) => t.to)).toEqual(['firing']);
    const a = h.alert('PrinterPaperJam');
    expect(a.firedAtMs).toBe(T0 + MIN);
    expect(a.labels).toEqual({ alertname: 'PrinterPaperJam', severity: 'critical', client: 'acme', device: 'p1', site: 'hq', condition: 'jammed' });
    expect(a.annotations).toEqual({ summary: 'p1: paper jam', description: 'Printer p1 of acme has a paper jam.' });
    h.sample('p1', T0 + 2 * MIN, [jam(false)]);
    expect(h.alert('PrinterPaperJam')).toMatchObject({ phase: 'resolved', resolvedAtMs: T0 + 2 * MIN });
  });

  it('drops a pending alert whose condition clears before `for`', () => {
    const h = new Harness();
    h.sample('p1', T0, [jam(true)]);
    const t = h.sample('p1', T0 + 30_000, [jam(false)]);
    expect(t.map((x) => [x.from, x.to])).toEqual([['pending', 'inactive']]);
    expect(h.state.alerts).toEqual({});
  });

  it('fires at once with for: 0s and starts a new alert after a resolution', () => {
    const h = new Harness({ overrides: [{ rule: 'PrinterPaperJam', for: '0s' }] });
    expect(h.sample('p1', T0, [jam(true)]).map((t) => t.to)).toEqual(['pending', 'firing']);
    h.sample('p1', T0 + MIN, [jam(false)]);
    expect(h.sample('p1', T0 + 2 * MIN, [jam(true)]).map((t) => [t.from, t.to])).toEqual([
      ['resolved', 'pending'],
      ['pending', 'firing'],
    ]);
    expect(h.alert('PrinterPaperJam').firedAtMs).toBe(T0 + 2 * MIN);
  });

  it('keeps the state when the probe behind the series fails (unknown is not resolved)', () => {
    const h = new Harness();
    h.sample('p1', T0, [jam(true)]);
    h.sample('p1', T0 + MIN, [jam(true)]);
    expect(h.phase('PrinterPaperJam')).toBe('firing');
    h.sample('p1', T0 + 2 * MIN, [], { success: false });
    expect(h.phase('PrinterPaperJam')).toBe('firing');
    // Nothing fresh at all (stale): still unknown.
    h.feed([result('p1', T0 + 2 * MIN, [], { success: false })], T0 + 30 * MIN);
    expect(h.phase('PrinterPaperJam')).toBe('firing');
    h.sample('p1', T0 + 31 * MIN, []);
    expect(h.phase('PrinterPaperJam')).toBe('resolved');
  });
});

describe('hysteresis and flapping', () => {
  const flap = (h: Harness, values: number[], stepMs: number) =>
    values.forEach((v, i) => h.sample('p1', T0 + i * stepMs, [supplyRatio(v)]));

  it('a value hovering around the threshold for 5 minutes gives one alert, not a flapping one', () => {
    const h = new Harness({ overrides: [{ rule: 'PrinterSupplyLow', for: '1m' }] });
    const values = Array.from({ length: 31 }, (_, i) => (i % 2 === 0 ? 0.149 : 0.151)); // every 10 s for 5 min
    flap(h, values, 10_000);
    expect(h.firings('PrinterSupplyLow')).toBe(1);
    expect(h.transitions.filter((t) => t.rule === 'PrinterSupplyLow').map((t) => t.to)).toEqual(['pending', 'firing']);
  });

  it('clears only past clear_threshold', () => {
    const h = new Harness({ overrides: [{ rule: 'PrinterSupplyLow', for: '0s' }] });
    flap(h, [0.1, 0.18, 0.199], MIN);
    expect(h.phase('PrinterSupplyLow')).toBe('firing');
    h.sample('p1', T0 + 4 * MIN, [supplyRatio(0.2)]);
    expect(h.phase('PrinterSupplyLow')).toBe('resolved');
  });

  it('without hysteresis a flapping value never outlasts `for`', () => {
    const h = new Harness({
      rules: [{ name: 'Flappy', metric: 'quarkpulse_printer_supply_level_ratio', op: '<', threshold: 0.15, for: '2m', summary: 'x' }],
      disable_default_rules: true,
    });
    flap(h, Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 0.149 : 0.151)), 10_000);
    expect(h.firings('Flappy')).toBe(0);
  });
});

describe('overrides', () => {
  const targets = { p1: target('p1'), p2: target('p2', { client: 'other' }) };
  it('client acme warns at 20 % while others keep 15 %; the clear level moves with the threshold', () => {
    const h = new Harness({ overrides: [{ client: 'acme', rule: 'PrinterSupplyLow', threshold: 0.2, for: '0s' }, { rule: 'PrinterSupplyLow', for: '0s' }] }, targets);
    h.sample('p1', T0, [supplyRatio(0.18)]);
    h.sample('p2', T0, [supplyRatio(0.18)], { client: 'other' });
    expect(h.phase('PrinterSupplyLow', 'p1')).toBe('firing');
    expect(h.phase('PrinterSupplyLow', 'p2')).toBe('inactive');
    h.sample('p1', T0 + MIN, [supplyRatio(0.24)]);
    expect(h.phase('PrinterSupplyLow', 'p1')).toBe('firing');
    h.sample('p1', T0 + 2 * MIN, [supplyRatio(0.25)]);
    expect(h.phase('PrinterSupplyLow', 'p1')).toBe('resolved');
  });

  it('a device override beats a client override whatever their order; severity changes the label', () => {
    const h = new Harness({
      overrides: [
        { device: 'p1', rule: 'PrinterPaperJam', severity: 'info' },
        { client: 'acme', rule: 'PrinterPaperJam', severity: 'warning', for: '0s' },
      ],
    });
    h.sample('p1', T0, [jam(true)]);
    expect(h.alert('PrinterPaperJam').labels.severity).toBe('info');
  });

  it('a disabled device is ignored, and its firing alerts resolve', () => {
    const h = new Harness({ overrides: [{ rule: 'PrinterPaperJam', for: '0s' }] });
    h.sample('p1', T0, [jam(true)]);
    expect(h.phase('PrinterPaperJam')).toBe('firing');
    const h2 = new Harness({ overrides: [{ rule: 'PrinterPaperJam', for: '0s' }, { device: 'p1', disabled: true }] });
    h2.state = h.state;
    h2.sample('p1', T0 + MIN, [jam(true)]);
    expect(h2.phase('PrinterPaperJam')).toBe('resolved');
    h2.sample('p1', T0 + 2 * MIN, [jam(true), supplyRatio(0)]);
    expect(Object.values(h2.state.alerts).filter((a) => a.phase !== 'resolved')).toEqual([]);
  });
});

describe('maintenance windows', () => {
  it('holds a page during an absolute window and releases it afterwards', () => {
    const h = new Harness({
      overrides: [{ rule: 'PrinterPaperJam', for: '0s' }],
      maintenance: [{ name: 'move', device: 'p1', start: new Date(T0).toISOString(), end: new Date(T0 + 10 * MIN).toISOString() }],
    });
    h.sample('p1', T0 + MIN, [jam(true)]);
    expect(h.alert('PrinterPaperJam')).toMatchObject({ phase: 'firing', held: { reason: 'maintenance', window: 'move' } });
    expect(deliverableAlerts(h.state)).toEqual([]);
    h.sample('p1', T0 + 11 * MIN, [jam(true)]);
    expect(h.alert('PrinterPaperJam').held).toBeUndefined();
    expect(deliverableAlerts(h.state).map((a) => a.rule)).toEqual(['PrinterPaperJam']);
  });

  it('a problem that clears inside the window is never sent, not even as resolved', () => {
    const h = new Harness({
      overrides: [{ rule: 'PrinterPaperJam', for: '0s' }],
      maintenance: [{ client: 'acme', start: new Date(T0).toISOString(), end: new Date(T0 + 10 * MIN).toISOString() }],
    });
    h.sample('p1', T0 + MIN, [jam(true)]);
    h.sample('p1', T0 + 2 * MIN, [jam(false)]);
    expect(h.phase('PrinterPaperJam')).toBe('resolved');
    expect(deliverableAlerts(h.state)).toEqual([]);
  });

  it('weekly windows past midnight in a time zone, limited to named rules', () => {
    const h = new Harness({
      overrides: [{ rule: 'PrinterPaperJam', for: '0s' }, { rule: 'PrinterSupplyLow', for: '0s' }],
      // Sunday 23:00 → Monday 02:00 Berlin time (CET, UTC+1): Monday 00:30 UTC is inside.
      maintenance: [{ site: 'hq', rules: ['PrinterPaperJam'], weekly: { days: ['sun'], from: '23:00', to: '02:00', timezone: 'Europe/Berlin' } }],
    });
    const monday0030Utc = Date.parse('2025-03-03T00:30:00Z');
    h.sample('p1', monday0030Utc, [jam(true), supplyRatio(0.1)]);
    expect(h.alert('PrinterPaperJam').held?.reason).toBe('maintenance');
    expect(h.alert('PrinterSupplyLow').held).toBeUndefined();
    h.sample('p1', Date.parse('2025-03-03T01:00:00Z'), [jam(true), supplyRatio(0.1)]); // 02:00 Berlin: over
    expect(h.alert('PrinterPaperJam').held).toBeUndefined();
  });

  it('an alert already firing when a window starts keeps being sent', () => {
    const h = new Harness({
      overrides: [{ rule: 'PrinterPaperJam', for: '0s' }],
      maintenance: [{ device: 'p1', start: new Date(T0 + 5 * MIN).toISOString(), end: new Date(T0 + 10 * MIN).toISOString() }],
    });
    h.sample('p1', T0, [jam(true)]);
    h.sample('p1', T0 + 6 * MIN, [jam(true)]);
    expect(deliverableAlerts(h.state)).toHaveLength(1);
  });
});

describe('restart recovery', () => {
  it('continues pending timers and keeps fingerprints across a JSON round trip', () => {
    const h = new Harness();
    h.sample('p1', T0, [jam(true)]);
    const saved = JSON.parse(JSON.stringify(h.state));
    const h2 = new Harness();
    h2.state = restoreState(saved);
    h2.sample('p1', T0 + 30_000, [jam(true)]);
    expect(h2.phase('PrinterPaperJam')).toBe('pending');
    h2.sample('p1', T0 + MIN, [jam(true)]);
    expect(h2.alert('PrinterPaperJam')).toMatchObject({ phase: 'firing', activeSinceMs: T0 });
    expect(Object.keys(h2.state.alerts)).toEqual(Object.keys(h.state.alerts));
    expect(restoreState({ version: 7 })).toEqual(emptyState());
    expect(restoreState('garbage')).toEqual(emptyState());
  });

  it('fingerprints depend on labels only, not their order', () => {
    expect(fingerprint({ a: '1', b: '2' })).toBe(fingerprint({ b: '2', a: '1' }));
    expect(fingerprint({ a: '1', b: '2' })).not.toBe(fingerprint({ a: '1', b: '3' }));
  });

  it('resolutions are sent only for notified alerts and pruned after the retention', () => {
    const h = new Harness({ overrides: [{ rule: 'PrinterPaperJam', for: '0s' }] });
    h.sample('p1', T0, [jam(true)]);
    h.state = markNotified(h.state, deliverableAlerts(h.state).map((a) => a.fingerprint));
    h.sample('p1', T0 + MIN, [jam(false)]);
    const [resolved] = deliverableAlerts(h.state);
    expect(toOutgoing(resolved, h.state, 'http://qp:9877/')).toEqual({
      fingerprint: resolved.fingerprint,
      labels: resolved.labels,
      annotations: resolved.annotations,
      startsAtMs: T0,
      endsAtMs: T0 + MIN,
      generatorURL: 'http://qp:9877/devices/p1',
    });
    expect(pruneResolved(h.state, T0 + 10 * MIN, 15 * MIN).alerts).not.toEqual({});
    expect(pruneResolved(h.state, T0 + 17 * MIN, 15 * MIN).alerts).toEqual({});
  });

  it('a removed device resolves its firing alerts', () => {
    const h = new Harness({ overrides: [{ rule: 'PrinterPaperJam', for: '0s' }] });
    h.sample('p1', T0, [jam(true)]);
    const out = removeDevice(h.state, 'p1', T0 + MIN);
    expect(out.transitions.map((t) => t.to)).toEqual(['resolved']);
  });
});

describe('shipped rules', () => {
  const up = (device: string, at: number, ok: boolean, kind: DeviceTarget['kind'] = 'switch') => result(device, at, [], { probe: 'icmp', success: ok, kind });

  it('DeviceDown after 5 minutes without any probe; a down parent holds the child back and its page names the child', () => {
    const targets = { router: target('router', { kind: 'router' }), sw: target('sw', { kind: 'switch', parent: 'router' }) };
    const h = new Harness({}, targets);
    for (let m = 0; m <= 5; m++) {
      h.feed([up('router', T0 + m * MIN, false, 'router')], T0 + m * MIN);
      h.feed([up('sw', T0 + m * MIN + 1000, false)], T0 + m * MIN + 1000);
    }
    expect(h.alert('DeviceDown', 'router')).toMatchObject({ phase: 'firing', held: undefined });
    expect(h.alert('DeviceDown', 'router').labels).toMatchObject({ alertname: 'DeviceDown', severity: 'critical', client: 'acme', device: 'router', site: 'hq' });
    expect(h.alert('DeviceDown', 'sw')).toMatchObject({ phase: 'firing', held: { reason: 'parent', parent: 'router' } });
    expect(deliverableAlerts(h.state).map((a) => a.device)).toEqual(['router']);
    const page = toOutgoing(h.alert('DeviceDown', 'router'), h.state, 'http://qp');
    expect(page.annotations.affected_devices).toBe('sw');
    expect(page.annotations.description).toContain('Also unreachable behind it (their own alerts are held back): sw.');
    // The router comes back, the switch does not: now the switch pages on its own.
    h.feed([up('router', T0 + 6 * MIN, true, 'router')], T0 + 6 * MIN);
    h.feed([up('sw', T0 + 6 * MIN + 1000, false)], T0 + 6 * MIN + 1000);
    expect(h.alert('DeviceDown', 'sw').held).toBeUndefined();
    expect(deliverableAlerts(h.state).map((a) => a.device)).toEqual(['sw']);
  });

  it('device up by any probe: icmp fails but snmp answers → not down', () => {
    const h = new Harness();
    for (let m = 0; m <= 6; m++) h.feed([up('sw', T0 + m * MIN, false), result('sw', T0 + m * MIN, [], { probe: 'snmp', success: true })], T0 + m * MIN);
    expect(h.phase('DeviceDown', 'sw')).toBe('inactive');
  });

  it('toner bits only where no ratio exists; -3 "some remaining" alone is no alert', () => {
    const h = new Harness({ overrides: [{ rule: 'PrinterTonerLow', for: '0s' }, { rule: 'PrinterSupplyLow', for: '0s' }] });
    const lowBit: Sample = { name: 'quarkpulse_printer_error', labels: { condition: 'low_toner' }, value: 1 };
    const someRemaining: Sample = { name: 'quarkpulse_printer_supply_level', labels: { supply_index: '1.1', supply: 'Toner', supply_type: 'toner', color: 'black' }, value: -3 };
    h.sample('bits', T0, [lowBit, someRemaining]);
    expect(h.phase('PrinterTonerLow', 'bits')).toBe('firing');
    h.sample('ratio', T0, [lowBit, supplyRatio(0.5)]);
    expect(h.phase('PrinterTonerLow', 'ratio')).toBe('inactive');
    h.sample('quiet', T0, [someRemaining, { ...lowBit, value: 0 }]);
    expect(Object.values(h.state.alerts).filter((a) => a.device === 'quiet')).toEqual([]);
    expect(h.alert('PrinterTonerLow', 'bits').labels.condition).toBe('low_toner');
  });

  it('supply low carries the supply labels; empty is critical', () => {
    const h = new Harness({ overrides: [{ rule: 'PrinterSupplyLow', for: '0s' }, { rule: 'PrinterSupplyEmpty', for: '0s' }] });
    h.sample('p1', T0, [supplyRatio(0, 'Cyan Toner', '1.2')]);
    expect(h.alert('PrinterSupplyLow').labels).toEqual({
      alertname: 'PrinterSupplyLow', severity: 'warning', client: 'acme', device: 'p1', site: 'hq',
      supply_index: '1.2', supply: 'Cyan Toner', supply_type: 'toner', color: 'black',
    });
    expect(h.alert('PrinterSupplyLow').annotations.summary).toBe('p1: Cyan Toner is low (0%)');
    expect(h.alert('PrinterSupplyEmpty').labels.severity).toBe('critical');
  });

  it('a supply running out within 7 days: warning after 1h, held until the forecast passes 10 days; no forecast, no alert', () => {
    const h = new Harness();
    const days = (value: number): Sample => ({ name: 'quarkpulse_printer_supply_days_left', labels: { supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black' }, value });
    h.sample('p1', T0, [days(6.5)]);
    expect(h.phase('PrinterSupplyRunningOut')).toBe('pending');
    h.sample('p1', T0 + 59 * MIN, [days(6.4)]);
    expect(h.phase('PrinterSupplyRunningOut')).toBe('pending');
    h.sample('p1', T0 + 61 * MIN, [days(6.3)]);
    expect(h.phase('PrinterSupplyRunningOut')).toBe('firing');
    expect(h.alert('PrinterSupplyRunningOut').labels).toEqual({
      alertname: 'PrinterSupplyRunningOut', severity: 'warning', client: 'acme', device: 'p1', site: 'hq',
      supply_index: '1.1', supply: 'Black Toner', supply_type: 'toner', color: 'black',
    });
    expect(h.alert('PrinterSupplyRunningOut').annotations).toEqual({
      summary: 'p1: Black Toner runs out within 7 days',
      description: 'At its rate since the last refill, Black Toner (toner) on printer p1 of acme runs out in 6.3 days; order a replacement.',
    });
    h.sample('p1', T0 + 70 * MIN, [days(9)]); // inside the band: still firing
    expect(h.phase('PrinterSupplyRunningOut')).toBe('firing');
    h.sample('p1', T0 + 80 * MIN, [days(11)]); // past the clear level
    expect(h.phase('PrinterSupplyRunningOut')).toBe('resolved');

    // A flat supply has no days-left series at all: nothing to alert on.
    const flat = new Harness({ overrides: [{ rule: 'PrinterSupplyRunningOut', for: '0s' }] });
    flat.sample('p2', T0, [supplyRatio(0.5)]);
    expect(flat.phase('PrinterSupplyRunningOut', 'p2')).toBe('inactive');
  });

  it('interface down only for admin-up important interfaces or uplinks', () => {
    const ifs = (ifindex: string, name: string, admin: number, oper: number, alias = ''): Sample[] => [
      { name: 'quarkpulse_interface_info', labels: { ifindex, name, descr: name, alias, type: 'ethernet_csmacd' }, value: 1 },
      { name: 'quarkpulse_interface_admin_up', labels: { ifindex, name }, value: admin },
      { name: 'quarkpulse_interface_oper_up', labels: { ifindex, name }, value: oper },
    ];
    const h = new Harness({ overrides: [{ rule: 'InterfaceDown', for: '0s' }] }, { sw: target('sw', { kind: 'switch', importantInterfaces: ['Gi0/1', '7'] }) });
    h.sample('sw', T0, [...ifs('1', 'Gi0/1', 1, 0), ...ifs('2', 'Gi0/2', 1, 0), ...ifs('3', 'Gi0/3', 1, 0, 'Uplink to core'), ...ifs('7', 'Gi0/7', 2, 2), ...ifs('8', 'Gi0/8', 1, 0)], { kind: 'switch' });
    const down = Object.values(h.state.alerts).filter((a) => a.rule === 'InterfaceDown').map((a) => a.labels.name).sort();
    expect(down).toEqual(['Gi0/1', 'Gi0/3']);
  });

  it('interface down also for a port learned as used: up within the last 7 days, then down', () => {
    const ifs = (ifindex: string, admin: number, oper: number): Sample[] => [
      { name: 'quarkpulse_interface_info', labels: { ifindex, name: `p${ifindex}`, descr: '', alias: '', type: 'ethernet_csmacd' }, value: 1 },
      { name: 'quarkpulse_interface_admin_up', labels: { ifindex, name: `p${ifindex}` }, value: admin },
      { name: 'quarkpulse_interface_oper_up', labels: { ifindex, name: `p${ifindex}` }, value: oper },
    ];
    const down = (h: Harness) => Object.values(h.state.alerts).filter((a) => a.rule === 'InterfaceDown' && a.phase === 'firing').map((a) => a.labels.name).sort();
    const h = new Harness({ overrides: [{ rule: 'InterfaceDown', for: '0s' }] }, { sw: target('sw', { kind: 'switch' }) });
    // Port 4 was never up (an unused access port): never an alert. Port 2 is in use.
    h.sample('sw', T0, [...ifs('2', 1, 1), ...ifs('4', 1, 0)], { kind: 'switch' });
    expect(down(h)).toEqual([]);
    expect(h.state.interfacesUp).toEqual({ sw: { '2': T0 } });
    h.sample('sw', T0 + MIN, [...ifs('2', 1, 0), ...ifs('4', 1, 0)], { kind: 'switch' });
    expect(down(h)).toEqual(['p2']);
    // The learned ports survive a restart with the state.
    expect(restoreState(JSON.parse(JSON.stringify(h.state))).interfacesUp).toEqual({ sw: { '2': T0 } });
    // Down for more than the window: no longer a port in use, the alert resolves.
    h.sample('sw', T0 + 8 * 24 * 60 * MIN, [...ifs('2', 1, 0), ...ifs('4', 1, 0)], { kind: 'switch' });
    expect(down(h)).toEqual([]);
    expect(h.state.interfacesUp).toEqual({});
    // A removed device forgets its ports.
    h.sample('sw', T0 + 9 * 24 * 60 * MIN, ifs('2', 1, 1), { kind: 'switch' });
    expect(removeDevice(h.state, 'sw', T0 + 9 * 24 * 60 * MIN).state.interfacesUp).toEqual({});
  });

  it('learning a port up again within the hour does not rewrite the state', () => {
    const up: Sample[] = [{ name: 'quarkpulse_interface_oper_up', labels: { ifindex: '1', name: 'p1' }, value: 1 }];
    const series = up.map((s) => ({ metric: s.name, labels: s.labels, value: s.value, source: 'snmp' as const }));
    const first = learnInterfacesUp(emptyState(), 'sw', series, T0);
    expect(learnInterfacesUp(first, 'sw', series, T0 + 30 * MIN)).toBe(first);
    expect(learnInterfacesUp(first, 'sw', series, T0 + 61 * MIN).interfacesUp).toEqual({ sw: { '1': T0 + 61 * MIN } });
  });

  it('storage ratio of fixed disks and average CPU', () => {
    const h = new Harness({ overrides: [{ rule: 'HostStorageFull', for: '0s' }, { rule: 'HostCpuHigh', for: '0s' }] });
    const st = (storage: string, type: string, used: number, size: number): Sample[] => [
      { name: 'quarkpulse_host_storage_used_bytes', labels: { storage, storage_index: storage, type }, value: used },
      { name: 'quarkpulse_host_storage_size_bytes', labels: { storage, storage_index: storage, type }, value: size },
    ];
    const cpu = (c: string, v: number): Sample => ({ name: 'quarkpulse_host_cpu_load_ratio', labels: { cpu: c }, value: v });
    h.sample('srv', T0, [...st('/', 'fixed_disk', 95, 100), ...st('/var', 'fixed_disk', 50, 100), ...st('RAM', 'ram', 99, 100), cpu('1', 1), cpu('2', 0.85)], { kind: 'server' });
    expect(Object.values(h.state.alerts).filter((a) => a.rule === 'HostStorageFull').map((a) => a.labels.storage)).toEqual(['/']);
    expect(h.alert('HostCpuHigh', 'srv')).toMatchObject({ value: 0.925, labels: { alertname: 'HostCpuHigh', severity: 'warning', client: 'acme', device: 'srv', site: 'hq' } });
  });

  it('packet loss, latency, drift and backup rules', () => {
    const h = new Harness({ overrides: ['IcmpPacketLoss', 'IcmpHighLatency', 'ConfigDrift', 'ConfigBackupFailing'].map((rule) => ({ rule, for: '0s' })) });
    h.feed(
      [
        result('r1', T0, [{ name: 'quarkpulse_icmp_packet_loss_ratio', labels: {}, value: 0.4 }, { name: 'quarkpulse_icmp_rtt_seconds', labels: {}, value: 0.25 }], { probe: 'icmp' }),
        result('r1', T0, [{ name: 'quarkpulse_config_drift', labels: {}, value: 1 }, { name: 'quarkpulse_config_backup_success', labels: {}, value: 0 }], { probe: 'ssh', success: false }),
      ],
      T0,
    );
    const fired = Object.values(h.state.alerts).map((a) => a.rule).sort();
    expect(fired).toEqual(['ConfigBackupFailing', 'ConfigDrift', 'IcmpHighLatency', 'IcmpPacketLoss']);
    expect(h.alert('IcmpHighLatency', 'r1').annotations.summary).toBe('r1: round trip 250ms');
    expect(h.alert('IcmpPacketLoss', 'r1').annotations.summary).toBe('r1: 40% packet loss');
  });
});
