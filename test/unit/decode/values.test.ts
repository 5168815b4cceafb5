import {
  bufferToUnsigned,
  deviceOfTwoPartIndex,
  firstRow,
  intValue,
  oidValue,
  singleIndex,
  unsignedValue,
} from '../../../src/probes/snmp/decode/values';
import { compareOids } from '../../../src/probes/snmp/oid';
import { SnmpType, type Varbind } from '../../../src/probes/snmp/varbind';
import { c32, c64, c64buf, g32, int, ip, noSuchInstance, nul, oidv, str, ticks } from '../../helpers/varbinds';

describe('intValue / unsignedValue', () => {
  it.each<[string, Varbind, number | undefined, number | undefined]>([
    ['Integer32 negative', int('1', -3), -3, 4294967293],
    ['Integer32 wrap (big disk)', int('1', -1294967296), -1294967296, 3000000000],
    ['Counter32 max', c32('1', 4294967295), 4294967295, 4294967295],
    ['Gauge32', g32('1', 1000), 1000, 1000],
    ['TimeTicks', ticks('1', 12345), 12345, 12345],
    ['Counter64 bigint', c64('1', 18446744073709551615n), 18446744073709551615, 18446744073709551615],
    ['Counter64 Buffer', c64buf('1', 985064691n), 985064691, 985064691],
    ['Counter64 Buffer above 2^53', c64buf('1', 2n ** 60n + 1n), 2 ** 60, 2 ** 60],
    ['Counter64 Buffer with a leading zero byte', { oid: '1', type: SnmpType.Counter64, value: Buffer.from('00ff', 'hex') }, 255, 255],
    ['Counter64 empty Buffer', { oid: '1', type: SnmpType.Counter64, value: Buffer.alloc(0) }, 0, 0],
    ['Counter64 Buffer too long', { oid: '1', type: SnmpType.Counter64, value: Buffer.alloc(12, 1) }, undefined, undefined],
    ['OCTET STRING "50"', str('1', '50'), undefined, undefined],
    ['OBJECT IDENTIFIER', oidv('1', '1.3.6'), undefined, undefined],
    ['IpAddress', ip('1', '10.0.0.1'), undefined, undefined],
    ['NULL', nul('1'), undefined, undefined],
    ['noSuchInstance', noSuchInstance('1'), undefined, undefined],
    ['Integer with a Buffer value', { oid: '1', type: SnmpType.Integer, value: Buffer.from([1]) }, undefined, undefined],
    ['Integer NaN', { oid: '1', type: SnmpType.Integer, value: Number.NaN }, undefined, undefined],
    ['Integer fraction', { oid: '1', type: SnmpType.Integer, value: 1.5 }, undefined, undefined],
    ['below Integer32', int('1', -5000000000), -5000000000, undefined],
  ])('%s', (_label, vb, signed, unsigned) => {
    expect(intValue(vb)).toBe(signed);
    expect(unsignedValue(vb)).toBe(unsigned);
  });

  it('undefined varbind', () => {
    expect(intValue(undefined)).toBeUndefined();
    expect(unsignedValue(undefined)).toBeUndefined();
  });
});

describe('bufferToUnsigned', () => {
  it('reads big-endian', () => {
    expect(bufferToUnsigned(Buffer.from('0100', 'hex'))).toBe(256);
    expect(bufferToUnsigned(Buffer.from('ffffffffffffffff', 'hex'))).toBe(Number(2n ** 64n - 1n));
  });
});

describe('oidValue', () => {
  it('strips a leading dot, rejects other types', () => {
    expect(oidValue(oidv('1', '.1.3.6.1.4.1.9'))).toBe('1.3.6.1.4.1.9');
    expect(oidValue(oidv('1', '1.3.6'))).toBe('1.3.6');
    expect(oidValue(str('1', '1.3.6'))).toBeUndefined();
  });
});

describe('indexes', () => {
  it.each([
    ['1', 1],
    ['4294967295', 4294967295],
    ['0', undefined],
    ['', undefined],
    ['1.2', undefined],
    ['a', undefined],
    ['12345678901', undefined],
  ])('singleIndex(%j)', (idx, want) => {
    expect(singleIndex(idx)).toBe(want);
  });

  it.each([
    ['1.3', '1'],
    ['12.31', '12'],
    ['1', undefined],
    ['1.2.3', undefined],
    ['.1', undefined],
    ['1.', undefined],
    ['1.x', undefined],
  ])('deviceOfTwoPartIndex(%j)', (idx, want) => {
    expect(deviceOfTwoPartIndex(idx)).toBe(want);
  });

  it('compareOids orders row indexes numerically', () => {
    expect(['1.10', '1.2', '10', '2', '1.1'].sort(compareOids)).toEqual(['1.1', '1.2', '1.10', '2', '10']);
  });

  it('firstRow takes the lowest index and skips exceptions', () => {
    const rows = new Map<string, Varbind>([
      ['10', str('a', 'ten')],
      ['2', noSuchInstance('b')],
      ['3', str('c', 'three')],
    ]);
    expect(firstRow(rows)?.oid).toBe('c');
    expect(firstRow(new Map())).toBeUndefined();
  });
});
