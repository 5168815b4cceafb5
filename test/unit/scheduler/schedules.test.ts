import { fnv1a, phaseStepMs, PHASES_PER_INTERVAL, planSchedules, scheduleId, stableOffsetMs } from '../../../src/scheduler/schedules';
import { builtinProbeRegistry, MAX_TIMEOUT_SHARE } from '../../../src/probes/registry';
import { deviceTarget } from '../../helpers/targets';

describe('planSchedules', () => {
  const cases: Array<{ name: string; devices: ReturnType<typeof deviceTarget>[]; want: Array<[string, number, number]> }> = [
    { name: 'snmp and icmp', devices: [deviceTarget('sw1')], want: [['sw1:snmp', 60_000, 10_000], ['sw1:icmp', 30_000, 10_000]] },
    { name: 'snmp only', devices: [deviceTarget('pr1', { icmp: undefined })], want: [['pr1:snmp', 60_000, 10_000]] },
    { name: 'icmp only', devices: [deviceTarget('ap1', { snmp: undefined })], want: [['ap1:icmp', 30_000, 10_000]] },
    { name: 'no probes', devices: [deviceTarget('x', { snmp: undefined, icmp: undefined })], want: [] },
    {
      name: 'timeout capped to a share of the interval',
      devices: [deviceTarget('slow', { intervalsMs: { snmp: 10_000, icmp: 5000, backup: 60_000 }, probeTimeoutMs: 30_000 })],
      want: [['slow:snmp', 10_000, 10_000 * MAX_TIMEOUT_SHARE], ['slow:icmp', 5_000, 5_000 * MAX_TIMEOUT_SHARE]],
    },
    { name: 'sub-second intervals', devices: [deviceTarget('fast', { intervalsMs: { snmp: 500, icmp: 1250, backup: 60_000 }, probeTimeoutMs: 100 })], want: [['fast:snmp', 500, 100], ['fast:icmp', 1_250, 100]] },
  ];
  test.each(cases)('$name', ({ devices, want }) => {
    const got = planSchedules(devices, builtinProbeRegistry);
    expect(got.map((s) => [s.id, s.everyMs, s.timeoutMs])).toEqual(want);
    for (const s of got) {
      expect(s.id).toBe(scheduleId(s.device, s.probe));
      expect(s.offsetMs).toBeGreaterThanOrEqual(0);
      expect(s.offsetMs).toBeLessThan(s.everyMs);
      expect(s.offsetMs).toBe(stableOffsetMs(s.id, s.everyMs));
    }
  });

  test('offsets are stable, on whole steps, and spread over the interval', () => {
    const devices = Array.from({ length: 1000 }, (_, i) => deviceTarget(`dev-${i}`, { icmp: undefined }));
    const a = planSchedules(devices, builtinProbeRegistry);
    const b = planSchedules([...devices].reverse(), builtinProbeRegistry);
    const offsetOf = new Map(b.map((s) => [s.id, s.offsetMs]));
    for (const s of a) expect(offsetOf.get(s.id)).toBe(s.offsetMs);
    // 60 s in 12 steps of 5 s: every step used, each near 1,000 / 12 ≈ 83.
    const steps = new Array<number>(PHASES_PER_INTERVAL).fill(0);
    for (const s of a) {
      expect(s.offsetMs % 5_000).toBe(0);
      steps[s.offsetMs / 5_000]++;
    }
    for (const n of steps) expect(n).toBeGreaterThan(50);
    for (const n of steps) expect(n).toBeLessThan(120);
  });

  test.each([
    [60_000, 5_000],
    [10_000, 1_000],
    [300_000, 25_000],
    [3_600_000, 300_000],
    [30_500, 2_000],
    [1_500, 1_000],
  ])('an interval of %i ms has phase steps of %i ms', (every, step) => {
    expect(phaseStepMs(every)).toBe(step);
  });

  test('intervals under two seconds keep millisecond phases', () => {
    const offsets = new Set(Array.from({ length: 200 }, (_, i) => stableOffsetMs(`d${i}:snmp`, 1_500)));
    expect([...offsets].some((o) => o % 1_000 !== 0)).toBe(true);
    for (const o of offsets) expect(o).toBeLessThan(1_500);
  });

  test('fnv1a matches the reference vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});
