/**
 * Enumerations of the Printer-MIB (RFC 3805, TCs now in IANA-PRINTER-MIB) and the printer part
 * of HOST-RESOURCES-MIB (RFC 2790). The tables keep the MIB's own camelCase names so they can be
 * checked against the MIB text; label values use the snake_case form built once at load.
 */

/** camelCase MIB identifier → snake_case ("wasteToner" → "waste_toner", "printerNMSReset" → "printer_nms_reset"). */
export function snakeCase(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    if (upper && i > 0) {
      const prev = name.charCodeAt(i - 1);
      const prevLowerOrDigit = (prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57);
      const next = i + 1 < name.length ? name.charCodeAt(i + 1) : 0;
      const prevUpper = prev >= 65 && prev <= 90;
      const nextLower = next >= 97 && next <= 122;
      // A new word starts after a lowercase letter/digit, or at the last capital of an acronym.
      if (prevLowerOrDigit || (prevUpper && nextLower)) out += '_';
    }
    out += upper ? String.fromCharCode(c + 32) : name[i];
  }
  return out;
}

function snakeTable(names: Readonly<Record<number, string>>): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  for (const [k, v] of Object.entries(names)) out.set(Number(k), snakeCase(v));
  return out;
}

/** PrtMarkerSuppliesTypeTC. */
export const PRT_MARKER_SUPPLIES_TYPE: Readonly<Record<number, string>> = {
  1: 'other',
  2: 'unknown',
  3: 'toner',
  4: 'wasteToner',
  5: 'ink',
  6: 'inkCartridge',
  7: 'inkRibbon',
  8: 'wasteInk',
  9: 'opc',
  10: 'developer',
  11: 'fuserOil',
  12: 'solidWax',
  13: 'ribbonWax',
  14: 'wasteWax',
  15: 'fuser',
  16: 'coronaWire',
  17: 'fuserOilWick',
  18: 'cleanerUnit',
  19: 'fuserCleaningPad',
  20: 'transferUnit',
  21: 'tonerCartridge',
  22: 'fuserOiler',
  23: 'water',
  24: 'wasteWater',
  25: 'glueWaterAdditive',
  26: 'wastePaper',
  27: 'bindingSupply',
  28: 'bandingSupply',
  29: 'stitchingWire',
  30: 'shrinkWrap',
  31: 'paperWrap',
  32: 'staples',
  33: 'inserts',
  34: 'covers',
  35: 'matteToner',
  36: 'matteInk',
};

/** PrtMarkerSuppliesClassTC (RFC 3805). */
export const PRT_MARKER_SUPPLIES_CLASS: Readonly<Record<number, string>> = {
  1: 'other',
  3: 'supplyThatIsConsumed',
  4: 'receptacleThatIsFilled',
};

/** PrtMarkerSuppliesSupplyUnitTC (RFC 3805). */
export const PRT_MARKER_SUPPLIES_SUPPLY_UNIT: Readonly<Record<number, string>> = {
  1: 'other',
  2: 'unknown',
  3: 'tenThousandthsOfInches',
  4: 'micrometers',
  7: 'impressions',
  8: 'sheets',
  11: 'hours',
  12: 'thousandthsOfOunces',
  13: 'tenthsOfGrams',
  14: 'hundrethsOfFluidOunces',
  15: 'tenthsOfMilliliters',
  16: 'feet',
  17: 'meters',
  18: 'items',
  19: 'percent',
};

/**
 * prtMarkerSuppliesLevel / MaxCapacity special values (RFC 3805): -1 other (no restriction),
 * -2 unknown, -3 "some remaining" (level only).
 */
export const SUPPLY_LEVEL_OTHER = -1;
export const SUPPLY_LEVEL_UNKNOWN = -2;
export const SUPPLY_LEVEL_SOME_REMAINING = -3;

/** The standard prtMarkerColorantValue strings (RFC 3805 DESCRIPTION; any string is allowed). */
export const STANDARD_COLORANTS = ['other', 'unknown', 'white', 'red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black'] as const;

/** The words looked for in a supply description when there is no colorant row, in this order. */
export const PROCESS_COLOR_WORDS = ['cyan', 'magenta', 'yellow', 'black'] as const;

/** PrtAlertSeverityLevelTC (RFC 3805). */
export const PRT_ALERT_SEVERITY_LEVEL: Readonly<Record<number, string>> = {
  1: 'other',
  3: 'critical',
  4: 'warning',
  5: 'warningBinaryChangeEvent',
};

/** PrtAlertGroupTC. */
export const PRT_ALERT_GROUP: Readonly<Record<number, string>> = {
  1: 'other',
  2: 'unknown',
  3: 'hostResourcesMIBStorageTable',
  4: 'hostResourcesMIBDeviceTable',
  5: 'generalPrinter',
  6: 'cover',
  7: 'localization',
  8: 'input',
  9: 'output',
  10: 'marker',
  11: 'markerSupplies',
  12: 'markerColorant',
  13: 'mediaPath',
  14: 'channel',
  15: 'interpreter',
  16: 'consoleDisplayBuffer',
  17: 'consoleLights',
  18: 'alert',
  30: 'finDevice',
  31: 'finSupply',
  32: 'finSupplyMediaInput',
  33: 'finAttribute',
};

/** PrtAlertCodeTC up to alertRemovalOfBinaryChangeEntry(1801); the Finisher codes (30203+) fall back to the number. */
export const PRT_ALERT_CODE: Readonly<Record<number, string>> = {
  1: 'other',
  2: 'unknown',
  3: 'coverOpen',
  4: 'coverClosed',
  5: 'interlockOpen',
  6: 'interlockClosed',
  7: 'configurationChange',
  8: 'jam',
  9: 'subunitMissing',
  10: 'subunitLifeAlmostOver',
  11: 'subunitLifeOver',
  12: 'subunitAlmostEmpty',
  13: 'subunitEmpty',
  14: 'subunitAlmostFull',
  15: 'subunitFull',
  16: 'subunitNearLimit',
  17: 'subunitAtLimit',
  18: 'subunitOpened',
  19: 'subunitClosed',
  20: 'subunitTurnedOn',
  21: 'subunitTurnedOff',
  22: 'subunitOffline',
  23: 'subunitPowerSaver',
  24: 'subunitWarmingUp',
  25: 'subunitAdded',
  26: 'subunitRemoved',
  27: 'subunitResourceAdded',
  28: 'subunitResourceRemoved',
  29: 'subunitRecoverableFailure',
  30: 'subunitUnrecoverableFailure',
  31: 'subunitRecoverableStorageError',
  32: 'subunitUnrecoverableStorageError',
  33: 'subunitMotorFailure',
  34: 'subunitMemoryExhausted',
  35: 'subunitUnderTemperature',
  36: 'subunitOverTemperature',
  37: 'subunitTimingFailure',
  38: 'subunitThermistorFailure',
  501: 'doorOpen',
  502: 'doorClosed',
  503: 'powerUp',
  504: 'powerDown',
  505: 'printerNMSReset',
  506: 'printerManualReset',
  507: 'printerReadyToPrint',
  801: 'inputMediaTrayMissing',
  802: 'inputMediaSizeChange',
  803: 'inputMediaWeightChange',
  804: 'inputMediaTypeChange',
  805: 'inputMediaColorChange',
  806: 'inputMediaFormPartsChange',
  807: 'inputMediaSupplyLow',
  808: 'inputMediaSupplyEmpty',
  809: 'inputMediaChangeRequest',
  810: 'inputManualInputRequest',
  811: 'inputTrayPositionFailure',
  812: 'inputTrayElevationFailure',
  813: 'inputCannotFeedSizeSelected',
  901: 'outputMediaTrayMissing',
  902: 'outputMediaTrayAlmostFull',
  903: 'outputMediaTrayFull',
  904: 'outputMailboxSelectFailure',
  1001: 'markerFuserUnderTemperature',
  1002: 'markerFuserOverTemperature',
  1003: 'markerFuserTimingFailure',
  1004: 'markerFuserThermistorFailure',
  1005: 'markerAdjustingPrintQuality',
  1101: 'markerTonerEmpty',
  1102: 'markerInkEmpty',
  1103: 'markerPrintRibbonEmpty',
  1104: 'markerTonerAlmostEmpty',
  1105: 'markerInkAlmostEmpty',
  1106: 'markerPrintRibbonAlmostEmpty',
  1107: 'markerWasteTonerReceptacleAlmostFull',
  1108: 'markerWasteInkReceptacleAlmostFull',
  1109: 'markerWasteTonerReceptacleFull',
  1110: 'markerWasteInkReceptacleFull',
  1111: 'markerOpcLifeAlmostOver',
  1112: 'markerOpcLifeOver',
  1113: 'markerDeveloperAlmostEmpty',
  1114: 'markerDeveloperEmpty',
  1115: 'markerTonerCartridgeMissing',
  1301: 'mediaPathMediaTrayMissing',
  1302: 'mediaPathMediaTrayAlmostFull',
  1303: 'mediaPathMediaTrayFull',
  1304: 'mediaPathCannotDuplexMediaSelected',
  1501: 'interpreterMemoryIncrease',
  1502: 'interpreterMemoryDecrease',
  1503: 'interpreterCartridgeAdded',
  1504: 'interpreterCartridgeDeleted',
  1505: 'interpreterResourceAdded',
  1506: 'interpreterResourceDeleted',
  1507: 'interpreterResourceUnavailable',
  1509: 'interpreterComplexPageEncountered',
  1801: 'alertRemovalOfBinaryChangeEntry',
};

/** hrPrinterStatus (RFC 2790); the contract's `state` label values, in enum order. */
export const HR_PRINTER_STATUS: Readonly<Record<number, string>> = {
  1: 'other',
  2: 'unknown',
  3: 'idle',
  4: 'printing',
  5: 'warmup',
};
export const HR_PRINTER_STATES = ['other', 'unknown', 'idle', 'printing', 'warmup'] as const;
export type PrinterState = (typeof HR_PRINTER_STATES)[number];

/**
 * hrPrinterDetectedErrorState bits 0-14 (RFC 2790 + RFC 3805), as the contract's `condition`
 * label values. Index = bit number; bit 0 is the most significant bit of the first octet.
 */
export const PRINTER_CONDITIONS = [
  'low_paper',
  'no_paper',
  'low_toner',
  'no_toner',
  'door_open',
  'jammed',
  'offline',
  'service_requested',
  'input_tray_missing',
  'output_tray_missing',
  'marker_supply_missing',
  'output_near_full',
  'output_full',
  'input_tray_empty',
  'overdue_prevent_maint',
] as const;
export type PrinterCondition = (typeof PRINTER_CONDITIONS)[number];

export const SUPPLY_TYPE_NAMES = snakeTable(PRT_MARKER_SUPPLIES_TYPE);
export const SUPPLY_CLASS_NAMES = snakeTable(PRT_MARKER_SUPPLIES_CLASS);
export const SUPPLY_UNIT_NAMES = snakeTable(PRT_MARKER_SUPPLIES_SUPPLY_UNIT);
export const ALERT_SEVERITY_NAMES = snakeTable(PRT_ALERT_SEVERITY_LEVEL);
export const ALERT_GROUP_NAMES = snakeTable(PRT_ALERT_GROUP);
export const ALERT_CODE_NAMES = snakeTable(PRT_ALERT_CODE);

/** The snake_case name of an enum value, or the number itself when the MIB has no name for it. */
export function enumName(names: ReadonlyMap<number, string>, value: number): string {
  return names.get(value) ?? String(value);
}
