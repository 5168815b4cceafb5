/**
 * The simulated RouterOS API device, pure parts: the wire format, what a print answers (queries,
 * proplist), the values that move with time, and the fixture file's checks.
 */
import { parseRouterosDuration } from '../../../src/probes/routeros/decode';
import { parseRouterosFixture, versionAtLeast, type RouterosRow } from '../../../src/simulate/routeros/fixture';
import { formatRouterosDuration, interfaceRate, liveRows } from '../../../src/simulate/routeros/live';
import { printAnswer } from '../../../src/simulate/routeros/print';
import { decodeSentences, encodeLength, encodeSentence, MAX_WORD_BYTES } from '../../../src/simulate/routeros/wire';

describe('wire format', () => {
  it.each([
    [0, '00'],
    [0x7f, '7f'],
    [0x80, '8080'],
    [0x3fff, 'bfff'],
    [0x4000, 'c04000'],
    [0x1fffff, 'dfffff'],
    [0x200000, 'e0200000'],
    [0xfffffff, 'efffffff'],
    [0x10000000, 'f010000000'],
  ])('length %i is encoded as %s (the RouterOS documentation table)', (len, hex) => {
    expect(encodeLength(len).toString('hex')).toBe(hex);
  });

  it('round-trips sentences, also split at any byte, and keeps the unfinished rest', () => {
    const long = 'x'.repeat(300);
    const bytes = Buffer.concat([encodeSentence(['/login', '=name=monitoring', `=password=${long}`]), encodeSentence(['/interface/print', '.tag=7'])]);
    expect(decodeSentences(bytes)).toEqual({ sentences: [['/login', '=name=monitoring', `=password=${long}`], ['/interface/print', '.tag=7']], rest: Buffer.alloc(0), oversized: false });
    for (let cut = 1; cut < bytes.length; cut++) {
      const a = decodeSentences(bytes.subarray(0, cut));
      const b = decodeSentences(Buffer.concat([a.rest, bytes.subarray(cut)]));
      expect([...a.sentences, ...b.sentences]).toHaveLength(2);
      expect(b.rest.length).toBe(0);
    }
  });

  it('a word announced larger than the limit, or a control byte, is not the API', () => {
    expect(decodeSentences(Buffer.concat([encodeLength(MAX_WORD_BYTES + 1), Buffer.from('abc')])).oversized).toBe(true);
    expect(decodeSentences(Buffer.from([0xf8, 0, 0])).oversized).toBe(true);
    expect(decodeSentences(Buffer.from('GET / HTTP/1.0\r\n\r\n')).oversized).toBe(false);
  });
});

describe('print answers', () => {
  const rows: RouterosRow[] = [
    { '.id': '*1', name: 'a', dynamic: 'false', mtu: '1500' },
    { '.id': '*2', name: 'b', dynamic: 'true', mtu: '9000' },
    { '.id': '*3', name: 'c', mtu: '1492', comment: 'x' },
  ];
  const names = (words: string[]) => {
    const a = printAnswer(rows, words);
    return 'rows' in a ? a.rows.map((r) => r['name']) : a.trap;
  };

  it.each([
    [[], ['a', 'b', 'c']],
    [['?dynamic=false'], ['a']],
    [['?comment'], ['c']],
    [['?-comment'], ['a', 'b']],
    [['?>mtu=1492'], ['a', 'b']],
    [['?<mtu=1500'], ['c']],
    [['?dynamic=false', '?mtu=9000'], []],
    [['?#|'], 'query stack operations (?#) are not simulated'],
  ])('%j → %j', (words, expected) => {
    expect(names(words)).toEqual(expected);
  });

  it('=.proplist= keeps only the listed properties', () => {
    expect(printAnswer(rows, ['=.proplist=name,mtu', '?name=a'])).toEqual({ rows: [{ name: 'a', mtu: '1500' }] });
  });
});

describe('values that move', () => {
  const iface = { '.id': '*1', name: 'ether1', 'rx-byte': '1000', 'tx-byte': '2000', 'rx-packet': '10', 'tx-packet': '20', 'fp-rx-byte': '1000', 'fp-tx-byte': '0', 'rx-error': '3', running: 'true', disabled: 'false' };

  it('at the first answer the rows are the fixture as written', () => {
    expect(liveRows('/interface/print', [iface], 0)).toEqual([iface]);
    expect(liveRows('/system/resource/print', [{ uptime: '1d', 'cpu-load': '5' }], 0)).toEqual([{ uptime: '1d', 'cpu-load': '5' }]);
  });

  it('running interfaces move bytes and packets at their own steady rate; errors and idle fast paths stay', () => {
    const [r] = liveRows('/interface/print', [iface], 10);
    const rx = interfaceRate('ether1', 'rx');
    expect(Number(r!['rx-byte'])).toBe(1000 + 10 * rx);
    expect(Number(r!['fp-rx-byte'])).toBe(1000 + 10 * rx);
    expect(Number(r!['tx-byte'])).toBe(2000 + 10 * interfaceRate('ether1', 'tx'));
    expect(Number(r!['rx-packet'])).toBeGreaterThan(10);
    expect(r!['fp-tx-byte']).toBe('0');
    expect(r!['rx-error']).toBe('3');
    expect(rx).toBeGreaterThanOrEqual(20_000);
    expect(interfaceRate('ether1', 'rx')).not.toBe(interfaceRate('ether2', 'rx'));
  });

  it('a stopped or disabled interface does not move', () => {
    for (const state of [{ running: 'false' }, { disabled: 'true' }]) {
      const row = { ...iface, ...state };
      expect(liveRows('/interface/print', [row], 60)).toEqual([row]);
    }
  });

  it('uptime grows in the style the device prints it; CPU load stays within 0-100 near the fixture', () => {
    const [v7] = liveRows('/system/resource/print', [{ uptime: '3w2d4h12m7s', 'cpu-load': '5' }], 3_600);
    expect(parseRouterosDuration(v7!['uptime'])).toBe(parseRouterosDuration('3w2d4h12m7s')! + 3_600);
    expect(v7!['uptime']).toBe('3w2d5h12m7s');
    const [v6] = liveRows('/system/resource/print', [{ uptime: '2w6d21:15:45' }], 60);
    expect(v6!['uptime']).toBe('2w6d21:16:45');
    for (let t = 1; t < 600; t += 7) {
      const load = Number(liveRows('/system/resource/print', [{ 'cpu-load': '1' }], t)[0]!['cpu-load']);
      expect(load).toBeGreaterThanOrEqual(0);
      expect(load).toBeLessThanOrEqual(5);
    }
  });

  it.each([
    [0, false, '0s'],
    [45, false, '45s'],
    [3_600, false, '1h'],
    [604_800 + 86_400 + 61, false, '1w1d1m1s'],
    [86_400 + 3_723, true, '1d01:02:03'],
    [59, true, '00:00:59'],
  ])('formatRouterosDuration(%i, clock %s) = %s, and parses back', (seconds, clock, text) => {
    expect(formatRouterosDuration(seconds, clock)).toBe(text);
    expect(parseRouterosDuration(text)).toBe(seconds);
  });

  it('other menus are answered as written', () => {
    const health = [{ name: 'cpu-temperature', value: '50', type: 'C' }];
    expect(liveRows('/system/health/print', health, 100)).toEqual(health);
  });
});

describe('fixture files', () => {
  it('a valid fixture parses', () => {
    const f = parseRouterosFixture(JSON.stringify({ device: 'x', version: '7.20.6', commands: { '/system/identity/print': [{ name: 'x' }] } }), 'x.json');
    expect(f.commands['/system/identity/print']).toEqual([{ name: 'x' }]);
  });

  it.each([
    ['{', /^x\.json: not JSON \(/],
    [JSON.stringify({ device: 'x', version: 'seven', commands: {} }), /^x\.json: version: expected a RouterOS version such as "7\.13\.5"$/],
    [JSON.stringify({ device: 'x', version: '7.1', commands: { '/interface/print': [{ mtu: 1500 }] } }), /^x\.json: commands\.\/interface\/print\.0\.mtu: /],
    [JSON.stringify({ device: 'x', version: '7.1', commands: { 'interface print': [] } }), /^x\.json: commands\.interface print: expected a command such as "\/interface\/print"$/],
    [JSON.stringify({ device: 'x', version: '7.1', commands: {}, extra: 1 }), /^x\.json: \(top\): /],
  ])('a bad fixture is one line naming the file and the place: %s', (text, message) => {
    expect(() => parseRouterosFixture(text, 'x.json')).toThrow(message);
  });

  it('versionAtLeast reads the version the way the device prints it', () => {
    expect(versionAtLeast('7.18', 7, 18)).toBe(true);
    expect(versionAtLeast('7.20.6 (stable)', 7, 18)).toBe(true);
    expect(versionAtLeast('7.13.5', 7, 18)).toBe(false);
    expect(versionAtLeast('6.49.17', 7, 18)).toBe(false);
  });
});
