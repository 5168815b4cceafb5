import { ENT_PHYSICAL_TABLE, HR_DEVICE_TABLE, SYSTEM } from '../../../../mibs/oids';
import { decodeSystem, systemSamples } from '../decode/system';
import { tableSpec } from './spec';
import type { SnmpModule } from './types';

/**
 * Identity: four system scalars, plus the first row of two tables for the model (one GETNEXT
 * each): the chassis entPhysicalModelName, and hrDeviceType/Descr to spot a printer engine.
 */
export const systemModule: SnmpModule = {
  name: 'system',
  scalars: [SYSTEM.sysDescr, SYSTEM.sysObjectID, SYSTEM.sysUpTime, SYSTEM.sysName],
  tables: [
    tableSpec(ENT_PHYSICAL_TABLE, ['entPhysicalModelName'], { firstRowOnly: true }),
    tableSpec(HR_DEVICE_TABLE, ['hrDeviceType', 'hrDeviceDescr'], { firstRowOnly: true }),
  ],
  decode: (walk) => systemSamples(decodeSystem(walk)),
};
