/** Every SNMP module by name; the walker fetches exactly the scalars and columns listed. */
import { hostModule } from './host';
import { interfacesModule } from './interfaces';
import { printerModule } from './printer';
import { systemModule } from './system';
import type { SnmpModule, SnmpModuleName } from './types';

export type { SnmpModule, SnmpModuleName, SnmpModuleSpec, TableSpec } from './types';

export const SNMP_MODULES: Readonly<Record<SnmpModuleName, SnmpModule>> = {
  system: systemModule,
  interfaces: interfacesModule,
  printer: printerModule,
  host: hostModule,
};
