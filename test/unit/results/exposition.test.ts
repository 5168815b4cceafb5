/**
 * The device exposition is written as text (src/results/exposition.ts) rather than through
 * prom-client objects. It must say what prom-client said: the same series, values, types and
 * HELP, every family contiguous with one HELP/TYPE, and text Prometheus' own parser accepts.
 */
import { execFile } from 'node:child_process';
import { Counter, Gauge, Registry } from 'prom-client';
import { DEVICE_METRICS, type DeviceMetricName, type Sample } from '../../../src/metrics/names';
import { builtinProbeRegistry } from '../../../src/probes/registry';
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import { DeviceMetrics, deviceExpositionText } from '../../../src/results/collector';
import { escapeLabelValue, FAMILIES, formatValue, mergeSeries, renderSamples, FAMILY_INDEX } from '../../../src/results/exposition';
import { MemoryResultStore, type StoredResult } from '../../../src/results/store';
import { recordingNames } from '../../helpers/recordings';
import { BIN } from '../../helpers/prom-stack';
import { describeWith } from '../../helpers/requires';
import { walkRecording } from '../../helpers/snmp-walk';

const NOW = Date.parse('2026-01-05T10:00:00Z');

function entry(device: string, samples: Sample[], over: Partial<StoredResult> = {}): StoredResult {
  return {
    device,
    client: 'acme',
    site: 'hq',
    kind: 'switch',
    probe: 'snmp',
    finishedAtMs: NOW - 1_000,
    intervalMs: 60_000,
    worker: 'w:1',
    result: { probe: over.probe ?? 'snmp', success: true, durationMs: 120, samples },
    ...over,
  };
}

/** Every recording decoded by every module, network-free: the samples a fleet of real devices gives. */
function recordingEntries(): StoredResult[] {
  return recordingNames().map((name, i) => {
    const samples: Sample[] = [];
    for (const mod of Object.values(SNMP_MODULES)) samples.push(...mod.decode(walkRecording(name, mod)));
    return entry(`dev-${name}`, samples, { client: `client-${i % 3}`, site: i % 2 ? 'hq' : '' });
  });
}

async function exposition(entries: StoredResult[]): Promise<string> {
  const store = new MemoryResultStore();
  for (const e of entries) await store.put(e);
  return deviceExpositionText(new DeviceMetrics(store, builtinProbeRegistry, { now: () => NOW }));
}

/** What the previous implementation served: prom-client Gauges and Counters set from the same results. */
async function promClientExposition(entries: StoredResult[]): Promise<string> {
  const registry = new Registry();
  const metrics = new Map<string, Gauge<string> | Counter<string>>();
  for (const [name, def] of Object.entries(DEVICE_METRICS)) {
    const labelNames = ['client', 'device', 'site', ...def.labels];
    metrics.set(name, def.type === 'counter' ? new Counter({ name, help: def.help, labelNames, registers: [registry] }) : new Gauge({ name, help: def.help, labelNames, registers: [registry] }));
  }
  const put = (name: string, labels: Record<string, string>, value: number) => {
    const m = metrics.get(name);
    if (m instanceof Gauge) m.set(labels, value);
    else if (m && value >= 0) m.inc(labels, value);
  };
  for (const e of entries) {
    const dl: Record<string, string> = { client: e.client, device: e.device, ...(e.site ? { site: e.site } : {}) };
    put('quarkpulse_probe_success', { ...dl, probe: e.probe }, e.result.success ? 1 : 0);
    put('quarkpulse_probe_duration_seconds', { ...dl, probe: e.probe }, e.result.durationMs / 1000);
    for (const s of e.result.samples) put(s.name, { ...dl, ...s.labels }, s.value);
    put('quarkpulse_device_up', { ...dl, kind: e.kind }, e.result.success ? 1 : 0);
  }
  return registry.metrics();
}

/** Sample lines, sorted, with prom-client's spelling of NaN made canonical. */
function seriesOf(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.replace(/ Nan$/, ' NaN'))
    .sort();
}

function headersOf(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('#'));
}

describe('the exposition writer', () => {
  it('escapes backslash, double quote and newline in label values, and nothing else', () => {
    expect(escapeLabelValue('plain value, with = and {}')).toBe('plain value, with = and {}');
    expect(escapeLabelValue('a\\b"c"\nd')).toBe('a\\\\b\\"c\\"\\nd');
  });

  it('spells values as Prometheus parses them', () => {
    expect([NaN, Infinity, -Infinity, 0, -3, 0.25, 1e21, 2 ** 53].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '0', '-3', '0.25', '1e+21', '9007199254740992']);
  });

  it('serves the same series, values and HELP/TYPE as prom-client did, for all 25 recordings', async () => {
    const entries = recordingEntries();
    const ours = await exposition(entries);
    const before = await promClientExposition(entries);
    expect(seriesOf(ours)).toEqual(seriesOf(before));
    expect(headersOf(ours)).toEqual(headersOf(before));
    expect(seriesOf(ours).length).toBeGreaterThan(2_000);
  });

  it('keeps every family contiguous, with one HELP and one TYPE, across devices and probes', async () => {
    const entries = [
      ...recordingEntries().slice(0, 5),
      entry('r1', [{ name: 'quarkpulse_interface_oper_up', labels: { ifindex: '1', name: 'ether1' }, value: 1 }], { probe: 'routeros' }),
      entry('r1', [{ name: 'quarkpulse_interface_oper_up', labels: { ifindex: '2', name: 'ether2' }, value: 0 }]),
    ];
    const text = await exposition(entries);
    const seen: string[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      const name = line.startsWith('#') ? line.split(' ')[2] : line.replace(/[{ ].*/, '');
      if (seen[seen.length - 1] !== name) {
        expect(seen).not.toContain(name);
        seen.push(name);
      }
    }
    expect(seen).toEqual(FAMILIES);
    expect(text.match(/^# TYPE quarkpulse_interface_oper_up gauge$/gm)).toHaveLength(1);
    expect(text.match(/^quarkpulse_interface_oper_up\{client="acme",device="r1"/gm)).toHaveLength(2);
  });

  it('types counters as counters and leaves out values a counter cannot have', () => {
    const lines = renderSamples('client="a",device="d"', [
      { name: 'quarkpulse_interface_receive_bytes_total', labels: { ifindex: '1', name: 'x' }, value: 5 },
      { name: 'quarkpulse_interface_receive_bytes_total', labels: { ifindex: '2', name: 'y' }, value: -1 },
      { name: 'quarkpulse_interface_receive_bytes_total', labels: { ifindex: '3', name: 'z' }, value: NaN },
      { name: 'quarkpulse_printer_supply_level', labels: { supply_index: '1.1', supply: 'x', supply_type: 'toner', color: '' }, value: -3 },
      { name: 'quarkpulse_icmp_rtt_seconds', labels: {}, value: NaN },
      { name: 'not_a_contract_metric' as DeviceMetricName, labels: {}, value: 1 },
    ]);
    expect(lines[FAMILY_INDEX.get('quarkpulse_interface_receive_bytes_total') as number]).toBe('quarkpulse_interface_receive_bytes_total{client="a",device="d",ifindex="1",name="x"} 5\n');
    expect(lines[FAMILY_INDEX.get('quarkpulse_printer_supply_level') as number]).toMatch(/ -3\n$/);
    expect(lines[FAMILY_INDEX.get('quarkpulse_icmp_rtt_seconds') as number]).toBe('quarkpulse_icmp_rtt_seconds{client="a",device="d"} NaN\n');
    expect(lines.filter(Boolean)).toHaveLength(3);
  });

  it('one line per series when two sources of a device carry the same one (the later value)', () => {
    expect(mergeSeries(['m{a="1"} 1\nm{a="2"} 2\n', 'm{a="1"} 7\n'])).toBe('m{a="1"} 7\nm{a="2"} 2\n');
  });
});

describeWith(['promtool'], 'promtool check metrics', () => {
  /** promtool's lint findings about names the contract fixes (CONTRACT.md section 3): they stay. */
  const CONTRACT_NAMES = [
    'quarkpulse_interface_speed_bits_per_second use base unit "bytes" instead of "bits"',
    'quarkpulse_routeros_cpu_count non-histogram and non-summary metrics should not have "_count" suffix',
  ];

  it('parses the exposition of every recording, with awkward label values, and finds nothing but the contract names', async () => {
    const awkward = entry('odd "name"\\with\nnewline', [{ name: 'quarkpulse_device_info', labels: { sys_name: 'a"b', sys_descr: 'line1\nline2\\', sys_object_id: '1.3.6', vendor: 'ü€', model: '', serial: '', version: '', location: '', contact: '' }, value: 1 }]);
    const text = await exposition([...recordingEntries(), awkward, entry('inf', [{ name: 'quarkpulse_icmp_rtt_seconds', labels: {}, value: Infinity }])]);
    const out = await new Promise<string>((resolve) => {
      const child = execFile(BIN.promtool, ['check', 'metrics'], (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
      child.stdin?.end(text);
    });
    const problems = out.split('\n').filter((l) => l.trim() && !CONTRACT_NAMES.includes(l.trim()));
    expect(problems).toEqual([]);
  });
});
