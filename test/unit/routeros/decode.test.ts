/** The pure parts of the RouterOS probes: durations, health rows of both generations, error kinds, export quoting. */
import { classifyConnectError, classifyTrap, looksLikeApiReply } from '../../../src/probes/routeros/client';
import { healthSamples, interfaceIndex, parseRouterosDuration } from '../../../src/probes/routeros/decode';
import { exportValue, renderExport, type ExportMenu } from '../../../src/probes/routeros/export';

describe('parseRouterosDuration', () => {
  it.each([
    ['3w2d4h12m7s', 3 * 604800 + 2 * 86400 + 4 * 3600 + 12 * 60 + 7],
    ['2w6d21:15:45', 2 * 604800 + 6 * 86400 + 21 * 3600 + 15 * 60 + 45],
    ['00:12:30', 750],
    ['45s', 45],
    ['1h2m3s450ms', 3723.45],
  ])('%s → %d s', (text, seconds) => expect(parseRouterosDuration(text)).toBeCloseTo(seconds));
  it.each(['', 'soon', '12', '1x'])('"%s" is not a duration', (text) => expect(parseRouterosDuration(text)).toBeUndefined());
});

describe('healthSamples', () => {
  it('RouterOS 7: one row per sensor, unit from `type`; states are left out', () => {
    expect(
      healthSamples([
        { '.id': '*11', name: 'cpu-temperature', value: '50', type: 'C' },
        { '.id': '*1C21', name: 'jack-voltage', value: '49.3', type: 'V' },
        { '.id': '*20', name: 'fan1-speed', value: '4080', type: 'RPM' },
        { '.id': '*1C24', name: 'psu1-state', value: 'ok', type: '' },
      ]),
    ).toEqual([
      { name: 'quarkpulse_routeros_temperature_celsius', labels: { sensor: 'cpu-temperature' }, value: 50 },
      { name: 'quarkpulse_routeros_voltage_volts', labels: { sensor: 'jack-voltage' }, value: 49.3 },
      { name: 'quarkpulse_routeros_fan_speed_rpm', labels: { sensor: 'fan1-speed' }, value: 4080 },
    ]);
  });
  it('RouterOS 6: one row, a property per sensor', () => {
    expect(healthSamples([{ voltage: '24.3', temperature: '38', 'cpu-temperature': '44', 'fan-mode': 'auto' }])).toEqual([
      { name: 'quarkpulse_routeros_voltage_volts', labels: { sensor: 'voltage' }, value: 24.3 },
      { name: 'quarkpulse_routeros_temperature_celsius', labels: { sensor: 'temperature' }, value: 38 },
      { name: 'quarkpulse_routeros_temperature_celsius', labels: { sensor: 'cpu-temperature' }, value: 44 },
    ]);
  });
});

describe('interfaceIndex', () => {
  it.each([
    ['*1', '1'],
    ['*1A', '26'],
    ['ether1', undefined],
    [undefined, undefined],
  ])('%s → %s', (id, index) => expect(interfaceIndex(id)).toBe(index));
});

describe('failure kinds', () => {
  const where = '127.0.0.1:8728';
  it.each([
    [Object.assign(new Error(''), { name: 'RosException', errno: 'CANTLOGIN' }), 'auth'],
    [Object.assign(new Error('Timed out after 10 seconds'), { name: 'RosException', errno: 'SOCKTMOUT' }), 'timeout'],
    [Object.assign(new Error(''), { name: 'RosException', errno: -111 }), 'unreachable'],
    [Object.assign(new Error(''), { name: 'RosException', errno: undefined }), 'unreachable'],
    [new Error('not allowed (9)'), 'auth'],
  ])('connect failure %#', (err, kind) => expect(classifyConnectError(err, where).kind).toBe(kind));
  it('a numeric errno is named', () => {
    expect(classifyConnectError(Object.assign(new Error(''), { name: 'RosException', errno: -111 }), where).message).toBe(`${where}: connection refused`);
  });
  it('after login, a plain error is not blamed on the credentials', () => {
    expect(classifyConnectError(new Error('odd'), where, 'session').kind).toBe('protocol');
  });
  it('traps: permissions are auth, the rest protocol', () => {
    expect(classifyTrap('/user/print', 'not enough permissions (9)').kind).toBe('auth');
    expect(classifyTrap('/x/print', 'no such command prefix')).toMatchObject({ kind: 'protocol', message: '/x/print: device answered !trap: no such command prefix' });
  });
});

describe('looksLikeApiReply', () => {
  it.each([
    [Buffer.from([5, 0x21, 0x64, 0x6f, 0x6e, 0x65]), true],
    [Buffer.from([0x80, 0x90, 0x21]), true],
    [Buffer.from([5]), true],
    [Buffer.from('HTTP/1.0 400 Bad Request'), false],
    [Buffer.from('SSH-2.0-ROSSSH'), false],
    [Buffer.from([0xf8, 1, 2]), false],
  ])('%#', (buf, ok) => expect(looksLikeApiReply(buf)).toBe(ok));
});

describe('export text', () => {
  it.each([
    ['ether1', 'ether1'],
    ['true', 'yes'],
    ['false', 'no'],
    ['', '""'],
    ['!LAN', '!LAN'],
    ['defconf: accept "x"', '"defconf: accept \\"x\\""'],
    ['a\\b', '"a\\\\b"'],
  ])('%s → %s', (value, written) => expect(exportValue(value)).toBe(written));

  it('keep lists choose and order properties; dynamic rows and disabled=no are left out; absent menus are skipped', () => {
    const menus: ExportMenu[] = [
      { title: '/a', command: '/a/print', verb: 'add', keep: ['name', 'disabled'] },
      { title: '/b', command: '/b/print', verb: 'add', drop: ['secret-ish'] },
      { title: '/c', command: '/c/print', verb: 'set' },
    ];
    const text = renderExport(
      [
        [
          { disabled: 'true', name: 'x', password: 'p' },
          { name: 'y', disabled: 'false' },
          { name: 'z', dynamic: 'true' },
        ],
        [{ '.id': '*1', chain: 'input', bytes: '10', 'secret-ish': 'q' }],
        undefined,
      ],
      menus,
    );
    expect(text).toBe('# RouterOS configuration read over the API (quarkpulse, profile routeros_api)\n/a\nadd name=x disabled=yes\nadd name=y\n/b\nadd chain=input\n');
  });
});
