import {
  HR_PRINTER_TABLE,
  PRT_ALERT_TABLE,
  PRT_INPUT_TABLE,
  PRT_MARKER_COLORANT_TABLE,
  PRT_MARKER_SUPPLIES_TABLE,
  PRT_MARKER_TABLE,
} from '../../../../mibs/oids';
import { decodePrinter, printerSamples } from '../decode/printer';
import { tableSpec } from './spec';
import type { SnmpModule } from './types';

/**
 * Only the columns the contract's printer metrics need. Supply class (.4) and unit (.7) are
 * left out on purpose: the ratio is level ÷ max for consumables and receptacles alike, so
 * neither changes a sample.
 */
export const printerModule: SnmpModule = {
  name: 'printer',
  scalars: [],
  tables: [
    tableSpec(PRT_MARKER_SUPPLIES_TABLE, [
      'prtMarkerSuppliesColorantIndex',
      'prtMarkerSuppliesType',
      'prtMarkerSuppliesDescription',
      'prtMarkerSuppliesMaxCapacity',
      'prtMarkerSuppliesLevel',
    ]),
    tableSpec(PRT_MARKER_COLORANT_TABLE, ['prtMarkerColorantValue']),
    tableSpec(PRT_MARKER_TABLE, ['prtMarkerLifeCount']),
    tableSpec(PRT_INPUT_TABLE, ['prtInputMaxCapacity', 'prtInputCurrentLevel', 'prtInputName', 'prtInputDescription']),
    tableSpec(PRT_ALERT_TABLE, ['prtAlertSeverityLevel', 'prtAlertGroup', 'prtAlertCode', 'prtAlertDescription']),
    tableSpec(HR_PRINTER_TABLE, ['hrPrinterStatus', 'hrPrinterDetectedErrorState']),
  ],
  decode: (walk) => printerSamples(decodePrinter(walk)),
};
