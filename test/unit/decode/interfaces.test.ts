import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeInterfaces, interfaceSamples } from '../../../src/probes/snmp/decode/interfaces';
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import type { Varbind } from '../../../src/probes/snmp/varbind';
import { parseSnmprec } from '../../../src/simulate/snmprec';
import { findSamples, valueOf } from '../../helpers/expect-recording';
import { walkFromVarbinds } from '../../helpers/snmp-walk';
import { c32, c64, c64buf, g32, int, noSuchInstance, nul, str } from '../../helpers/varbinds';

const IF = '1.3.6.1.2.1.2.2.1';
const IFX = '1.3.6.1.2.1.31.1.1.1';
const decode = (vbs: Varbind[]) => decodeInterfaces(walkFromVarbinds(vbs, SNMP_MODULES.interfaces));
const samplesOf = (vbs: Varbind[]) => interfaceSamples(decode(vbs));

describe('decodeInterfaces', () => {
  it('rows are the union of indexes of any column (no ifIndex column needed)', () => {
    const r = decode([str(`${IF}.2.1`, 'eth0'), int(`${IF}.8.7`, 1), str(`${IFX}.1.9`, 'Vlan9')]);
    expect(r.map((i) => i.ifIndex)).toEqual(['1', '7', '9']);
    expect(r[2]).toMatchObject({ name: 'Vlan9', descr: '', alias: '', type: '' });
  });

  it('orders rows numerically', () => {
    const r = decode([int(`${IF}.8.10601`, 1), int(`${IF}.8.2`, 1), int(`${IF}.8.10`, 2)]);
    expect(r.map((i) => i.ifIndex)).toEqual(['2', '10', '10601']);
  });

  it('name = ifName, else ifDescr (also when ifName is empty)', () => {
    const r = decode([str(`${IF}.2.1`, 'GigabitEthernet1/0/1'), str(`${IFX}.1.1`, 'Gi1/0/1'), str(`${IF}.2.2`, 'lo'), str(`${IFX}.1.2`, '')]);
    expect(r.map((i) => i.name)).toEqual(['Gi1/0/1', 'lo']);
  });

  it.each<[string, Varbind[], number | undefined]>([
    ['ifHighSpeed × 10^6 wins', [g32(`${IFX}.15.1`, 10000), g32(`${IF}.5.1`, 4294967295)], 10_000_000_000],
    ['ifHighSpeed 0 → ifSpeed', [g32(`${IFX}.15.1`, 0), g32(`${IF}.5.1`, 100000000)], 100_000_000],
    ['ifSpeed alone, even 0', [g32(`${IF}.5.1`, 0), str(`${IF}.2.1`, 'x')], 0],
    ['ifHighSpeed 0 and no ifSpeed → none', [g32(`${IFX}.15.1`, 0)], undefined],
    ['neither → none', [str(`${IF}.2.1`, 'x')], undefined],
    ['ifHighSpeed of a wrong type → ifSpeed', [str(`${IFX}.15.1`, '1000'), g32(`${IF}.5.1`, 1000)], 1000],
  ])('speed: %s', (_label, vbs, want) => {
    const samples = samplesOf(vbs);
    const speed = findSamples(samples, 'quarkpulse_interface_speed_bits_per_second', { ifindex: '1' });
    expect(speed.map((s) => s.value)).toEqual(want === undefined ? [] : [want]);
  });

  it.each<[string, Varbind[], number | undefined]>([
    ['HC (bigint) preferred over 32-bit', [c64(`${IFX}.6.1`, 5000000000n), c32(`${IF}.10.1`, 705032704)], 5000000000],
    ['HC as a Buffer (net-snmp)', [c64buf(`${IFX}.6.1`, 126708476304n)], 126708476304],
    ['32-bit when there is no HC', [c32(`${IF}.10.1`, 4294967295)], 4294967295],
    ['32-bit when HC is an exception', [noSuchInstance(`${IFX}.6.1`), c32(`${IF}.10.1`, 7)], 7],
    ['32-bit when HC is NULL', [nul(`${IFX}.6.1`), c32(`${IF}.10.1`, 8)], 8],
    ['none when neither is readable', [str(`${IF}.10.1`, '12'), str(`${IF}.2.1`, 'x')], undefined],
  ])('receive bytes: %s', (_label, vbs, want) => {
    const got = findSamples(samplesOf(vbs), 'quarkpulse_interface_receive_bytes_total', { ifindex: '1' }).map((s) => s.value);
    expect(got).toEqual(want === undefined ? [] : [want]);
  });

  it('admin/oper: 1 only for up(1); other states 0; absent → no series', () => {
    const samples = samplesOf([int(`${IF}.7.1`, 1), int(`${IF}.8.1`, 7), int(`${IF}.7.2`, 3), str(`${IF}.2.3`, 'x')]);
    expect(valueOf(samples, 'quarkpulse_interface_admin_up', { ifindex: '1' })).toBe(1);
    expect(valueOf(samples, 'quarkpulse_interface_oper_up', { ifindex: '1' })).toBe(0);
    expect(valueOf(samples, 'quarkpulse_interface_admin_up', { ifindex: '2' })).toBe(0);
    expect(findSamples(samples, 'quarkpulse_interface_oper_up', { ifindex: '3' })).toEqual([]);
  });

  it('type names with numeric fallback', () => {
    const r = decode([int(`${IF}.3.1`, 6), int(`${IF}.3.2`, 24), int(`${IF}.3.3`, 161), int(`${IF}.3.4`, 135), int(`${IF}.3.5`, 53), int(`${IF}.3.6`, 131), int(`${IF}.3.7`, 1), int(`${IF}.3.8`, 9999)]);
    expect(r.map((i) => i.type)).toEqual(['ethernetCsmacd', 'softwareLoopback', 'ieee8023adLag', 'l2vlan', 'propVirtual', 'tunnel', 'other', '9999']);
  });

  it('skips odd indexes and never throws on garbage', () => {
    const r = decode([
      str(`${IF}.2.1.5`, 'two-part index'),
      str(`${IF}.2.0`, 'zero'),
      str(`${IF}.2.abc`, 'letters'),
      { oid: `${IF}.8.3`, type: 2, value: Buffer.from('x') },
      { oid: `${IF}.10.3`, type: 65, value: 'string' },
      { oid: `${IF}.3.3`, type: 6, value: '1.3.6' },
      { oid: `${IFX}.18.3`, type: 4, value: null },
    ]);
    expect(r).toEqual([{ ifIndex: '3', name: '', descr: '', alias: '', type: '' }]);
  });

  it('labels: info carries descr/alias/type, the others ifindex + name', () => {
    const samples = samplesOf([str(`${IF}.2.1`, 'GigabitEthernet0/1'), str(`${IFX}.1.1`, 'Gi0/1'), str(`${IFX}.18.1`, 'uplink'), int(`${IF}.3.1`, 6), c32(`${IF}.14.1`, 3), c32(`${IF}.20.1`, 4), c32(`${IF}.13.1`, 5), c32(`${IF}.19.1`, 6), c32(`${IF}.16.1`, 9)]);
    expect(samples).toEqual([
      { name: 'quarkpulse_interface_info', labels: { ifindex: '1', name: 'Gi0/1', descr: 'GigabitEthernet0/1', alias: 'uplink', type: 'ethernetCsmacd' }, value: 1 },
      { name: 'quarkpulse_interface_transmit_bytes_total', labels: { ifindex: '1', name: 'Gi0/1' }, value: 9 },
      { name: 'quarkpulse_interface_receive_errors_total', labels: { ifindex: '1', name: 'Gi0/1' }, value: 3 },
      { name: 'quarkpulse_interface_transmit_errors_total', labels: { ifindex: '1', name: 'Gi0/1' }, value: 4 },
      { name: 'quarkpulse_interface_receive_discards_total', labels: { ifindex: '1', name: 'Gi0/1' }, value: 5 },
      { name: 'quarkpulse_interface_transmit_discards_total', labels: { ifindex: '1', name: 'Gi0/1' }, value: 6 },
    ]);
  });
});

describe('fixture counter_wrap.snmprec', () => {
  const text = fs.readFileSync(path.join(__dirname, '../../fixtures/snmprec/counter_wrap.snmprec'), 'utf8');
  const parsed = parseSnmprec(text);
  const samples = SNMP_MODULES.interfaces.decode(walkFromVarbinds(parsed.varbinds, SNMP_MODULES.interfaces));

  it('parses cleanly', () => expect(parsed.problems).toEqual([]));

  it('Counter32 at the wrap edge stays unsigned and exact', () => {
    expect(valueOf(samples, 'quarkpulse_interface_receive_bytes_total', { ifindex: '1' })).toBe(4294967295);
    expect(valueOf(samples, 'quarkpulse_interface_transmit_bytes_total', { ifindex: '1' })).toBe(4294967290);
    expect(valueOf(samples, 'quarkpulse_interface_receive_errors_total', { ifindex: '1' })).toBe(4294967294);
    expect(valueOf(samples, 'quarkpulse_interface_speed_bits_per_second', { ifindex: '1' })).toBe(4294967295);
  });

  it('Counter64 near 2^64 wins over the 32-bit counter (as the nearest double)', () => {
    expect(valueOf(samples, 'quarkpulse_interface_receive_bytes_total', { ifindex: '2', name: 'Po2' })).toBe(Number(18446744073709551610n));
    expect(valueOf(samples, 'quarkpulse_interface_transmit_bytes_total', { ifindex: '2' })).toBe(Number(9007199254740993n));
    expect(valueOf(samples, 'quarkpulse_interface_speed_bits_per_second', { ifindex: '2' })).toBe(1e9);
    expect(valueOf(samples, 'quarkpulse_interface_oper_up', { ifindex: '2' })).toBe(0);
    expect(valueOf(samples, 'quarkpulse_interface_info', { ifindex: '2', name: 'Po2', descr: 'port2', alias: 'uplink to core', type: 'ieee8023adLag' })).toBe(1);
  });

  it('an ifXTable-only row gets ifHighSpeed × 10^6', () => {
    expect(valueOf(samples, 'quarkpulse_interface_speed_bits_per_second', { ifindex: '3', name: 'Hu0/0/3' })).toBe(100_000_000_000);
    expect(findSamples(samples, 'quarkpulse_interface_admin_up', { ifindex: '3' })).toEqual([]);
  });
});
