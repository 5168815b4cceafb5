/**
 * Every platform profile, by name. Adding a platform = one data file here, its name in
 * config/vocabulary.ts (PLATFORM_PROFILES) and a fixture under test/fixtures/configs/.
 */
import type { PlatformProfileName } from '../../config/vocabulary';
import type { PlatformProfile } from '../types';
import { arubaAoscx } from './aruba-aoscx';
import { ciscoAsa } from './cisco-asa';
import { ciscoIos } from './cisco-ios';
import { ciscoNxos } from './cisco-nxos';
import { custom } from './custom';
import { fortios } from './fortios';
import { hpProcurve } from './hp-procurve';
import { junos } from './junos';
import { linux } from './linux';
import { panos } from './panos';
import { pfsense } from './pfsense';
import { routeros } from './routeros';
import { routerosApi } from './routeros-api';

export const PROFILES: Readonly<Record<PlatformProfileName, PlatformProfile>> = {
  cisco_ios: ciscoIos,
  cisco_nxos: ciscoNxos,
  cisco_asa: ciscoAsa,
  aruba_aoscx: arubaAoscx,
  hp_procurve: hpProcurve,
  junos,
  routeros,
  routeros_api: routerosApi,
  fortios,
  panos,
  pfsense,
  linux,
  custom,
};

export function findProfile(name: string): PlatformProfile | undefined {
  return Object.hasOwn(PROFILES, name) ? PROFILES[name as PlatformProfileName] : undefined;
}
