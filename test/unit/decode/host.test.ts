import { storageTypeName } from '../../../mibs/host-enums';
import { decodeHost, hostSamples } from '../../../src/probes/snmp/decode/host';
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import type { Varbind } from '../../../src/probes/snmp/varbind';
import { walkFromVarbinds } from '../../helpers/snmp-walk';
import { g32, int, noSuchInstance, oidv, str } from '../../helpers/varbinds';

const LOAD = '1.3.6.1.2.1.25.3.3.1.2';
const ST = '1.3.6.1.2.1.25.2.3.1';
const TYPES = '1.3.6.1.2.1.25.2.1';
const decode = (vbs: Varbind[]) => decodeHost(walkFromVarbinds(vbs, SNMP_MODULES.host));

const storageRow = (i: string, type: string | undefined, descr: string, unit: number, size: number, used: number): Varbind[] => [
  ...(type === undefined ? [] : [oidv(`${ST}.2.${i}`, type)]),
  str(`${ST}.3.${i}`, descr),
  int(`${ST}.4.${i}`, unit),
  int(`${ST}.5.${i}`, size),
  int(`${ST}.6.${i}`, used),
];

describe('hrProcessorLoad', () => {
  it('÷ 100 per hrDeviceIndex; bad rows skipped', () => {
    const r = decode([int(`${LOAD}.196608`, 7), int(`${LOAD}.196609`, 100), int(`${LOAD}.3`, -1), str(`${LOAD}.4`, '5'), int(`${LOAD}.5.1`, 5), noSuchInstance(`${LOAD}.6`)]);
    expect(hostSamples({ cpus: r.cpus, storage: [] })).toEqual([
      { name: 'quarkpulse_host_cpu_load_ratio', labels: { cpu: '196608', name: 'cpu0' }, value: 0.07 },
      { name: 'quarkpulse_host_cpu_load_ratio', labels: { cpu: '196609', name: 'cpu1' }, value: 1 },
    ]);
  });
});

describe('hrStorageTable', () => {
  it('bytes = size/used × allocation units; Integer32 wraps read unsigned', () => {
    const r = decode([
      ...storageRow('1', `${TYPES}.2`, 'Physical memory', 65536, 262144, 100000),
      // 16 TiB disk in 4096-byte units: 4294967295 units would not fit Integer32; agents send it negative.
      ...storageRow('31', `.${TYPES}.4`, '/data', 4096, -1, -294967296),
    ]);
    expect(r.storage).toEqual([
      { index: '1', descr: 'Physical memory', type: 'ram', sizeBytes: 262144 * 65536, usedBytes: 100000 * 65536 },
      { index: '31', descr: '/data', type: 'fixed_disk', sizeBytes: 4294967295 * 4096, usedBytes: 4000000000 * 4096 },
    ]);
  });

  it('skips rows without a usable allocation unit, keeps partial rows', () => {
    const r = decode([
      ...storageRow('1', `${TYPES}.3`, 'swap', 0, 10, 5),
      ...storageRow('2', `${TYPES}.3`, 'swap', -1024, 10, 5),
      int(`${ST}.6.3`, 161472),
      int(`${ST}.4.4`, 1024),
      int(`${ST}.5.4`, 10),
      str(`${ST}.6.4`, 'x'),
      ...storageRow('5.1', `${TYPES}.4`, 'odd index', 1, 1, 1),
    ]);
    expect(r.storage).toEqual([{ index: '4', descr: '', type: 'other', sizeBytes: 10240, usedBytes: undefined }]);
    expect(hostSamples(r)).toEqual([
      { name: 'quarkpulse_host_storage_size_bytes', labels: { storage: '', storage_index: '4', type: 'other' }, value: 10240 },
    ]);
  });

  it('Gauge32 values are accepted too', () => {
    const r = decode([oidv(`${ST}.2.1`, `${TYPES}.9`), int(`${ST}.4.1`, 512), g32(`${ST}.5.1`, 4000000000), g32(`${ST}.6.1`, 1)]);
    expect(r.storage[0]).toMatchObject({ type: 'flash_memory', sizeBytes: 4000000000 * 512, usedBytes: 512 });
  });

  it.each([
    [`${TYPES}.1`, 'other'],
    [`${TYPES}.2`, 'ram'],
    [`${TYPES}.3`, 'virtual_memory'],
    [`${TYPES}.4`, 'fixed_disk'],
    [`${TYPES}.5`, 'removable_disk'],
    [`${TYPES}.6`, 'floppy_disk'],
    [`${TYPES}.7`, 'compact_disc'],
    [`${TYPES}.8`, 'ram_disk'],
    [`${TYPES}.9`, 'flash_memory'],
    [`${TYPES}.10`, 'network_disk'],
    [`.${TYPES}.10`, 'network_disk'],
    [`${TYPES}.11`, 'other'],
    [`${TYPES}.4.1`, 'other'],
    [`${TYPES}`, 'other'],
    ['1.3.6.1.2.1.25.2.10', 'other'],
    ['1.3.6.1.2.1.25.3.9.1', 'other'],
    ['1.3.6.1.4.1.2021.1', 'other'],
  ])('storage type %s → %s', (oid, name) => {
    expect(storageTypeName(oid)).toBe(name);
  });
});
