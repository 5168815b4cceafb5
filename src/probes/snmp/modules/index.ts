/** Every SNMP module by name; the walker fetches exactly the scalars and columns listed. */
import type { SnmpModuleName } from '../../../config/vocabulary';
import { hostModule } from './host';
import { interfacesModule } from './interfaces';
import { printerModule } from './printer';
import { systemModule } from './system';
import type { SnmpModule } from './types';

export type { SnmpModule, SnmpModuleSpec, TableSpec } from './types';

export const SNMP_MODULES: Readonly<Record<SnmpModuleName, SnmpModule>> = {
  system: systemModule,
  interfaces: interfacesModule,
  printer: printerModule,
  host: hostModule,
};
