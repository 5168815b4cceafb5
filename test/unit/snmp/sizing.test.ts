import { SAFE_MAX_VARBINDS } from '../../../src/config/vocabulary';
/**
 * Request sizing (sizing.ts), pure, and the walker learning an agent's limit from a truncated
 * GETBULK (an in-memory agent that cuts answers at 30 varbinds, like an agent with a small buffer).
 */
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import { parseSizeRecord } from '../../../src/probes/snmp/size-memory';
import {
  RELAX_AFTER_MS,
  START_VARBINDS,
  answered,
  attemptsFor,
  budgetOf,
  endSizing,
  silence,
  startSizing,
  sameRecord,
  truncated,
} from '../../../src/probes/snmp/sizing';
import type { Varbind } from '../../../src/probes/snmp/varbind';
import { newDeviceHistory, walkDevice } from '../../../src/probes/snmp/walker';
import { recordingVarbinds } from '../../helpers/snmp-walk';
import { FakeAgent } from './fake-agent';

describe('sizing', () => {
  it('a never-seen device starts at the safe size and keeps one attempt back for a one-varbind request', () => {
    const s = startSizing(undefined, SAFE_MAX_VARBINDS, 0);
    expect(s.budget).toBe(START_VARBINDS);
    expect(attemptsFor(s, START_VARBINDS, 1)).toBe(1);
    expect(silence(s, START_VARBINDS, 1, 0)).toBe(true);
    expect(budgetOf(s)).toBe(1);
    // Dead: the one-varbind request goes unanswered too, after the attempts kept back.
    expect(attemptsFor(s, 1, 1, 1)).toBe(1);
    expect(silence(s, 1, 1, 0)).toBe(false);
  });

  it('alive after all: goes on at half the size that went unanswered; the next poll stays at what worked', () => {
    const s = startSizing(undefined, SAFE_MAX_VARBINDS, 0);
    silence(s, 40, 1, 0);
    answered(s, 1, 0);
    expect(s.budget).toBe(20);
    answered(s, 20, 0);
    const record = endSizing(s, undefined);
    expect(record).toMatchObject({ working: 20, ceiling: 20, reason: 'silence' });
    const next = startSizing(record, SAFE_MAX_VARBINDS, 1000);
    expect(next.budget).toBe(20);
    // Sizes that worked get every attempt.
    expect(attemptsFor({ ...next, answered: true }, 20, 2)).toBe(3);
  });

  it('a ceiling learnt from silence relaxes after an hour; a truncation never does', () => {
    const silent = { working: 20, ceiling: 20, reason: 'silence' as const, since: 0 };
    expect(startSizing(silent, 64, RELAX_AFTER_MS - 1).ceiling).toBe(20);
    expect(startSizing(silent, 64, RELAX_AFTER_MS).ceiling).toBe(25);
    const cut = { working: 30, ceiling: 30, reason: 'truncated' as const, since: 0 };
    expect(startSizing(cut, 64, 10 * RELAX_AFTER_MS).ceiling).toBe(30);
  });

  it('a truncated answer lowers the ceiling to what came', () => {
    const s = startSizing(undefined, 64, 0);
    truncated(s, 30, 0);
    expect(s.ceiling).toBe(30);
    expect(s.budget).toBe(30);
  });
});

describe('a stored size record', () => {
  it('reads back what was written, empty columns included; damaged entries are dropped, not the record', () => {
    const record = { working: 9, ceiling: 9, reason: 'silence' as const, since: 1_700_000_000_000, bytes: 979, bytesPerVarbind: 53, emptyColumns: ['1.3.6.1.2.1.43.18.1.1.2'] };
    expect(parseSizeRecord(JSON.stringify(record))).toEqual(record);
    const damaged = parseSizeRecord(JSON.stringify({ ...record, emptyColumns: ['1.3.6.1.2.1.43.18.1.1.4', 7, 'x', '1.3.'] }));
    expect(damaged).toEqual({ ...record, emptyColumns: ['1.3.6.1.2.1.43.18.1.1.4'] });
    expect(parseSizeRecord(JSON.stringify({ ...record, emptyColumns: 'no' }))?.emptyColumns).toBeUndefined();
  });

  it('a change of the empty columns alone is a change to store', () => {
    const record = { working: 9, since: 1 };
    expect(sameRecord({ ...record, emptyColumns: ['1.3.6.1.2'] }, { ...record, emptyColumns: ['1.3.6.1.2'] })).toBe(true);
    expect(sameRecord({ ...record, emptyColumns: ['1.3.6.1.2'] }, { ...record, emptyColumns: ['1.3.6.1.3'] })).toBe(false);
    expect(sameRecord(record, { ...record, emptyColumns: ['1.3.6.1.2'] })).toBe(false);
  });
});

describe('walker against an agent that cuts GETBULK answers at 30 varbinds', () => {
  it('complete walks; the limit is learnt, and no later request asks for more', async () => {
    const cut = (lists: Varbind[][]): Varbind[][] => {
      // Keep the first 30 varbinds in the agent's order (repetition by repetition).
      let left = 30;
      const out = lists.map(() => [] as Varbind[]);
      const longest = Math.max(0, ...lists.map((l) => l.length));
      for (let r = 0; r < longest; r++) for (let i = 0; i < lists.length; i++) if (r < lists[i].length && left-- > 0) out[i].push(lists[i][r]);
      return out;
    };
    const agent = new FakeAgent(recordingVarbinds('junos_qfx5130-32cd-evo'), { hook: (call, lists) => (call.op === 'getBulk' ? cut(lists) : lists) });
    const truth = new FakeAgent(recordingVarbinds('junos_qfx5130-32cd-evo'));
    const modules = [SNMP_MODULES.system, SNMP_MODULES.interfaces, SNMP_MODULES.host];
    const history = newDeviceHistory();
    const reference = await walkDevice(truth, modules, newDeviceHistory(), { version: '2c', maxRepetitions: 50, maxVarbinds: 64 });
    for (let p = 0; p < 3; p++) {
      agent.resetCalls();
      const w = await walkDevice(agent, modules, history, { version: '2c', maxRepetitions: 50, maxVarbinds: 64 });
      w.modules.forEach((m, i) => {
        expect(m.error).toBeUndefined();
        expect(m.result).toEqual(reference.modules[i].result);
      });
      if (p > 0) {
        const asked = agent.calls.map((c) => (c.op === 'getBulk' ? c.nonRepeaters + (c.oids.length - c.nonRepeaters) * c.maxRepetitions : c.oids.length));
        expect(Math.max(...asked)).toBeLessThanOrEqual(30);
      }
    }
    expect(history.size).toMatchObject({ ceiling: 30, reason: 'truncated' });
  });
});
