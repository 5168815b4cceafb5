/**
 * OIDs of the standard MIB objects quarkpulse reads, named as in the MIBs. Tables list their
 * column numbers; `columnOid` builds the column OID (without instance) the walker fetches and
 * the WalkResult is keyed by. Written by hand from the RFCs: MIB parsing never runs in the daemon.
 */

export interface MibTable<C extends Record<string, number> = Record<string, number>> {
  /** The table's MIB name, for logs and self-metrics. */
  name: string;
  /** The entry OID ("…Entry"); a column is `${entry}.${column}`. */
  entry: string;
  columns: C;
}

function table<C extends Record<string, number>>(name: string, entry: string, columns: C): MibTable<C> {
  return { name, entry, columns };
}

export function columnOid<C extends Record<string, number>>(t: MibTable<C>, column: keyof C): string {
  return `${t.entry}.${t.columns[column]}`;
}

/** SNMPv2-MIB system group (RFC 3418): scalars, instance `.0` included. */
export const SYSTEM = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectID: '1.3.6.1.2.1.1.2.0',
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  sysContact: '1.3.6.1.2.1.1.4.0',
  sysName: '1.3.6.1.2.1.1.5.0',
  sysLocation: '1.3.6.1.2.1.1.6.0',
} as const;

/** Where private enterprise numbers live (SMI): sysObjectID = enterprises.<number>.… */
export const ENTERPRISES_PREFIX = '1.3.6.1.4.1';

/** IF-MIB (RFC 2863). */
export const IF_TABLE = table('ifTable', '1.3.6.1.2.1.2.2.1', {
  ifIndex: 1,
  ifDescr: 2,
  ifType: 3,
  ifMtu: 4,
  ifSpeed: 5,
  ifPhysAddress: 6,
  ifAdminStatus: 7,
  ifOperStatus: 8,
  ifLastChange: 9,
  ifInOctets: 10,
  ifInUcastPkts: 11,
  ifInNUcastPkts: 12,
  ifInDiscards: 13,
  ifInErrors: 14,
  ifInUnknownProtos: 15,
  ifOutOctets: 16,
  ifOutUcastPkts: 17,
  ifOutNUcastPkts: 18,
  ifOutDiscards: 19,
  ifOutErrors: 20,
  ifOutQLen: 21,
  ifSpecific: 22,
});

export const IF_X_TABLE = table('ifXTable', '1.3.6.1.2.1.31.1.1.1', {
  ifName: 1,
  ifInMulticastPkts: 2,
  ifInBroadcastPkts: 3,
  ifOutMulticastPkts: 4,
  ifOutBroadcastPkts: 5,
  ifHCInOctets: 6,
  ifHCInUcastPkts: 7,
  ifHCInMulticastPkts: 8,
  ifHCInBroadcastPkts: 9,
  ifHCOutOctets: 10,
  ifHCOutUcastPkts: 11,
  ifHCOutMulticastPkts: 12,
  ifHCOutBroadcastPkts: 13,
  ifLinkUpDownTrapEnable: 14,
  ifHighSpeed: 15,
  ifPromiscuousMode: 16,
  ifConnectorPresent: 17,
  ifAlias: 18,
  ifCounterDiscontinuityTime: 19,
});

/** ENTITY-MIB (RFC 6933) entPhysicalTable. */
/** Printer-MIB prtGeneralTable (RFC 3805): only the serial number is read, for device identity. */
export const PRT_GENERAL_TABLE = table('prtGeneralTable', '1.3.6.1.2.1.43.5.1.1', {
  prtGeneralSerialNumber: 17,
});

export const ENT_PHYSICAL_TABLE = table('entPhysicalTable', '1.3.6.1.2.1.47.1.1.1.1', {
  entPhysicalDescr: 2,
  entPhysicalVendorType: 3,
  entPhysicalContainedIn: 4,
  entPhysicalClass: 5,
  entPhysicalParentRelPos: 6,
  entPhysicalName: 7,
  entPhysicalHardwareRev: 8,
  entPhysicalFirmwareRev: 9,
  entPhysicalSoftwareRev: 10,
  entPhysicalSerialNum: 11,
  entPhysicalMfgName: 12,
  entPhysicalModelName: 13,
});

/** HOST-RESOURCES-MIB (RFC 2790). */
export const HR_STORAGE_TABLE = table('hrStorageTable', '1.3.6.1.2.1.25.2.3.1', {
  hrStorageIndex: 1,
  hrStorageType: 2,
  hrStorageDescr: 3,
  hrStorageAllocationUnits: 4,
  hrStorageSize: 5,
  hrStorageUsed: 6,
  hrStorageAllocationFailures: 7,
});

/** hrStorageTypes: hrStorageType values are `${HR_STORAGE_TYPES}.<n>`. */
export const HR_STORAGE_TYPES = '1.3.6.1.2.1.25.2.1';

export const HR_DEVICE_TABLE = table('hrDeviceTable', '1.3.6.1.2.1.25.3.2.1', {
  hrDeviceIndex: 1,
  hrDeviceType: 2,
  hrDeviceDescr: 3,
  hrDeviceID: 4,
  hrDeviceStatus: 5,
  hrDeviceErrors: 6,
});

/** hrDeviceTypes: hrDeviceType values are `${HR_DEVICE_TYPES}.<n>`. */
export const HR_DEVICE_TYPES = '1.3.6.1.2.1.25.3.1';
export const HR_DEVICE_PRINTER = `${HR_DEVICE_TYPES}.5`;

export const HR_PROCESSOR_TABLE = table('hrProcessorTable', '1.3.6.1.2.1.25.3.3.1', {
  hrProcessorFrwID: 1,
  hrProcessorLoad: 2,
});

export const HR_PRINTER_TABLE = table('hrPrinterTable', '1.3.6.1.2.1.25.3.5.1', {
  hrPrinterStatus: 1,
  hrPrinterDetectedErrorState: 2,
});

/** Printer-MIB (RFC 3805). Row indexes are `<hrDeviceIndex>.<row>`. */
export const PRT_INPUT_TABLE = table('prtInputTable', '1.3.6.1.2.1.43.8.2.1', {
  prtInputType: 2,
  prtInputDimUnit: 3,
  prtInputMediaDimFeedDirDeclared: 4,
  prtInputMediaDimXFeedDirDeclared: 5,
  prtInputMediaDimFeedDirChosen: 6,
  prtInputMediaDimXFeedDirChosen: 7,
  prtInputCapacityUnit: 8,
  prtInputMaxCapacity: 9,
  prtInputCurrentLevel: 10,
  prtInputStatus: 11,
  prtInputMediaName: 12,
  prtInputName: 13,
  prtInputVendorName: 14,
  prtInputModel: 15,
  prtInputVersion: 16,
  prtInputSerialNumber: 17,
  prtInputDescription: 18,
  prtInputSecurity: 19,
});

export const PRT_MARKER_TABLE = table('prtMarkerTable', '1.3.6.1.2.1.43.10.2.1', {
  prtMarkerMarkTech: 2,
  prtMarkerCounterUnit: 3,
  prtMarkerLifeCount: 4,
  prtMarkerPowerOnCount: 5,
  prtMarkerProcessColorants: 6,
  prtMarkerSpotColorants: 7,
});

export const PRT_MARKER_SUPPLIES_TABLE = table('prtMarkerSuppliesTable', '1.3.6.1.2.1.43.11.1.1', {
  prtMarkerSuppliesMarkerIndex: 2,
  prtMarkerSuppliesColorantIndex: 3,
  prtMarkerSuppliesClass: 4,
  prtMarkerSuppliesType: 5,
  prtMarkerSuppliesDescription: 6,
  prtMarkerSuppliesSupplyUnit: 7,
  prtMarkerSuppliesMaxCapacity: 8,
  prtMarkerSuppliesLevel: 9,
});

export const PRT_MARKER_COLORANT_TABLE = table('prtMarkerColorantTable', '1.3.6.1.2.1.43.12.1.1', {
  prtMarkerColorantMarkerIndex: 2,
  prtMarkerColorantRole: 3,
  prtMarkerColorantValue: 4,
  prtMarkerColorantTonality: 5,
});

export const PRT_ALERT_TABLE = table('prtAlertTable', '1.3.6.1.2.1.43.18.1.1', {
  prtAlertSeverityLevel: 2,
  prtAlertTrainingLevel: 3,
  prtAlertGroup: 4,
  prtAlertGroupIndex: 5,
  prtAlertLocation: 6,
  prtAlertCode: 7,
  prtAlertDescription: 8,
  prtAlertTime: 9,
});
