import { decodeOctets, firstLine, firstWordOf, textValue } from '../../../src/probes/snmp/decode/text';
import { SnmpType } from '../../../src/probes/snmp/varbind';
import { hex, int, str } from '../../helpers/varbinds';

describe('decodeOctets', () => {
  it.each([
    ['ASCII', Buffer.from('Black Toner'), 'Black Toner'],
    ['empty', Buffer.alloc(0), ''],
    ['valid UTF-8', Buffer.from('Cyan Tóner ™', 'utf8'), 'Cyan Tóner ™'],
    ['Latin-1 (invalid UTF-8)', Buffer.from('4d6167656e74612054f36e6572', 'hex'), 'Magenta Tóner'],
    ['lone continuation byte', Buffer.from([0x41, 0x80, 0x42]), 'A\u0080B'],
    ['truncated UTF-8 sequence', Buffer.from([0x41, 0xc3]), 'A\u00c3'],
    ['CR/LF and quotes kept', Buffer.from('"a\r\nb"'), '"a\r\nb"'],
    ['NUL kept', Buffer.from([0x41, 0x00, 0x42]), 'A\u0000B'],
  ])('%s', (_label, buf, want) => {
    expect(decodeOctets(buf)).toBe(want);
  });
});

describe('textValue', () => {
  it('decodes OCTET STRING buffers and string values', () => {
    expect(textValue(str('1', 'x y '))).toBe('x y ');
    expect(textValue(hex('1', '426c61636b'))).toBe('Black');
    expect(textValue({ oid: '1', type: SnmpType.OctetString, value: 'plain' })).toBe('plain');
  });
  it('answers undefined for other types and missing varbinds', () => {
    expect(textValue(int('1', 5))).toBeUndefined();
    expect(textValue({ oid: '1', type: SnmpType.OctetString, value: 5 })).toBeUndefined();
    expect(textValue({ oid: '1', type: SnmpType.NoSuchInstance, value: null })).toBeUndefined();
    expect(textValue(undefined)).toBeUndefined();
  });
});

describe('firstLine (the supply label rule)', () => {
  it.each([
    ['Black Cartridge \n38 32 37 41', 'Black Cartridge'],
    ['Cyan\r\nPN', 'Cyan'],
    ['Fuser\u0000\u0000\u0000', 'Fuser'],
    ['  Waste Toner Box  ', 'Waste Toner Box'],
    ['\nleading newline', ''],
    ['', ''],
    ['no cut, PN 006R01509;SN48', 'no cut, PN 006R01509;SN48'],
  ])('%j → %j', (input, want) => {
    expect(firstLine(input)).toBe(want);
  });
});

describe('firstWordOf (colour words)', () => {
  const colors = ['cyan', 'magenta', 'yellow', 'black'];
  it.each([
    ['Toner (Cyan)', 'cyan'],
    ['BLACK TONER', 'black'],
    ['Black and Cyan kit', 'cyan'],
    ['Blackish drum', ''],
    ['Yellow-Drum', 'yellow'],
    ['magenta2', ''],
    ['Drum Cartridge (R1)', ''],
    ['', ''],
  ])('%j → %j', (input, want) => {
    expect(firstWordOf(input, colors)).toBe(want);
  });
});
