import { IF_TABLE, IF_X_TABLE } from '../../../../mibs/oids';
import { decodeInterfaces, interfaceSamples } from '../decode/interfaces';
import { tableSpec } from './spec';
import type { SnmpModule } from './types';

/**
 * Both the 32-bit ifTable counters and the ifXTable HC ones are needed: printers and small
 * devices have no ifXTable, while many switches leave the 32-bit octet columns out.
 */
export const interfacesModule: SnmpModule = {
  name: 'interfaces',
  scalars: [],
  tables: [
    tableSpec(IF_TABLE, [
      'ifDescr',
      'ifType',
      'ifSpeed',
      'ifAdminStatus',
      'ifOperStatus',
      'ifInOctets',
      'ifInDiscards',
      'ifInErrors',
      'ifOutOctets',
      'ifOutDiscards',
      'ifOutErrors',
    ]),
    tableSpec(IF_X_TABLE, ['ifName', 'ifHCInOctets', 'ifHCOutOctets', 'ifHighSpeed', 'ifAlias']),
  ],
  decode: (walk) => interfaceSamples(decodeInterfaces(walk)),
};
