import {
  TlvHeader,
  decodeVarbind,
  encodeOid,
  encodeValue,
  encodeVarbind,
  lengthSize,
  oidContent,
  parseOid,
  readHeader,
  readOid,
  readOidArcs,
  readSigned,
  readUnsigned,
  signedContent,
  writeInt32Tlv,
  writeLength,
} from '../../../src/simulate/ber';
import { SnmpType, type Varbind } from '../../../src/probes/snmp/varbind';

const hex = (b: Buffer): string => b.toString('hex');

describe('lengths', () => {
  it.each([
    [0, '00'],
    [127, '7f'],
    [128, '8180'],
    [255, '81ff'],
    [256, '820100'],
    [65535, '82ffff'],
    [65536, '83010000'],
    [0x1000000, '8401000000'],
  ])('writes %i as %s and reads it back', (len, expected) => {
    const buf = Buffer.alloc(8);
    const end = writeLength(buf, 0, len);
    expect(hex(buf.subarray(0, end))).toBe(expected);
    expect(end).toBe(lengthSize(len));
    // Read back through a full header (tag + length + that much content).
    const tlv = Buffer.concat([Buffer.from([0x04]), buf.subarray(0, end), Buffer.alloc(len)]);
    const h = new TlvHeader();
    expect(readHeader(tlv, 0, tlv.length, h)).toBeUndefined();
    expect(h.end - h.start).toBe(len);
  });

  it('accepts a non-minimal long form (BER allows it)', () => {
    const h = new TlvHeader();
    expect(readHeader(Buffer.from('04820003616263', 'hex'), 0, 7, h)).toBeUndefined();
    expect([h.start, h.end]).toEqual([4, 7]);
  });

  it.each([
    ['', 'truncated: tag expected'],
    ['04', 'truncated: length expected'],
    ['0480', 'indefinite length is not allowed'],
    ['0485000000000001', 'length field too long'],
    ['0482ff', 'truncated length field'],
    ['0405616263', 'length exceeds the data'],
    ['1f0100', 'multi-byte tags are not used by SNMP'],
  ])('reports %s as "%s" without throwing', (bytes, reason) => {
    const b = Buffer.from(bytes, 'hex');
    expect(readHeader(b, 0, b.length, new TlvHeader())).toBe(reason);
  });
});

describe('integers', () => {
  it.each([
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '0080'],
    [255, '00ff'],
    [256, '0100'],
    [-1, 'ff'],
    [-128, '80'],
    [-129, 'ff7f'],
    [-32768, '8000'],
    [2147483647, '7fffffff'],
    [-2147483648, '80000000'],
    [4294967295, '00ffffffff'],
  ])('%i ↔ %s', (v, expected) => {
    const content = signedContent(v);
    expect(hex(content)).toBe(expected);
    expect(readSigned(content, 0, content.length)).toBe(v);
  });

  it('writes 32-bit INTEGER TLVs minimally (request-id, error fields)', () => {
    const buf = Buffer.alloc(8);
    for (const [v, expected] of [
      [0, '020100'],
      [-1, '0201ff'],
      [200, '020200c8'],
      [-2147483648, '020480000000'],
      [0x12345678, '020412345678'],
    ] as const) {
      const end = writeInt32Tlv(buf, 0, v);
      expect(hex(buf.subarray(0, end))).toBe(expected);
    }
  });

  it('Counter64 covers the full unsigned 64-bit range', () => {
    const max = encodeValue(SnmpType.Counter64, 0xffffffffffffffffn);
    expect(hex(max)).toBe('4609' + '00ffffffffffffffff');
    expect(readUnsigned(max, 2, max.length)).toBe(0xffffffffffffffffn);
    expect(hex(encodeValue(SnmpType.Counter64, 0n))).toBe('460100');
    expect(hex(encodeValue(SnmpType.Counter64, 2n ** 63n))).toBe('4609008000000000000000');
    // net-snmp hands Counter64 over as 8 bytes; accepted too.
    expect(hex(encodeValue(SnmpType.Counter64, Buffer.from('0000000100000000', 'hex')))).toBe('46050100000000');
    expect(() => encodeValue(SnmpType.Counter64, 2n ** 64n)).toThrow(RangeError);
    expect(() => encodeValue(SnmpType.Counter64, -1n)).toThrow(RangeError);
  });

  it('unsigned 32-bit types get a leading zero byte when the top bit is set', () => {
    expect(hex(encodeValue(SnmpType.Counter32, 0xffffffff))).toBe('410500ffffffff');
    expect(hex(encodeValue(SnmpType.Gauge32, 128))).toBe('42020080');
    expect(hex(encodeValue(SnmpType.TimeTicks, 0))).toBe('430100');
    expect(() => encodeValue(SnmpType.Counter32, 2 ** 32)).toThrow(RangeError);
    expect(() => encodeValue(SnmpType.Gauge32, -1)).toThrow(RangeError);
  });

  it('negative Integer32 values', () => {
    expect(hex(encodeValue(SnmpType.Integer, -2))).toBe('0201fe');
    expect(hex(encodeValue(SnmpType.Integer, -3))).toBe('0201fd');
    expect(hex(encodeValue(SnmpType.Integer, -1000))).toBe('0202fc18');
    expect(() => encodeValue(SnmpType.Integer, 2 ** 31)).toThrow(RangeError);
    expect(() => encodeValue(SnmpType.Integer, 1.5)).toThrow(TypeError);
  });

  it('rejects unusable integer contents', () => {
    expect(readSigned(Buffer.alloc(0), 0, 0)).toBeUndefined();
    expect(readSigned(Buffer.alloc(7), 0, 7)).toBeUndefined();
    expect(readUnsigned(Buffer.from('ff', 'hex'), 0, 1)).toBeUndefined();
  });
});

describe('OBJECT IDENTIFIER', () => {
  it.each([
    ['1.3.6.1.2.1.1.1.0', '2b06010201010100'],
    ['1.3.6.1.4.1.2435.2.3.9.1', '2b06010401930302030901'],
    ['1.3.6.1.2.1.2.2.1.10.128', '2b060102010202010a8100'],
    ['1.3.6.1.2.1.99.16383.16384', '2b0601020163ff7f818000'],
    ['1.3.6.1.4294967295', '2b06018fffffff7f'],
    ['0.0', '00'],
    ['2.999.3', '883703'],
  ])('%s ↔ %s', (oid, content) => {
    const arcs = parseOid(oid);
    expect(arcs).toBeDefined();
    expect(hex(oidContent(arcs ?? []))).toBe(content);
    const b = Buffer.from(content, 'hex');
    expect(readOid(b, 0, b.length)).toBe(oid);
    expect(hex(encodeOid(oid))).toBe(`06${b.length.toString(16).padStart(2, '0')}${content}`);
  });

  it('accepts a leading dot and rejects non-OIDs', () => {
    expect(parseOid('.1.3.6')).toEqual([1, 3, 6]);
    for (const bad of ['', '.', '1', '1..3', '1.3.', 'a.b', '3.1', '1.40', '1.3.4294967296', Array(130).fill(1).join('.')]) {
      expect(parseOid(bad)).toBeUndefined();
    }
    expect(() => encodeOid('1.3.x')).toThrow(TypeError);
  });

  it('reports malformed contents as negative counts, not exceptions', () => {
    const out = new Float64Array(200);
    const arcs = (h: string): number => {
      const b = Buffer.from(h, 'hex');
      return readOidArcs(b, 0, b.length, out, 0);
    };
    expect(arcs('')).toBe(-1); // empty
    expect(arcs('2b0681')).toBe(-1); // last sub-identifier cut off
    expect(arcs('2b068001')).toBe(-1); // non-minimal sub-identifier
    expect(arcs('2b90808080800')).toBeLessThan(0); // beyond 2^32-1 (and odd hex: truncated)
    expect(arcs('2b9080808000')).toBe(-3); // 2^32 exactly
    expect(arcs('2b' + '01'.repeat(127))).toBe(-2); // 129 arcs
    expect(arcs('2b' + '01'.repeat(126))).toBe(128);
  });
});

describe('varbinds', () => {
  const cases: Varbind[] = [
    { oid: '1.3.6.1.2.1.1.1.0', type: SnmpType.OctetString, value: Buffer.from('SHARP MX-3570N') },
    { oid: '1.3.6.1.2.1.1.2.0', type: SnmpType.ObjectIdentifier, value: '1.3.6.1.4.1.2385.3.1.112.1.2' },
    { oid: '1.3.6.1.2.1.1.3.0', type: SnmpType.TimeTicks, value: 724425094 },
    { oid: '1.3.6.1.2.1.2.2.1.10.1', type: SnmpType.Counter32, value: 4294967295 },
    { oid: '1.3.6.1.2.1.2.2.1.5.1', type: SnmpType.Gauge32, value: 1000000000 },
    { oid: '1.3.6.1.2.1.43.11.1.1.9.1.1', type: SnmpType.Integer, value: -3 },
    { oid: '1.3.6.1.2.1.31.1.1.1.6.1', type: SnmpType.Counter64, value: 18446744073709551615n },
    { oid: '1.3.6.1.2.1.4.20.1.1.192.168.1.10', type: SnmpType.IpAddress, value: '192.168.1.10' },
    { oid: '1.3.6.1.2.1.4.22.1.2', type: SnmpType.Null, value: null },
    { oid: '1.3.6.1.2.1.2.2.1.6.1', type: SnmpType.OctetString, value: Buffer.alloc(300, 0xab) },
  ];

  it.each(cases.map((c) => [c.oid, c]))('%s round-trips', (_oid, vb) => {
    const bytes = encodeVarbind(vb);
    const back = decodeVarbind(bytes);
    expect(back).toEqual({ ok: true, value: vb, next: bytes.length });
  });

  it('uses a long length form for big values', () => {
    const bytes = encodeVarbind(cases[cases.length - 1]);
    expect(bytes[0]).toBe(0x30);
    expect(bytes[1]).toBe(0x82); // 2-byte length: 300+ bytes
  });

  it('rejects values that do not fit their type', () => {
    expect(() => encodeValue(SnmpType.IpAddress, '300.1.1.1')).toThrow(TypeError);
    expect(() => encodeValue(SnmpType.OctetString, 5)).toThrow(TypeError);
    expect(() => encodeValue(SnmpType.ObjectIdentifier, 'nope')).toThrow(TypeError);
    expect(() => encodeValue(SnmpType.EndOfMibView, null)).toThrow(TypeError);
  });

  it('decoding garbage returns a problem, never throws', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    const good = encodeVarbind(cases[0]);
    for (let i = 0; i < 2000; i++) {
      const junk = Buffer.from(good);
      junk[rand() % junk.length] = rand();
      const cut = junk.subarray(0, rand() % (junk.length + 1));
      expect(() => decodeVarbind(cut)).not.toThrow();
      const random = Buffer.from(Array.from({ length: rand() % 40 }, rand));
      expect(() => decodeVarbind(random)).not.toThrow();
    }
    expect(decodeVarbind(Buffer.from('300406022b06', 'hex'))).toMatchObject({ ok: false });
    expect(decodeVarbind(Buffer.from('30050601004700', 'hex'))).toMatchObject({ ok: false, error: 'unknown value tag 0x47' });
  });
});
