import { ENT_PHYSICAL_TABLE, HR_DEVICE_TABLE, PRT_GENERAL_TABLE, SYSTEM } from '../../../../mibs/oids';
import { decodeSystem, systemSamples } from '../decode/system';
import { tableSpec } from './spec';
import type { SnmpModule } from './types';

/**
 * Identity: six system scalars (contact and location included), plus the first row of three
 * tables (one GETNEXT each): the chassis entPhysicalModelName, hrDeviceType/Descr to spot a
 * printer engine, and a printer's prtGeneralSerialNumber. More ENTITY-MIB columns (serial,
 * software revision) would cost a wasted varbind per poll on every device without ENTITY-MIB.
 */
export const systemModule: SnmpModule = {
  name: 'system',
  scalars: [SYSTEM.sysDescr, SYSTEM.sysObjectID, SYSTEM.sysUpTime, SYSTEM.sysName, SYSTEM.sysContact, SYSTEM.sysLocation],
  tables: [
    tableSpec(ENT_PHYSICAL_TABLE, ['entPhysicalModelName'], { firstRowOnly: true }),
    tableSpec(HR_DEVICE_TABLE, ['hrDeviceType', 'hrDeviceDescr'], { firstRowOnly: true }),
    tableSpec(PRT_GENERAL_TABLE, ['prtGeneralSerialNumber'], { firstRowOnly: true }),
  ],
  decode: (walk) => systemSamples(decodeSystem(walk)),
};
