import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRINTER_CONDITIONS } from '../../../mibs/printer-enums';
import { decodeErrorState, decodePrinter, printerSamples } from '../../../src/probes/snmp/decode/printer';
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import { SnmpType, type Varbind } from '../../../src/probes/snmp/varbind';
import { parseSnmprec } from '../../../src/simulate/snmprec';
import { findSamples, valueOf } from '../../helpers/expect-recording';
import { walkFromVarbinds } from '../../helpers/snmp-walk';
import { c32, hex, int, ip, noSuchInstance, noSuchObject, nul, oidv, str } from '../../helpers/varbinds';

const SUP = '1.3.6.1.2.1.43.11.1.1';
const COLORANT = '1.3.6.1.2.1.43.12.1.1.4';
const INPUT = '1.3.6.1.2.1.43.8.2.1';
const ERR = '1.3.6.1.2.1.25.3.5.1.2';
const STATUS = '1.3.6.1.2.1.25.3.5.1.1';
const decode = (vbs: Varbind[]) => decodePrinter(walkFromVarbinds(vbs, SNMP_MODULES.printer));

const supply = (row: string, level: number | undefined, max: number | undefined, extra: Varbind[] = []): Varbind[] => [
  ...(level === undefined ? [] : [int(`${SUP}.9.${row}`, level)]),
  ...(max === undefined ? [] : [int(`${SUP}.8.${row}`, max)]),
  ...extra,
];

describe('supplies', () => {
  it.each<[string, number | undefined, number | undefined, number | undefined]>([
    ['percent', 54, 100, 0.54],
    ['absolute capacity', 11501, 12000, 11501 / 12000],
    ['level above max is capped at 1', 150, 100, 1],
    ['full', 100, 100, 1],
    ['empty', 0, 100, 0],
    ['-3 some remaining', -3, -2, undefined],
    ['-2 unknown', -2, 100, undefined],
    ['-1 other', -1, 100, undefined],
    ['level with max -2', 100, -2, undefined],
    ['level 0 with max -2', 0, -2, undefined],
    ['max 0', 5, 0, undefined],
    ['max -1', 5, -1, undefined],
    ['level only', 40, undefined, undefined],
    ['max only', undefined, 100, undefined],
  ])('%s: level %p max %p → ratio %p', (_label, level, max, ratio) => {
    const samples = printerSamples(decode(supply('1.1', level, max)));
    const get = (name: Parameters<typeof findSamples>[1]) => findSamples(samples, name, { supply_index: '1.1' }).map((s) => s.value);
    expect(get('quarkpulse_printer_supply_level')).toEqual(level === undefined ? [] : [level]);
    expect(get('quarkpulse_printer_supply_max_capacity')).toEqual(max === undefined ? [] : [max]);
    expect(get('quarkpulse_printer_supply_level_ratio')).toEqual(ratio === undefined ? [] : [ratio]);
  });

  it('receptacles: the ratio is the level ÷ max (space remaining), class does not change it', () => {
    const r = decode(supply('1.2', 100, 100, [int(`${SUP}.4.1.2`, 4), int(`${SUP}.5.1.2`, 4), str(`${SUP}.6.1.2`, 'Waste Toner')]));
    expect(r.supplies).toEqual([{ index: '1.2', description: 'Waste Toner', type: 'waste_toner', color: '', level: 100, maxCapacity: 100, ratio: 1 }]);
  });

  it.each<[string, Varbind[], string]>([
    ['type absent → unknown', [], 'unknown'],
    ['toner', [int(`${SUP}.5.1.1`, 3)], 'toner'],
    ['opc', [int(`${SUP}.5.1.1`, 9)], 'opc'],
    ['tonerCartridge', [int(`${SUP}.5.1.1`, 21)], 'toner_cartridge'],
    ['wasteInk', [int(`${SUP}.5.1.1`, 8)], 'waste_ink'],
    ['fuserCleaningPad', [int(`${SUP}.5.1.1`, 19)], 'fuser_cleaning_pad'],
    ['matteInk', [int(`${SUP}.5.1.1`, 36)], 'matte_ink'],
    ['unnamed value → number', [int(`${SUP}.5.1.1`, 77)], '77'],
    ['wrong type → unknown', [str(`${SUP}.5.1.1`, '3')], 'unknown'],
    ['type column has other rows only', [int(`${SUP}.5.1.2`, 3)], 'unknown'],
  ])('supply_type: %s', (_label, extra, want) => {
    expect(decode(supply('1.1', 50, 100, extra)).supplies[0].type).toBe(want);
  });

  it.each<[string, Varbind[], string, string]>([
    ['hex with newline + part-number dump', [hex(`${SUP}.6.1.1`, '426C61636B20436172747269646765200a3338203332')], 'Black Cartridge', 'black'],
    ['NUL padding', [hex(`${SUP}.6.1.1`, '4379616e20546f6e6572000000')], 'Cyan Toner', 'cyan'],
    ['UTF-8', [hex(`${SUP}.6.1.1`, '4379616e2054c3b36e6572')], 'Cyan Tóner', 'cyan'],
    ['Latin-1', [hex(`${SUP}.6.1.1`, '4d6167656e74612054f36e6572')], 'Magenta Tóner', 'magenta'],
    ['colour word only after the newline is ignored', [str(`${SUP}.6.1.1`, 'Toner\nBlack')], 'Toner', ''],
    ['no description', [], '', ''],
    ['description of a wrong type', [int(`${SUP}.6.1.1`, 5)], '', ''],
  ])('supply label: %s', (_label, extra, label, color) => {
    const s = decode(supply('1.1', 50, 100, extra)).supplies[0];
    expect([s.description, s.color]).toEqual([label, color]);
  });

  it('color: colorant row through the colorant index wins over the description', () => {
    const vbs = [
      ...supply('1.1', 50, 100, [int(`${SUP}.3.1.1`, 2), str(`${SUP}.6.1.1`, 'Black Toner')]),
      ...supply('1.2', 50, 100, [int(`${SUP}.3.1.2`, 7), str(`${SUP}.6.1.2`, 'Yellow Toner')]),
      ...supply('1.3', 50, 100, [int(`${SUP}.3.1.3`, 0), str(`${SUP}.6.1.3`, 'Magenta Toner')]),
      ...supply('2.1', 50, 100, [int(`${SUP}.3.2.1`, 1), str(`${SUP}.6.2.1`, 'TK-1')]),
      ...supply('1.4', 50, 100, [int(`${SUP}.3.1.4`, 3), str(`${SUP}.6.1.4`, 'Cyan Toner')]),
      str(`${COLORANT}.1.2`, 'cyan'),
      str(`${COLORANT}.1.1`, 'black'),
      str(`${COLORANT}.2.1`, 'spot-blue'),
      str(`${COLORANT}.1.3`, '  '),
    ];
    expect(decode(vbs).supplies.map((s) => [s.index, s.color])).toEqual([
      ['1.1', 'cyan'],
      ['1.2', 'yellow'],
      ['1.3', 'magenta'],
      ['1.4', 'cyan'],
      ['2.1', 'spot-blue'],
    ]);
  });

  it('skips rows with odd indexes or unreadable level and max; keeps non-contiguous rows in order', () => {
    const r = decode([
      int(`${SUP}.9.1`, 5),
      int(`${SUP}.9.1.2.3`, 5),
      int(`${SUP}.9.x.1`, 5),
      str(`${SUP}.9.1.4`, '50'),
      nul(`${SUP}.8.1.4`),
      noSuchInstance(`${SUP}.9.1.6`),
      int(`${SUP}.9.1.31`, 7),
      int(`${SUP}.9.1.5`, 8),
    ]);
    expect(r.supplies.map((s) => s.index)).toEqual(['1.5', '1.31']);
  });

  it('emits level/max/ratio with the four labels', () => {
    const samples = printerSamples(decode(supply('1.1', 28, 100, [int(`${SUP}.5.1.1`, 3), str(`${SUP}.6.1.1`, 'Black Cartridge HP CF217A')])));
    const labels = { supply_index: '1.1', supply: 'Black Cartridge HP CF217A', supply_type: 'toner', color: 'black' };
    expect(samples).toEqual([
      { name: 'quarkpulse_printer_supply_level', labels, value: 28 },
      { name: 'quarkpulse_printer_supply_max_capacity', labels, value: 100 },
      { name: 'quarkpulse_printer_supply_level_ratio', labels, value: 0.28 },
    ]);
  });
});

describe('hrPrinterDetectedErrorState', () => {
  const on = (bits: boolean[] | undefined) => (bits === undefined ? 'absent' : PRINTER_CONDITIONS.filter((_c, i) => bits[i]));
  it.each<[string, Varbind, string[] | 'absent']>([
    ['1 octet 00', hex(ERR, '00'), []],
    ['2 octets 0000', hex(ERR, '0000'), []],
    ['empty string', hex(ERR, ''), []],
    ['blank text longer than the MIB (spaces)', str(ERR, '    '), []],
    ['blank text with NULs', hex(ERR, '20200000'), []],
    ['bit 0 is the MSB: 80', hex(ERR, '80'), ['low_paper']],
    ['20 00 = lowToner (sharp)', hex(ERR, '2000'), ['low_toner']],
    ['01 00 = serviceRequested (konica)', hex(ERR, '0100'), ['service_requested']],
    ['04 = jammed (1 octet)', hex(ERR, '04'), ['jammed']],
    ['08 = doorOpen', hex(ERR, '08'), ['door_open']],
    ['second octet: 80 = inputTrayMissing, 02 = overduePreventMaint', hex(ERR, '0082'), ['input_tray_missing', 'overdue_prevent_maint']],
    ['bit 15 (undefined) ignored', hex(ERR, '0001'), []],
    ['all 15 set', hex(ERR, 'fffe'), [...PRINTER_CONDITIONS]],
    ['3 octets: first two read', hex(ERR, '040080'), ['jammed']],
    ['Integer type, 1-octet value', int(ERR, 0x04), ['jammed']],
    ['Integer type, 2-octet value', int(ERR, 0x2000), ['low_toner']],
    ['Integer out of range → nothing', int(ERR, -1), []],
    ['OID type → answered, nothing', oidv(ERR, '1.3.6'), []],
    ['IpAddress type → answered, nothing', ip(ERR, '1.2.3.4'), []],
    ['Counter32 → read as octets', c32(ERR, 0x80), ['low_paper']],
    ['NULL → absent', nul(ERR), 'absent'],
    ['noSuchInstance → absent', noSuchInstance(ERR), 'absent'],
    ['noSuchObject → absent', noSuchObject(ERR), 'absent'],
  ])('%s', (_label, vb, want) => {
    expect(on(decodeErrorState(vb))).toEqual(want);
  });

  it('all 15 series when the OID answers, none when it does not', () => {
    const withErr = printerSamples(decode([hex(`${ERR}.1`, '0400')]));
    const errs = findSamples(withErr, 'quarkpulse_printer_error');
    expect(errs.map((s) => s.labels.condition)).toEqual([...PRINTER_CONDITIONS]);
    expect(errs.filter((s) => s.value === 1).map((s) => s.labels.condition)).toEqual(['jammed']);
    expect(findSamples(printerSamples(decode([])), 'quarkpulse_printer_error')).toEqual([]);
    expect(findSamples(printerSamples(decode([noSuchInstance(`${ERR}.1`)])), 'quarkpulse_printer_error')).toEqual([]);
  });

  it('empty string → all 0, not jammed', () => {
    const errs = findSamples(printerSamples(decode([hex(`${ERR}.1`, '')])), 'quarkpulse_printer_error');
    expect(errs).toHaveLength(15);
    expect(errs.every((s) => s.value === 0)).toBe(true);
  });

  it('several printer rows are combined (one condition label set per device)', () => {
    const r = decode([hex(`${ERR}.1`, '2000'), hex(`${ERR}.2`, '04'), hex(`${ERR}.1.1`, 'ff')]);
    expect(on(r.errors)).toEqual(['low_toner', 'jammed']);
  });
});

describe('hrPrinterStatus', () => {
  it.each<[number, string]>([
    [1, 'other'],
    [2, 'unknown'],
    [3, 'idle'],
    [4, 'printing'],
    [5, 'warmup'],
    [9, 'unknown'],
  ])('%i → %s, all five states emitted', (value, state) => {
    const samples = findSamples(printerSamples(decode([int(`${STATUS}.1`, value)])), 'quarkpulse_printer_status');
    expect(samples.map((s) => [s.labels.state, s.value])).toEqual(
      ['other', 'unknown', 'idle', 'printing', 'warmup'].map((s) => [s, s === state ? 1 : 0]),
    );
  });

  it('absent or unreadable → no series; the lowest printer row wins', () => {
    expect(findSamples(printerSamples(decode([])), 'quarkpulse_printer_status')).toEqual([]);
    expect(findSamples(printerSamples(decode([str(`${STATUS}.1`, '3')])), 'quarkpulse_printer_status')).toEqual([]);
    expect(decode([int(`${STATUS}.3`, 4), int(`${STATUS}.2`, 3)]).status).toBe('idle');
  });
});

describe('inputs and page counters', () => {
  it('input = prtInputName, else prtInputDescription; levels as reported', () => {
    const r = decode([
      int(`${INPUT}.9.1.1`, 250),
      int(`${INPUT}.10.1.1`, -3),
      str(`${INPUT}.13.1.1`, 'TRAY1'),
      int(`${INPUT}.9.1.2`, 100),
      str(`${INPUT}.13.1.2`, ''),
      str(`${INPUT}.18.1.2`, 'Manual Feed'),
      int(`${INPUT}.10.1.3`, 0),
    ]);
    expect(r.inputs).toEqual([
      { index: '1.1', name: 'TRAY1', level: -3, maxCapacity: 250 },
      { index: '1.2', name: 'Manual Feed', level: undefined, maxCapacity: 100 },
      { index: '1.3', name: '', level: 0, maxCapacity: undefined },
    ]);
  });

  it('prtMarkerLifeCount Counter32 near wrap, per marker', () => {
    const samples = printerSamples(decode([c32('1.3.6.1.2.1.43.10.2.1.4.1.1', 4294967295), c32('1.3.6.1.2.1.43.10.2.1.4.1.2', 3), str('1.3.6.1.2.1.43.10.2.1.4.1.3', '9')]));
    expect(findSamples(samples, 'quarkpulse_printer_pages_total').map((s) => [s.labels.marker_index, s.value])).toEqual([
      ['1.1', 4294967295],
      ['1.2', 3],
    ]);
  });
});

describe('fixture printer_alerts.snmprec', () => {
  const text = fs.readFileSync(path.join(__dirname, '../../fixtures/snmprec/printer_alerts.snmprec'), 'utf8');
  const parsed = parseSnmprec(text);
  const walk = (mod: keyof typeof SNMP_MODULES) => walkFromVarbinds(parsed.varbinds, SNMP_MODULES[mod]);
  const samples = SNMP_MODULES.printer.decode(walk('printer'));

  it('parses cleanly', () => expect(parsed.problems).toEqual([]));

  it('one alert series per prtAlertTable row with snake_case enum names', () => {
    expect(findSamples(samples, 'quarkpulse_printer_alert').map((s) => [s.labels, s.value])).toEqual([
      [{ alert_index: '1.1', severity: 'critical', group: 'media_path', code: 'jam', description: 'Paper jam in tray 2' }, 1],
      [{ alert_index: '1.2', severity: 'warning', group: 'marker_supplies', code: 'marker_toner_almost_empty', description: 'Toner low (black)' }, 1],
      [{ alert_index: '1.3', severity: 'critical', group: 'general_printer', code: 'door_open', description: 'Front door open' }, 1],
      [{ alert_index: '1.4', severity: 'warning_binary_change_event', group: 'cover', code: 'cover_open', description: 'Cover A open' }, 1],
    ]);
  });

  it('error state, status, pages, inputs', () => {
    const errs = findSamples(samples, 'quarkpulse_printer_error');
    expect(errs.filter((s) => s.value === 1).map((s) => s.labels.condition)).toEqual(['low_toner', 'door_open', 'jammed', 'input_tray_empty']);
    expect(valueOf(samples, 'quarkpulse_printer_status', { state: 'printing' })).toBe(1);
    expect(findSamples(samples, 'quarkpulse_printer_status', {}).filter((s) => s.value === 1)).toHaveLength(1);
    expect(valueOf(samples, 'quarkpulse_printer_pages_total', { marker_index: '1.1' })).toBe(4294967290);
    expect(valueOf(samples, 'quarkpulse_printer_input_level', { input_index: '1.2', input: 'Manual Feed' })).toBe(-3);
    expect(valueOf(samples, 'quarkpulse_printer_input_max_capacity', { input_index: '1.1', input: 'Tray 1' })).toBe(500);
  });

  it('supplies: colorant rows, UTF-8/Latin-1/NUL descriptions, receptacle ratio, cap', () => {
    const rows = decodePrinter(walk('printer')).supplies;
    expect(rows).toEqual([
      { index: '1.1', description: 'TK-5280K', type: 'toner_cartridge', color: 'black', level: 8, maxCapacity: 100, ratio: 0.08 },
      { index: '1.2', description: 'Cyan Tóner', type: 'toner', color: 'cyan', level: -1, maxCapacity: 100, ratio: undefined },
      { index: '1.3', description: 'Magenta Tóner', type: 'toner', color: 'magenta', level: 45, maxCapacity: -2, ratio: undefined },
      { index: '1.4', description: 'Waste Toner Box', type: 'waste_toner', color: '', level: 80, maxCapacity: 100, ratio: 0.8 },
      { index: '1.5', description: 'Maintenance Kit', type: '99', color: '', level: 150, maxCapacity: 100, ratio: 1 },
    ]);
  });

  it('identity of the fixture through the system module', () => {
    const sys = SNMP_MODULES.system.decode(walk('system'));
    expect(valueOf(sys, 'quarkpulse_device_info', { vendor: 'Kyocera', model: 'ECOSYS P6235cdn', sys_name: 'lab-printer' })).toBe(1);
    expect(valueOf(sys, 'quarkpulse_device_uptime_seconds')).toBe(123456);
  });
});

describe('robustness', () => {
  it('a device without any Printer-MIB gives no samples', () => {
    expect(printerSamples(decode([]))).toEqual([]);
  });

  it('wrong types everywhere: no throw, no bogus series', () => {
    const garbage: Varbind[] = [
      { oid: `${SUP}.9.1.1`, type: SnmpType.OctetString, value: 12 },
      { oid: `${SUP}.8.1.1`, type: SnmpType.Counter64, value: 'x' },
      { oid: `${SUP}.6.1.1`, type: SnmpType.Integer, value: Buffer.from('x') },
      { oid: '1.3.6.1.2.1.43.18.1.1.7.1.1', type: SnmpType.OctetString, value: null },
      { oid: `${STATUS}.1`, type: SnmpType.Null, value: null },
      { oid: `${ERR}.1`, type: SnmpType.OctetString, value: 7 },
    ];
    expect(() => printerSamples(decode(garbage))).not.toThrow();
    const samples = printerSamples(decode(garbage));
    expect(samples.filter((s) => s.name !== 'quarkpulse_printer_error')).toEqual([]);
  });
});
