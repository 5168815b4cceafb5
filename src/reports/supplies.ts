/**
 * Supplies from `quarkpulse_printer_supply_level` (prtMarkerSuppliesLevel). RFC 3805 specials
 * are not levels: -1 other, -2 unknown, -3 "some remaining" (the device cannot say how much);
 * they are skipped when looking for replacements. A replacement is the level rising, from one
 * real level to the next, by at least a tenth of the supply's max capacity (10 units when the
 * capacity is unknown): smaller rises are measurement noise, not a new cartridge.
 */
import type { Series } from './prometheus';

export interface SupplyReplacement {
  atMs: number;
  fromLevel: number;
  toLevel: number;
}

export interface SupplyKey {
  device: string;
  index: string;
  supply: string;
  type: string;
  color: string;
}

export interface SupplyState extends SupplyKey {
  /** The last real level in the period, if any. */
  level?: number;
  maxCapacity?: number;
  /** level / max capacity, 0..1, where both are known. */
  ratio?: number;
  /** What the device says when it gives no level: "some remaining", "unknown", "other". */
  note?: string;
  replacements: SupplyReplacement[];
  /** Forecast days left (quarkpulse_printer_supply_days_left); undefined = no forecast. */
  daysLeft?: number;
}

const SPECIAL_NOTE: Record<number, string> = { [-1]: 'other', [-2]: 'unknown', [-3]: 'some remaining' };

/** Pure: the replacement threshold for a supply of `maxCapacity`. */
export function replacementThreshold(maxCapacity: number | undefined): number {
  return maxCapacity !== undefined && maxCapacity > 0 ? maxCapacity / 10 : 10;
}

/** Pure: replacements in a level series (points oldest first). */
export function supplyReplacements(points: ReadonlyArray<readonly [number, number]>, maxCapacity?: number): SupplyReplacement[] {
  const threshold = replacementThreshold(maxCapacity);
  const out: SupplyReplacement[] = [];
  let last: number | undefined;
  for (const [t, v] of points) {
    if (!Number.isFinite(v) || v < 0) continue;
    if (last !== undefined && v - last >= threshold) out.push({ atMs: t, fromLevel: last, toLevel: v });
    last = v;
  }
  return out;
}

function keyOf(l: Record<string, string>): SupplyKey | undefined {
  if (l.device === undefined) return undefined;
  return { device: l.device, index: l.supply_index ?? '', supply: l.supply ?? '', type: l.supply_type ?? '', color: l.color ?? '' };
}

const id = (k: SupplyKey) => `${k.device}\u0000${k.index}`;

/**
 * Pure: per supply (device + supply_index), replacements and the current state. `maxCapacity`
 * and `daysLeft` are instant results (one point per series).
 */
export function supplyStates(levels: readonly Series[], maxCapacity: readonly Series[], daysLeft: readonly Series[]): SupplyState[] {
  const max = new Map<string, number>();
  for (const s of maxCapacity) {
    const k = keyOf(s.labels);
    const v = s.points[0]?.[1];
    if (k && v !== undefined && v > 0) max.set(id(k), v);
  }
  const days = new Map<string, number>();
  for (const s of daysLeft) {
    const k = keyOf(s.labels);
    const v = s.points[0]?.[1];
    if (k && v !== undefined && Number.isFinite(v) && v >= 0) days.set(id(k), v);
  }
  const groups = new Map<string, { key: SupplyKey; points: Array<[number, number]> }>();
  for (const s of levels) {
    const k = keyOf(s.labels);
    if (!k) continue;
    const g = groups.get(id(k)) ?? { key: k, points: [] };
    // The newest labels name the supply (a new cartridge may have a new description).
    g.key = k;
    g.points.push(...s.points);
    groups.set(id(k), g);
  }
  const out: SupplyState[] = [];
  for (const [gid, g] of groups) {
    g.points.sort((a, b) => a[0] - b[0]);
    const maxCap = max.get(gid);
    const last = g.points[g.points.length - 1]?.[1];
    const lastReal = [...g.points].reverse().find(([, v]) => Number.isFinite(v) && v >= 0)?.[1];
    const state: SupplyState = { ...g.key, replacements: supplyReplacements(g.points, maxCap) };
    if (maxCap !== undefined) state.maxCapacity = maxCap;
    if (last !== undefined && last < 0) state.note = SPECIAL_NOTE[last] ?? 'unknown';
    else if (lastReal !== undefined) {
      state.level = lastReal;
      if (maxCap !== undefined) state.ratio = Math.min(1, lastReal / maxCap);
    }
    const d = days.get(gid);
    if (d !== undefined) state.daysLeft = d;
    out.push(state);
  }
  return out.sort((a, b) => a.device.localeCompare(b.device) || Number(a.index) - Number(b.index) || a.index.localeCompare(b.index));
}
