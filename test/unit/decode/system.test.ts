import { ENTERPRISES, enterpriseNumber, vendorFromSysObjectId } from '../../../mibs/enterprises';
import { decodeSystem, deriveModel, modelFromSysDescr, systemSamples, versionFromSysDescr } from '../../../src/probes/snmp/decode/system';
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import type { Varbind } from '../../../src/probes/snmp/varbind';
import { valueOf } from '../../helpers/expect-recording';
import { walkFromVarbinds } from '../../helpers/snmp-walk';
import { hex, int, noSuchObject, oidv, str, ticks } from '../../helpers/varbinds';

const SYS = '1.3.6.1.2.1.1';
const PRINTER = '1.3.6.1.2.1.25.3.1.5';
const decode = (vbs: Varbind[]) => decodeSystem(walkFromVarbinds(vbs, SNMP_MODULES.system));

describe('vendor from sysObjectID', () => {
  it.each([
    ['1.3.6.1.4.1.9.1.1208', 'Cisco'],
    ['.1.3.6.1.4.1.11.2.3.9.1', 'HP'],
    ['1.3.6.1.4.1.25461', 'Palo Alto Networks'],
    ['1.3.6.1.4.1.12325.1.1.2.1.1', 'FreeBSD'],
    ['1.3.6.1.4.1.8072.3.2.10', 'Net-SNMP'],
    ['1.3.6.1.4.1.47196.4.1.1.1.254', 'Aruba'],
    ['1.3.6.1.4.1.424242.1', 'enterprise-424242'],
    ['1.3.6.1.4.10.1', ''],
    ['1.3.6.1.2.1.1', ''],
    ['1.3.6.1.4.1', ''],
    ['1.3.6.1.4.1.', ''],
    ['1.3.6.1.4.1.x', ''],
    ['0.0', ''],
    ['', ''],
  ])('%j → %j', (oid, vendor) => {
    expect(vendorFromSysObjectId(oid)).toBe(vendor);
  });

  it('knows the MSP vendors the brief lists', () => {
    const want: Record<number, string> = {
      9: 'Cisco', 11: 'HP', 2435: 'Brother', 1602: 'Canon', 253: 'Xerox', 367: 'Ricoh', 1347: 'Kyocera',
      18334: 'Konica Minolta', 2385: 'Sharp', 2001: 'OKI', 1248: 'Epson', 641: 'Lexmark', 297: 'FUJIFILM',
      2636: 'Juniper', 14823: 'Aruba', 47196: 'Aruba', 11863: 'TP-Link', 14988: 'MikroTik', 12356: 'Fortinet',
      25461: 'Palo Alto Networks', 8072: 'Net-SNMP', 12325: 'FreeBSD', 41112: 'Ubiquiti', 674: 'Dell',
      4526: 'Netgear', 890: 'Zyxel', 6574: 'Synology', 24681: 'QNAP', 311: 'Microsoft', 318: 'APC',
    };
    for (const [n, name] of Object.entries(want)) expect([n, ENTERPRISES[Number(n)]]).toEqual([n, name]);
    expect(enterpriseNumber('1.3.6.1.4.1.18334.1.1')).toBe(18334);
  });
});

describe('model', () => {
  it.each<[string, [string | undefined, string | undefined, string | undefined, string | undefined], string]>([
    ['entPhysicalModelName wins', ['  FGT_60F ', PRINTER, 'HP LaserJet', 'x'], 'FGT_60F'],
    ['empty entity model falls through', ['', undefined, undefined, 'RouterOS RB750Gr3'], 'RouterOS RB750Gr3'],
    ['printer hrDeviceDescr behind a print server', [undefined, PRINTER, 'HP Color LaserJet M452nw', 'HP ETHERNET MULTI-ENVIRONMENT,SN:1'], 'HP Color LaserJet M452nw'],
    ['non-printer hrDevice ignored', [undefined, '1.3.6.1.2.1.25.3.1.3', 'Slot-1 Management Processor', 'PA firewall'], 'PA firewall'],
    ['driver placeholder ignored', [undefined, PRINTER, 'Generic 28C-1', 'KONICA MINOLTA bizhub C3110'], 'KONICA MINOLTA bizhub C3110'],
    ['blank hrDeviceDescr ignored', [undefined, PRINTER, '  ', 'Canon LBP6670 /P'], 'Canon LBP6670 /P'],
    ['sysDescr up to the comma', [undefined, undefined, undefined, 'Brother NC-8300h, Firmware Ver.1.14'], 'Brother NC-8300h'],
    ['sysDescr up to the semicolon', [undefined, undefined, undefined, 'Xerox AltaLink C8045; SS 100.002'], 'Xerox AltaLink C8045'],
    ['quoted multi-line sysDescr', [undefined, undefined, undefined, '"Cisco IOS Software, C2960S Software\r\nCopyright"'], 'Cisco IOS Software'],
    ['nothing at all', [undefined, undefined, undefined, undefined], ''],
    ['empty sysDescr', [undefined, undefined, undefined, ''], ''],
  ])('%s', (_label, args, want) => {
    expect(deriveModel(...args)).toBe(want);
  });

  it('caps a long sysDescr at a word boundary', () => {
    const d = 'OKI OkiLAN 9450g Rev.00.69 10/100/1000BASE Ethernet PrintServer: Attached to MC873 Rev.07.87 : Copyright (c) 2015';
    expect(modelFromSysDescr(d)).toBe('OKI OkiLAN 9450g Rev.00.69 10/100/1000BASE Ethernet PrintServer');
    expect(modelFromSysDescr('x'.repeat(100))).toHaveLength(64);
    expect(modelFromSysDescr('RICOH Aficio MP C3002 2.20 / RICOH Network Printer')).toBe('RICOH Aficio MP C3002 2.20');
  });
});

describe('decodeSystem', () => {
  it('decodes a full answer into info + uptime', () => {
    const samples = systemSamples(
      decode([
        str(`${SYS}.1.0`, 'Lab box, kernel JUNOS 22.2R3-S1.3-EVO'),
        oidv(`${SYS}.2.0`, '.1.3.6.1.4.1.2636.1.1'),
        ticks(`${SYS}.3.0`, 372895),
        str(`${SYS}.4.0`, 'noc@example.net'),
        str(`${SYS}.5.0`, 'core-1'),
        str(`${SYS}.6.0`, 'HQ, rack 3'),
        str('1.3.6.1.2.1.47.1.1.1.1.13.1', 'QFX5130-32CD'),
        str('1.3.6.1.2.1.47.1.1.1.1.13.6', 'QFX5130-32CD-FAN-AFO'),
        str('1.3.6.1.2.1.43.5.1.1.17.1', ' SN-1234 '),
      ]),
    );
    expect(samples).toEqual([
      {
        name: 'quarkpulse_device_info',
        labels: {
          sys_name: 'core-1',
          sys_descr: 'Lab box, kernel JUNOS 22.2R3-S1.3-EVO',
          sys_object_id: '1.3.6.1.4.1.2636.1.1',
          vendor: 'Juniper',
          model: 'QFX5130-32CD',
          serial: 'SN-1234',
          version: '22.2R3-S1.3-EVO',
          location: 'HQ, rack 3',
          contact: 'noc@example.net',
        },
        value: 1,
      },
      { name: 'quarkpulse_device_uptime_seconds', labels: {}, value: 3728.95 },
    ]);
  });

  it.each([
    ['Cisco IOS Software, C2960S Software (C2960S-UNIVERSALK9-M), Version 15.2(2a)E1, RELEASE SOFTWARE (fc3)', '15.2(2a)E1'],
    ['Brother NC-8800w, Firmware Ver.1.12  (23.06.14),MID 8CE-K03', '1.12'],
    ['HPE OfficeConnect Switch 1820 8G J9979A, PT.02.14, Linux 3.6.5, U-Boot 2012.10', 'PT.02.14'],
    ['Aruba JL679A 6100 12G CL4 2SFP+ 139W Swch PL.10.08.1050', 'PL.10.08.1050'],
    ['OPNsense fw1.lab.example 24.7.5 FreeBSD 14.1-RELEASE-p5 amd64', '24.7.5'],
    ['RouterOS RB4011iGS+', ''],
    ['SHARP MX-M266NV', ''],
  ])('version from sysDescr: %s → %s', (descr, version) => {
    expect(versionFromSysDescr(descr)).toBe(version);
  });

  it('keeps a hex sysDescr with CR/LF as text', () => {
    const r = decode([hex(`${SYS}.1.0`, '22436973636f0d0a4c696e6532220a')]);
    expect(r.sysDescr).toBe('"Cisco\r\nLine2"\n');
    expect(r.model).toBe('Cisco');
  });

  it('picks the first row of the entity/hrDevice tables whatever the order', () => {
    const r = decode([
      str('1.3.6.1.2.1.47.1.1.1.1.13.65536', ''),
      str('1.3.6.1.2.1.47.1.1.1.1.13.131073', '0x0002'),
      str(`${SYS}.1.0`, 'RouterOS RB750Gr3'),
    ]);
    expect(r.model).toBe('RouterOS RB750Gr3');
  });

  it('emits nothing when the agent answers none of the scalars', () => {
    const r = decode([noSuchObject(`${SYS}.1.0`), noSuchObject(`${SYS}.3.0`)]);
    expect(r.answered).toBe(false);
    expect(systemSamples(r)).toEqual([]);
  });

  it('tolerates wrong types: labels become empty, uptime is dropped', () => {
    const samples = systemSamples(
      decode([int(`${SYS}.1.0`, 5), str(`${SYS}.2.0`, '1.3.6.1.4.1.9'), str(`${SYS}.3.0`, '100'), str(`${SYS}.5.0`, 'n')]),
    );
    expect(valueOf(samples, 'quarkpulse_device_info', { sys_name: 'n', sys_descr: '', sys_object_id: '', vendor: '', model: '' })).toBe(1);
    expect(samples).toHaveLength(1);
  });

  it('uptime wraps nothing: TimeTicks max', () => {
    expect(decode([ticks(`${SYS}.3.0`, 4294967295)]).uptimeSeconds).toBeCloseTo(42949672.95, 6);
  });
});
