import { HR_PROCESSOR_TABLE, HR_STORAGE_TABLE } from '../../../../mibs/oids';
import { decodeHost, hostSamples } from '../decode/host';
import { tableSpec } from './spec';
import type { SnmpModule } from './types';

export const hostModule: SnmpModule = {
  name: 'host',
  scalars: [],
  tables: [
    tableSpec(HR_PROCESSOR_TABLE, ['hrProcessorLoad']),
    tableSpec(HR_STORAGE_TABLE, ['hrStorageType', 'hrStorageDescr', 'hrStorageAllocationUnits', 'hrStorageSize', 'hrStorageUsed']),
  ],
  decode: (walk) => hostSamples(decodeHost(walk)),
};
