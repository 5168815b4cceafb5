/**
 * Checks a device's samples against test/expected/recordings.ts. Works on any Sample[] (labels
 * are matched as a subset, so samples that already carry client/device labels pass too): the
 * decoder tests feed it decoded varbinds, the integration test what came back over UDP.
 */
import type { Sample } from '../../src/metrics/names';
import type { ExpectedRecording } from '../expected/recordings';
import { PRINTER_CONDITIONS, HR_PRINTER_STATES } from '../../mibs/printer-enums';

export type ExpectSection = 'system' | 'interfaces' | 'printer' | 'host';

function matches(s: Sample, name: string, labels: Record<string, string>): boolean {
  if (s.name !== name) return false;
  for (const [k, v] of Object.entries(labels)) if (s.labels[k] !== v) return false;
  return true;
}

export function findSamples(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => matches(s, name, labels));
}

/** The value of the one sample matching name + labels; fails the test if there are 0 or several. */
export function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = findSamples(samples, name, labels);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${name}${JSON.stringify(labels)}, found ${found.length}`);
  }
  return found[0].value;
}

/** Series identity (name + sorted labels), to find duplicates Prometheus would reject. */
export function seriesKey(s: Sample): string {
  const keys = Object.keys(s.labels).sort();
  return `${s.name}{${keys.map((k) => `${k}=${JSON.stringify(s.labels[k])}`).join(',')}}`;
}

export function expectRecordingSamples(
  samples: readonly Sample[],
  exp: ExpectedRecording,
  sections: readonly ExpectSection[] = ['system', 'interfaces', 'printer', 'host'],
): void {
  if (sections.includes('system')) expectSystem(samples, exp);
  if (sections.includes('interfaces')) expectInterfaces(samples, exp);
  if (sections.includes('printer')) expectPrinter(samples, exp);
  if (sections.includes('host')) expectHost(samples, exp);
}

function expectSystem(samples: readonly Sample[], exp: ExpectedRecording): void {
  const sys = exp.system;
  const info = findSamples(samples, 'quarkpulse_device_info');
  expect(info).toHaveLength(1);
  expect(info[0].value).toBe(1);
  expect(info[0].labels).toMatchObject({
    sys_name: sys.sysName,
    sys_descr: sys.sysDescr,
    sys_object_id: sys.sysObjectId,
    vendor: sys.vendor,
    model: sys.model,
  });
  const uptime = findSamples(samples, 'quarkpulse_device_uptime_seconds');
  if (sys.uptimeSeconds === undefined) expect(uptime).toHaveLength(0);
  else {
    expect(uptime).toHaveLength(1);
    expect(uptime[0].value).toBeCloseTo(sys.uptimeSeconds, 6);
  }
}

function expectInterfaces(samples: readonly Sample[], exp: ExpectedRecording): void {
  expect(findSamples(samples, 'quarkpulse_interface_info')).toHaveLength(exp.interfaces.count);
  for (const i of exp.interfaces.some) {
    const id = { ifindex: i.ifindex };
    const info = findSamples(samples, 'quarkpulse_interface_info', id);
    expect(info).toHaveLength(1);
    expect(info[0].labels).toMatchObject({ name: i.name, type: i.type });
    const labels = { ifindex: i.ifindex, name: i.name };
    const check = (metric: Parameters<typeof findSamples>[1], want: number | undefined): void => {
      const found = findSamples(samples, metric, labels);
      if (want === undefined) expect({ metric, ifindex: i.ifindex, n: found.length }).toEqual({ metric, ifindex: i.ifindex, n: 0 });
      else expect({ metric, ifindex: i.ifindex, values: found.map((s) => s.value) }).toEqual({ metric, ifindex: i.ifindex, values: [want] });
    };
    check('quarkpulse_interface_admin_up', i.admin);
    check('quarkpulse_interface_oper_up', i.oper);
    check('quarkpulse_interface_speed_bits_per_second', i.speed);
    check('quarkpulse_interface_receive_bytes_total', i.rx);
    check('quarkpulse_interface_transmit_bytes_total', i.tx);
  }
}

function expectPrinter(samples: readonly Sample[], exp: ExpectedRecording): void {
  const p = exp.printer;
  expect(findSamples(samples, 'quarkpulse_printer_supply_level')).toHaveLength(p.supplies.filter((s) => s.level !== undefined).length);
  expect(findSamples(samples, 'quarkpulse_printer_supply_max_capacity')).toHaveLength(p.supplies.filter((s) => s.max !== undefined).length);
  expect(findSamples(samples, 'quarkpulse_printer_supply_level_ratio')).toHaveLength(p.supplies.filter((s) => s.ratio !== undefined).length);
  for (const s of p.supplies) {
    const labels = { supply_index: s.index, supply: s.supply, supply_type: s.type, color: s.color };
    const got = {
      index: s.index,
      level: findSamples(samples, 'quarkpulse_printer_supply_level', labels).map((x) => x.value),
      max: findSamples(samples, 'quarkpulse_printer_supply_max_capacity', labels).map((x) => x.value),
      ratio: findSamples(samples, 'quarkpulse_printer_supply_level_ratio', labels).map((x) => Math.round(x.value * 1e9) / 1e9),
    };
    expect(got).toEqual({
      index: s.index,
      level: s.level === undefined ? [] : [s.level],
      max: s.max === undefined ? [] : [s.max],
      ratio: s.ratio === undefined ? [] : [Math.round(s.ratio * 1e9) / 1e9],
    });
  }

  const pages = findSamples(samples, 'quarkpulse_printer_pages_total');
  expect(Object.fromEntries(pages.map((s) => [s.labels.marker_index, s.value]))).toEqual(p.pages);

  const errors = findSamples(samples, 'quarkpulse_printer_error');
  if (p.errors === 'absent') expect(errors).toHaveLength(0);
  else {
    expect(errors.map((s) => s.labels.condition).sort()).toEqual([...PRINTER_CONDITIONS].sort());
    expect(errors.filter((s) => s.value === 1).map((s) => s.labels.condition).sort()).toEqual([...p.errors].sort());
    expect(errors.every((s) => s.value === 0 || s.value === 1)).toBe(true);
  }

  const status = findSamples(samples, 'quarkpulse_printer_status');
  if (p.status === 'absent') expect(status).toHaveLength(0);
  else {
    expect(status.map((s) => s.labels.state).sort()).toEqual([...HR_PRINTER_STATES].sort());
    expect(status.filter((s) => s.value === 1).map((s) => s.labels.state)).toEqual([p.status]);
  }

  expect(findSamples(samples, 'quarkpulse_printer_input_level')).toHaveLength(p.inputs.filter((i) => i.level !== undefined).length);
  expect(findSamples(samples, 'quarkpulse_printer_input_max_capacity')).toHaveLength(p.inputs.filter((i) => i.max !== undefined).length);
  for (const i of p.inputs) {
    const labels = { input_index: i.index, input: i.input };
    expect({
      index: i.index,
      level: findSamples(samples, 'quarkpulse_printer_input_level', labels).map((x) => x.value),
      max: findSamples(samples, 'quarkpulse_printer_input_max_capacity', labels).map((x) => x.value),
    }).toEqual({ index: i.index, level: i.level === undefined ? [] : [i.level], max: i.max === undefined ? [] : [i.max] });
  }
  expect(findSamples(samples, 'quarkpulse_printer_alert')).toHaveLength(p.alerts);
}

function expectHost(samples: readonly Sample[], exp: ExpectedRecording): void {
  const cpus = findSamples(samples, 'quarkpulse_host_cpu_load_ratio');
  expect(Object.fromEntries(cpus.map((s) => [s.labels.cpu, s.value]))).toEqual(exp.host.cpus);

  const storageRows = new Set(
    [...findSamples(samples, 'quarkpulse_host_storage_size_bytes'), ...findSamples(samples, 'quarkpulse_host_storage_used_bytes')].map((s) => s.labels.storage_index),
  );
  expect(storageRows.size).toBe(exp.host.storageCount);
  for (const st of exp.host.some) {
    const labels = { storage_index: st.index, storage: st.storage, type: st.type };
    expect({
      index: st.index,
      size: findSamples(samples, 'quarkpulse_host_storage_size_bytes', labels).map((x) => x.value),
      used: findSamples(samples, 'quarkpulse_host_storage_used_bytes', labels).map((x) => x.value),
    }).toEqual({ index: st.index, size: st.size === undefined ? [] : [st.size], used: st.used === undefined ? [] : [st.used] });
  }
}
