/** Simulated toner use in the lab (src/simulate/supply-use.ts): which supplies, and their levels over time. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { labRecordingsDir } from '../../../src/simulate/lab';
import { parseSnmprec } from '../../../src/simulate/snmprec';
import { levelAt, supplyUsePlan, varbindsAt } from '../../../src/simulate/supply-use';

const LEVEL = '1.3.6.1.2.1.43.11.1.1.9.1.';

describe('supply use', () => {
  const text = fs.readFileSync(path.join(labRecordingsDir(), 'lab-printer.snmprec'), 'latin1');
  const varbinds = parseSnmprec(text).varbinds;

  it('the lab printer opts in: every supply at 25 % or more, one unit per 5 s; the low black toner stays', () => {
    const plan = supplyUsePlan(text, varbinds);
    expect(plan?.unitMs).toBe(5_000);
    expect(plan?.supplies.map((s) => [s.oid.slice(LEVEL.length), s.recorded, s.max])).toEqual([
      ['1', 64, 100],
      ['2', 71, 100],
      ['3', 58, 100],
      ['5', 82, 100],
      ['6', 77, 100],
      ['7', 85, 100],
    ]);
  });

  it('without the line, or with a bad period, nothing moves', () => {
    expect(supplyUsePlan(text.replace(/^# quarkpulse-lab:.*$/m, ''), varbinds)).toBeUndefined();
    expect(supplyUsePlan(text.replace(/supply-use 5s/, 'supply-use soon'), varbinds)).toBeUndefined();
  });

  it('down one unit per period to 20 %, then full again, deterministically', () => {
    const s = { oid: `${LEVEL}1`, recorded: 64, max: 100 };
    const at = (units: number) => levelAt(s, units * 5_000 + 1, 5_000);
    expect([0, 1, 2, 44].map(at)).toEqual([64, 63, 62, 20]);
    expect([45, 46, 45 + 80, 45 + 81].map(at)).toEqual([100, 99, 20, 100]);
    expect(levelAt(s, -1_000, 5_000)).toBe(64);
  });

  it('varbindsAt writes the levels into the recording and leaves everything else', () => {
    const plan = supplyUsePlan(text, varbinds)!;
    const after = varbindsAt(plan, 10 * 5_000);
    const value = (oid: string) => after.find((vb) => vb.oid === oid)?.value;
    expect([value(`${LEVEL}1`), value(`${LEVEL}4`), value(`${LEVEL}7`)]).toEqual([54, 6, 75]);
    expect(after).toHaveLength(varbinds.length);
    expect(after.filter((vb, i) => vb !== varbinds[i]).map((vb) => vb.oid)).toEqual(plan.supplies.map((s) => s.oid));
  });
});
