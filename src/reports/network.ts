/**
 * Network: per interface, the bytes moved in the period and the errors counted (counters.ts
 * semantics), and the peak rate: the highest average rate over one network step (1 h by
 * default) — a 10-second burst does not show, an hour of saturation does. Utilisation = peak
 * bits per second / interface speed, where the speed is known.
 */
import { counterIncrease, mergePoints, peakRate } from './counters';
import type { Series } from './prometheus';

export interface InterfaceTraffic {
  device: string;
  ifindex: string;
  name: string;
  receiveBytes: number;
  transmitBytes: number;
  errors: number;
  /** Highest rate of one direction over one step, bits per second. */
  peakBitsPerSecond?: number;
  speedBitsPerSecond?: number;
  /** peak / speed, where the speed is known. */
  peakUtilisation?: number;
}

export interface NetworkSummary {
  interfaces: number;
  withErrors: InterfaceTraffic[];
  busiest: InterfaceTraffic[];
  peakUtilisation: InterfaceTraffic[];
}

type Direction = 'receive' | 'transmit';

function directionOf(name: string | undefined): Direction | undefined {
  if (name === undefined) return undefined;
  if (name.includes('_receive_')) return 'receive';
  if (name.includes('_transmit_')) return 'transmit';
  return undefined;
}

interface Acc {
  device: string;
  ifindex: string;
  name: string;
  bytes: Record<Direction, Series[]>;
  errors: Series[];
  speed?: number;
}

/** Pure: bytes and errors are range results with `__name__` kept (receive and transmit in one query); speed an instant result. */
export function interfaceTraffic(bytes: readonly Series[], errors: readonly Series[], speed: readonly Series[]): InterfaceTraffic[] {
  const acc = new Map<string, Acc>();
  const get = (l: Record<string, string>): Acc | undefined => {
    if (l.device === undefined || l.ifindex === undefined) return undefined;
    const key = `${l.device}\u0000${l.ifindex}`;
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { device: l.device, ifindex: l.ifindex, name: l.name ?? l.ifindex, bytes: { receive: [], transmit: [] }, errors: [] }));
    if (l.name) a.name = l.name;
    return a;
  };
  for (const s of bytes) {
    const dir = directionOf(s.labels.__name__);
    const a = get(s.labels);
    if (a && dir) a.bytes[dir].push(s);
  }
  for (const s of errors) get(s.labels)?.errors.push(s);
  for (const s of speed) {
    const a = get(s.labels);
    const v = s.points[0]?.[1];
    if (a && v !== undefined && v > 0) a.speed = v;
  }
  const out: InterfaceTraffic[] = [];
  for (const a of acc.values()) {
    const rx = mergePoints(a.bytes.receive);
    const tx = mergePoints(a.bytes.transmit);
    const peaks = [peakRate(rx), peakRate(tx)].filter((v): v is number => v !== undefined);
    // Receive and transmit errors are separate counters: each gets its own reset handling.
    const errorsBy = new Map<string, Series[]>();
    for (const s of a.errors) errorsBy.set(s.labels.__name__ ?? '', [...(errorsBy.get(s.labels.__name__ ?? '') ?? []), s]);
    let errorCount = 0;
    for (const list of errorsBy.values()) errorCount += counterIncrease(mergePoints(list))?.increase ?? 0;
    const t: InterfaceTraffic = {
      device: a.device,
      ifindex: a.ifindex,
      name: a.name,
      receiveBytes: counterIncrease(rx)?.increase ?? 0,
      transmitBytes: counterIncrease(tx)?.increase ?? 0,
      errors: errorCount,
    };
    if (peaks.length > 0) t.peakBitsPerSecond = Math.max(...peaks) * 8;
    if (a.speed !== undefined) t.speedBitsPerSecond = a.speed;
    if (t.peakBitsPerSecond !== undefined && a.speed !== undefined) t.peakUtilisation = t.peakBitsPerSecond / a.speed;
    out.push(t);
  }
  return out;
}

/** Pure: the interfaces worth a manager's attention, `top` of each list. */
export function networkSummary(all: readonly InterfaceTraffic[], top = 5): NetworkSummary {
  const byName = (a: InterfaceTraffic, b: InterfaceTraffic) => a.device.localeCompare(b.device) || a.name.localeCompare(b.name);
  return {
    interfaces: all.length,
    withErrors: all.filter((i) => i.errors > 0).sort((a, b) => b.errors - a.errors || byName(a, b)),
    busiest: all
      .filter((i) => i.receiveBytes + i.transmitBytes > 0)
      .sort((a, b) => b.receiveBytes + b.transmitBytes - (a.receiveBytes + a.transmitBytes) || byName(a, b))
      .slice(0, top),
    peakUtilisation: all
      .filter((i) => i.peakUtilisation !== undefined)
      .sort((a, b) => (b.peakUtilisation as number) - (a.peakUtilisation as number) || byName(a, b))
      .slice(0, top),
  };
}
