/**
 * Simulated toner use, so the lab's supply forecast has something to forecast. A recording opts
 * in with a comment line (snmprec ignores comments):
 *
 *     # quarkpulse-lab: supply-use 5s
 *
 * Then every supply of it recorded at 25 % or more of a known max capacity loses one unit per
 * that period from when the simulator started, down to 20 % of its capacity, and is refilled to
 * full on the next step: deterministic, a function of the elapsed time only. Supplies recorded
 * lower (the lab's low black toner) and -3/-2 levels stay as recorded, so a low-toner alert stays.
 */
import { parseDuration } from '../config/duration';
import { SnmpType, type Varbind } from '../probes/snmp/varbind';

const MARKER_RE = /^#\s*quarkpulse-lab:\s*supply-use\s+(\S+)\s*$/m;
const LEVEL_PREFIX = '1.3.6.1.2.1.43.11.1.1.9.';
const MAX_PREFIX = '1.3.6.1.2.1.43.11.1.1.8.';
/** Supplies recorded at or above this share of their capacity are used. */
const IN_USE_FROM = 0.25;
/** …down to this share, then refilled. */
const FLOOR = 0.2;

export interface UsedSupply {
  oid: string;
  recorded: number;
  max: number;
}

export interface SupplyUsePlan {
  /** One unit used per this many ms. */
  unitMs: number;
  supplies: UsedSupply[];
  /** The recording as parsed: the base the levels are written into. */
  varbinds: Varbind[];
}

/** The plan of a recording with the marker; undefined without it (or with a bad period). */
export function supplyUsePlan(text: string, varbinds: readonly Varbind[]): SupplyUsePlan | undefined {
  const m = MARKER_RE.exec(text);
  const unitMs = m ? parseDuration(m[1]) : undefined;
  if (unitMs === undefined || unitMs <= 0) return undefined;
  const max = new Map<string, number>();
  for (const vb of varbinds) if (vb.oid.startsWith(MAX_PREFIX) && typeof vb.value === 'number') max.set(vb.oid.slice(MAX_PREFIX.length), vb.value);
  const supplies: UsedSupply[] = [];
  for (const vb of varbinds) {
    if (!vb.oid.startsWith(LEVEL_PREFIX) || vb.type !== SnmpType.Integer || typeof vb.value !== 'number') continue;
    const capacity = max.get(vb.oid.slice(LEVEL_PREFIX.length)) ?? -2;
    if (capacity > 0 && vb.value >= IN_USE_FROM * capacity && vb.value <= capacity) supplies.push({ oid: vb.oid, recorded: vb.value, max: capacity });
  }
  return supplies.length > 0 ? { unitMs, supplies, varbinds: [...varbinds] } : undefined;
}

/** The level `elapsedMs` after the start: down one unit per `unitMs` to the floor, then full again. */
export function levelAt(s: UsedSupply, elapsedMs: number, unitMs: number): number {
  const floor = Math.ceil(FLOOR * s.max);
  const units = Math.max(0, Math.floor(elapsedMs / unitMs));
  const first = s.recorded - floor;
  if (units <= first) return s.recorded - units;
  const cycle = s.max - floor + 1;
  return s.max - ((units - first - 1) % cycle);
}

/** The recording's varbinds with every used supply at its level `elapsedMs` after the start. */
export function varbindsAt(plan: SupplyUsePlan, elapsedMs: number): Varbind[] {
  const levels = new Map(plan.supplies.map((s) => [s.oid, levelAt(s, elapsedMs, plan.unitMs)]));
  return plan.varbinds.map((vb) => {
    const level = levels.get(vb.oid);
    return level === undefined ? vb : { ...vb, value: level };
  });
}
