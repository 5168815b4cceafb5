import { ifTypeName } from '../../../mibs/if-types';
import { columnOid, IF_X_TABLE, PRT_MARKER_SUPPLIES_TABLE } from '../../../mibs/oids';
import { ALERT_CODE_NAMES, ALERT_GROUP_NAMES, SUPPLY_CLASS_NAMES, SUPPLY_TYPE_NAMES, SUPPLY_UNIT_NAMES, enumName, snakeCase } from '../../../mibs/printer-enums';

describe('mibs tables', () => {
  it.each([
    ['wasteToner', 'waste_toner'],
    ['opc', 'opc'],
    ['printerNMSReset', 'printer_nms_reset'],
    ['hostResourcesMIBStorageTable', 'host_resources_mib_storage_table'],
    ['warningBinaryChangeEvent', 'warning_binary_change_event'],
    ['subunitOverTemperature', 'subunit_over_temperature'],
    ['ieee8023adLag', 'ieee8023ad_lag'],
  ])('snakeCase(%s) = %s', (camel, snake) => {
    expect(snakeCase(camel)).toBe(snake);
  });

  it('enum lookups with numeric fallback', () => {
    expect(enumName(SUPPLY_TYPE_NAMES, 4)).toBe('waste_toner');
    expect(enumName(SUPPLY_TYPE_NAMES, 21)).toBe('toner_cartridge');
    expect(enumName(SUPPLY_TYPE_NAMES, 0)).toBe('0');
    expect(enumName(SUPPLY_CLASS_NAMES, 4)).toBe('receptacle_that_is_filled');
    expect(enumName(SUPPLY_UNIT_NAMES, 19)).toBe('percent');
    expect(enumName(ALERT_GROUP_NAMES, 11)).toBe('marker_supplies');
    expect(enumName(ALERT_CODE_NAMES, 1801)).toBe('alert_removal_of_binary_change_entry');
    expect(enumName(ALERT_CODE_NAMES, 30203)).toBe('30203');
    expect(ifTypeName(6)).toBe('ethernetCsmacd');
    expect(ifTypeName(100000)).toBe('100000');
  });

  it('column OIDs', () => {
    expect(columnOid(PRT_MARKER_SUPPLIES_TABLE, 'prtMarkerSuppliesLevel')).toBe('1.3.6.1.2.1.43.11.1.1.9');
    expect(columnOid(IF_X_TABLE, 'ifHCInOctets')).toBe('1.3.6.1.2.1.31.1.1.1.6');
  });
});
