/**
 * The module specs are the poll cost: these tests pin the exact columns, and prove each decoder
 * reads nothing outside its spec (decoding a walk of whole tables gives the same samples).
 */
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import type { SnmpModuleSpec } from '../../../src/probes/snmp/modules/types';
import { SnmpType, type Varbind } from '../../../src/probes/snmp/varbind';
import { recordingNames } from '../../helpers/recordings';
import { recordingVarbinds, walkFromVarbinds } from '../../helpers/snmp-walk';

describe('SNMP_MODULES specs', () => {
  it('lists exactly these scalars and columns', () => {
    const shape = Object.fromEntries(
      Object.entries(SNMP_MODULES).map(([name, m]) => [
        name,
        { name: m.name, scalars: m.scalars, tables: m.tables.map((t) => `${t.entry}:${t.columns.join(',')}${t.firstRowOnly ? ' first-row' : ''}`) },
      ]),
    );
    expect(shape).toEqual({
      system: {
        name: 'system',
        scalars: ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.4.0', '1.3.6.1.2.1.1.6.0'],
        tables: ['1.3.6.1.2.1.47.1.1.1.1:13 first-row', '1.3.6.1.2.1.25.3.2.1:2,3 first-row', '1.3.6.1.2.1.43.5.1.1:17 first-row'],
      },
      interfaces: {
        name: 'interfaces',
        scalars: [],
        tables: ['1.3.6.1.2.1.2.2.1:2,3,5,7,8,10,13,14,16,19,20', '1.3.6.1.2.1.31.1.1.1:1,6,10,15,18'],
      },
      printer: {
        name: 'printer',
        scalars: [],
        tables: [
          '1.3.6.1.2.1.43.11.1.1:3,5,6,8,9',
          '1.3.6.1.2.1.43.12.1.1:4',
          '1.3.6.1.2.1.43.10.2.1:4',
          '1.3.6.1.2.1.43.8.2.1:9,10,13,18',
          '1.3.6.1.2.1.43.18.1.1:2,4,7,8',
          '1.3.6.1.2.1.25.3.5.1:1,2',
        ],
      },
      host: {
        name: 'host',
        scalars: [],
        tables: ['1.3.6.1.2.1.25.3.3.1:2', '1.3.6.1.2.1.25.2.3.1:2,3,4,5,6'],
      },
    });
  });

  it('columns are ascending and unique, tables have names', () => {
    for (const m of Object.values(SNMP_MODULES)) {
      for (const t of m.tables) {
        expect(t.name).toMatch(/^[a-zA-Z]+Table$/);
        expect([...t.columns]).toEqual([...new Set(t.columns)].sort((a, b) => a - b));
      }
    }
  });

  /** The same tables with every column 1..40: what a careless full-table walk would fetch. */
  function wholeTables(spec: SnmpModuleSpec): SnmpModuleSpec {
    const all = Array.from({ length: 40 }, (_v, i) => i + 1);
    return { ...spec, tables: spec.tables.map((t) => ({ ...t, columns: all })) };
  }

  it.each(recordingNames())('%s: decoders need nothing beyond the listed columns', (name) => {
    const vbs = recordingVarbinds(name);
    for (const m of Object.values(SNMP_MODULES)) {
      expect(m.decode(walkFromVarbinds(vbs, wholeTables(m)))).toEqual(m.decode(walkFromVarbinds(vbs, m)));
    }
  });

  it('never throws on random garbage (deterministic fuzz)', () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const types = [SnmpType.Integer, SnmpType.OctetString, SnmpType.Null, SnmpType.ObjectIdentifier, SnmpType.IpAddress, SnmpType.Counter32, SnmpType.Gauge32, SnmpType.TimeTicks, SnmpType.Counter64, SnmpType.NoSuchObject, SnmpType.NoSuchInstance, SnmpType.EndOfMibView, 99];
    const values = (): Varbind['value'] => {
      switch (rnd(7)) {
        case 0: return rnd(2) ? -rnd(5) : rnd(1 << 30) * 4;
        case 1: return Buffer.from(Array.from({ length: rnd(12) }, () => rnd(256)));
        case 2: return BigInt(rnd(1 << 30)) * 2n ** 33n;
        case 3: return null;
        case 4: return '1.3.6.1.4.1.' + rnd(99999);
        case 5: return Number.NaN;
        default: return 'x'.repeat(rnd(5));
      }
    };
    for (const m of Object.values(SNMP_MODULES)) {
      const oids: string[] = [...m.scalars];
      for (const t of m.tables) for (const c of t.columns) oids.push(`${t.entry}.${c}`);
      for (let round = 0; round < 200; round++) {
        const vbs: Varbind[] = [];
        for (let k = 0; k < 30; k++) {
          const base = oids[rnd(oids.length)];
          const suffix = m.scalars.includes(base) ? '' : ['.1', '.1.1', '.2.3', '.1.2.3', '.0', '.4294967295', '.1.x', ''][rnd(8)];
          vbs.push({ oid: base + suffix, type: types[rnd(types.length)], value: values() });
        }
        const walk = walkFromVarbinds(vbs, m);
        expect(() => m.decode(walk)).not.toThrow();
        for (const s of m.decode(walk)) expect(Number.isFinite(s.value)).toBe(true);
      }
    }
  });
});
