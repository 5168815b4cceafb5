/**
 * What each LibreNMS recording must decode to, derived from the raw .snmprec lines (pulled out
 * with grep and a small throw-away script independent of the decoders, then checked by hand
 * against the files; no decoder output was copied here). Shared by the
 * decoder tests (varbinds → samples, no network) and the integration test that serves the same
 * recordings over UDP, so it is plain data with one type.
 *
 * Conventions: `undefined` uptime = sysUpTime not in the recording; `errors: 'absent'` = no
 * hrPrinterDetectedErrorState (no printer_error series at all), otherwise the list of conditions
 * that are 1 (all others 0); `ratio` missing = no ratio series for that supply; interface `speed`
 * missing = no speed series; `interfaces.some` / `host.some` are a few rows, `count`/`storageCount`
 * the full number of series-bearing rows.
 */
import type { PrinterCondition, PrinterState } from '../../mibs/printer-enums';

export type RecordingKind = 'printer' | 'switch' | 'router' | 'firewall';

export interface ExpectedSystem {
  sysName: string;
  sysDescr: string;
  sysObjectId: string;
  vendor: string;
  model: string;
  uptimeSeconds: number | undefined;
}

export interface ExpectedSupply {
  index: string;
  supply: string;
  type: string;
  color: string;
  level?: number;
  max?: number;
  ratio?: number;
}

export interface ExpectedInput {
  index: string;
  input: string;
  level?: number;
  max?: number;
}

export interface ExpectedPrinter {
  supplies: ExpectedSupply[];
  /** marker_index → prtMarkerLifeCount. */
  pages: Record<string, number>;
  errors: 'absent' | PrinterCondition[];
  status: 'absent' | PrinterState;
  inputs: ExpectedInput[];
  /** Number of prtAlertTable rows. */
  alerts: number;
}

export interface ExpectedInterface {
  ifindex: string;
  name: string;
  type: string;
  admin?: 0 | 1;
  oper?: 0 | 1;
  speed?: number;
  rx?: number;
  tx?: number;
}

export interface ExpectedStorage {
  index: string;
  storage: string;
  type: string;
  size?: number;
  used?: number;
}

export interface ExpectedRecording {
  kind: RecordingKind;
  system: ExpectedSystem;
  printer: ExpectedPrinter;
  interfaces: { count: number; some: ExpectedInterface[] };
  /** cpus: hrDeviceIndex → load ratio. */
  host: { cpus: Record<string, number>; storageCount: number; some: ExpectedStorage[] };
}

export const EXPECTED_RECORDINGS: Readonly<Record<string, ExpectedRecording>> = {
  "arubaos-cx_nac": {
    kind: 'switch',
    system: { sysName: "<private>", sysDescr: "Aruba JL679A 6100 12G CL4 2SFP+ 139W Swch PL.10.08.1050", sysObjectId: "1.3.6.1.4.1.47196.4.1.1.1.254", vendor: "Aruba", model: "Aruba JL679A 6100 12G CL4 2SFP+ 139W Swch PL.10.08.1050", uptimeSeconds: 14825075.61 },
    printer: {
      supplies: [],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 18, some: [
      { ifindex: "1", name: "1/1/1", type: "ethernetCsmacd", admin: 1, oper: 0, rx: 254478609, tx: 985064691 },
      { ifindex: "13", name: "1/1/13", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 126708476304, tx: 18347264202 },
      { ifindex: "16777416", name: "vlan200", type: "propVirtual", admin: 1, oper: 1, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 0, some: [] },
  },
  "brother": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "Brother NC-8300h, Firmware Ver.1.14  (14.11.06),MID 8C5-F01,FID 2", sysObjectId: "1.3.6.1.4.1.2435.2.3.9.1", vendor: "Brother", model: "Brother MFC-L2710DW series", uptimeSeconds: 2175397.35 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Black Toner Cartridge", type: "toner", color: "black", level: -3, max: -2 },
        { index: "1.2", supply: "Drum Unit", type: "opc", color: "", level: 11501, max: 12000, ratio: 0.9584166666666667 },
      ],
      pages: {},
      errors: [],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "AUTO", level: -3, max: 250 },
        { index: "1.2", input: "MANUAL TRAY", level: -3, max: 1 },
        { index: "1.3", input: "TRAY1", level: -3, max: 250 },
      ],
      alerts: 0,
    },
    interfaces: { count: 4, some: [
      { ifindex: "1", name: "NC-9300h", type: "iso88023Csmacd", admin: 1, oper: 1, speed: 100000000, rx: 3658275999, tx: 215575808 },
      { ifindex: "4", name: "SoftwareLoopBack", type: "softwareLoopback", admin: 1, oper: 1, speed: 0, rx: 21016, tx: 21016 },
    ] },
    host: { cpus: {}, storageCount: 1, some: [
      { index: "1", storage: "Random Access Memory", type: "ram", size: 67108864, used: 40356 },
    ] },
  },
  "brother_hl5370dw": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "Brother NC-6800h, Firmware Ver.1.01  (08.12.12),MID 84UB05", sysObjectId: "1.3.6.1.4.1.2435.2.3.9.1", vendor: "Brother", model: "Brother HL-5370DW series", uptimeSeconds: 336041.85 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Black Toner Cartridge", type: "toner", color: "black", level: 0, max: -2 },
        { index: "1.2", supply: "Black Toner Cartridge", type: "toner", color: "black", level: -3, max: -2 },
        { index: "1.3", supply: "Drum Unit", type: "opc", color: "", level: 17208, max: 25000, ratio: 0.68832 },
      ],
      pages: {"1.1": 7792},
      errors: [],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "MP TRAY", level: 0, max: 50 },
        { index: "1.2", input: "TRAY1", level: -3, max: 250 },
      ],
      alerts: 0,
    },
    interfaces: { count: 3, some: [
      { ifindex: "1", name: "NC-6800h", type: "iso88023Csmacd", admin: 1, oper: 1, speed: 100000000, rx: 144509317, tx: 49977842 },
      { ifindex: "3", name: "SoftwareLoopBack", type: "softwareLoopback", admin: 1, oper: 1, speed: 0, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 1, some: [
      { index: "1", storage: "Random Access Memory", type: "ram", size: 33554432, used: 33554432 },
    ] },
  },
  "canonprinter_lbp": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "Canon LBP6670 /P", sysObjectId: "1.3.6.1.4.1.1602.4.2", vendor: "Canon", model: "Canon LBP6670", uptimeSeconds: 2617.02 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Canon Cartridge 719/719H", type: "unknown", color: "", level: 70, max: 100, ratio: 0.7 },
      ],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 2, some: [
      { ifindex: "1", name: "eth0", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 398801, tx: 405083 },
      { ifindex: "2", name: "lo0", type: "softwareLoopback", admin: 1, oper: 1, speed: 0, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 1, some: [
      { index: "1", storage: "RAM(main)", type: "ram", size: 536870912, used: 0 },
    ] },
  },
  "canonprinter_tm": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "Canon TM-5300 /P", sysObjectId: "1.3.6.1.4.1.1602.4.3", vendor: "Canon", model: "Canon TM-5300", uptimeSeconds: 176696.0 },
    printer: {
      supplies: [
        { index: "1.1", supply: "CANON Matte Black Ink Tank", type: "ink_cartridge", color: "black", level: 2400, max: 3000, ratio: 0.8 },
        { index: "1.2", supply: "CANON Black Ink Tank", type: "ink_cartridge", color: "black", level: 3000, max: 3000, ratio: 1.0 },
        { index: "1.3", supply: "CANON Yellow Ink Tank", type: "ink_cartridge", color: "yellow", level: 1800, max: 3000, ratio: 0.6 },
        { index: "1.4", supply: "CANON Magenta Ink Tank", type: "ink_cartridge", color: "magenta", level: 2400, max: 3000, ratio: 0.8 },
        { index: "1.5", supply: "CANON Cyan Ink Tank", type: "ink_cartridge", color: "cyan", level: 2100, max: 3000, ratio: 0.7 },
        { index: "1.6", supply: "CANON Waste Ink Tank", type: "waste_ink", color: "", level: 6030, max: 6700, ratio: 0.9 },
      ],
      pages: {"1.1": 21588},
      errors: [],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "Multi-Purpose Tray", level: 0, max: 1 },
        { index: "1.2", input: "Roll Unit 1", level: -3, max: 200000000 },
      ],
      alerts: 0,
    },
    interfaces: { count: 2, some: [
      { ifindex: "1", name: "Canon NB-20GB 1.0", type: "ethernetCsmacd", speed: 1000000000 },
      { ifindex: "2", name: "Canon NB-20GB 1.0", type: "ethernetCsmacd", speed: 0 },
    ] },
    host: { cpus: {}, storageCount: 3, some: [
      { index: "1", storage: "FIRMROM", type: "other", size: 33554432 },
      { index: "2", storage: "RAM", type: "other", size: 268435456 },
      { index: "3", storage: "NVRAM", type: "other", size: 65536 },
    ] },
  },
  "fortigate_60f": {
    kind: 'firewall',
    system: { sysName: "<private>", sysDescr: "", sysObjectId: "1.3.6.1.4.1.12356.101.1.644", vendor: "Fortinet", model: "FGT_60F", uptimeSeconds: 2262905.48 },
    printer: {
      supplies: [],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 17, some: [
      { ifindex: "1", name: "wan1", type: "ethernetCsmacd", admin: 1, oper: 0, speed: 1000000000, rx: 25840414241, tx: 28469938645 },
      { ifindex: "18", name: "MGMT", type: "softwareLoopback", oper: 1 },
    ] },
    host: { cpus: {}, storageCount: 0, some: [] },
  },
  "fujifilmprinter_c7580": {
    kind: 'printer',
    system: { sysName: "", sysDescr: "FUJIFILM Apeos C7580", sysObjectId: "1.3.6.1.4.1.297.1.11.93.2.1.2.3.5", vendor: "FUJIFILM", model: "FUJIFILM Apeos C7580", uptimeSeconds: undefined },
    printer: {
      supplies: [
        { index: "1.2", supply: "Yellow Toner", type: "toner", color: "yellow", level: 25000, max: 25000, ratio: 1.0 },
        { index: "1.3", supply: "Magenta Toner", type: "toner", color: "magenta", level: 25000, max: 25000, ratio: 1.0 },
        { index: "1.4", supply: "Cyan Toner", type: "toner", color: "cyan", level: 25000, max: 25000, ratio: 1.0 },
        { index: "1.5", supply: "Waste Toner Container", type: "waste_toner", color: "", level: -3, max: -2 },
        { index: "1.6", supply: "Black Drum Cartridge", type: "opc", color: "black", level: 287100, max: 290000, ratio: 0.99 },
        { index: "1.7", supply: "Yellow Drum Cartridge", type: "opc", color: "yellow", level: 290000, max: 290000, ratio: 1.0 },
        { index: "1.8", supply: "Magenta Drum Cartridge", type: "opc", color: "magenta", level: 290000, max: 290000, ratio: 1.0 },
        { index: "1.9", supply: "Cyan Drum Cartridge", type: "opc", color: "cyan", level: 290000, max: 290000, ratio: 1.0 },
        { index: "1.30", supply: "Black Toner 1", type: "toner", color: "black", level: 23000, max: 23000, ratio: 1.0 },
        { index: "1.31", supply: "Black Toner 2", type: "toner", color: "black", level: 20700, max: 23000, ratio: 0.9 },
      ],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [
        { index: "1.1", input: "", level: 450, max: 600 },
        { index: "1.2", input: "", level: 450, max: 600 },
        { index: "1.3", input: "", level: 735, max: 980 },
        { index: "1.4", input: "", level: 710, max: 1420 },
        { index: "1.5", input: "", level: 0, max: 180 },
      ],
      alerts: 0,
    },
    interfaces: { count: 1, some: [
      { ifindex: "1", name: "Ethernet Controller", type: "iso88023Csmacd", admin: 1, oper: 1, speed: 1000000000, rx: 991248024, tx: 326237814 },
    ] },
    host: { cpus: {}, storageCount: 15, some: [
      { index: "1", storage: "RAM Memory", type: "ram", size: 4294967296, used: 2504478720 },
      { index: "2", storage: "Storage (//ide0a/)", type: "fixed_disk", size: 3778502656, used: 221265920 },
      { index: "18", storage: "Storage (//ide0z/)", type: "fixed_disk", size: 1442316288, used: 95895552 },
    ] },
  },
  "ios_stp-vlans": {
    kind: 'switch',
    system: { sysName: "<private>", sysDescr: "\"Cisco IOS Software, C2960S Software (C2960S-UNIVERSALK9-M), Version 15.2(2a)E1, RELEASE SOFTWARE (fc1)\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2014 by Cisco Systems, Inc.\r\nCompiled Wed 10-Dec-14 03:54 by prod_rel_team\"", sysObjectId: "1.3.6.1.4.1.9.1.1208", vendor: "Cisco", model: "Cisco IOS Software", uptimeSeconds: undefined },
    printer: {
      supplies: [],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 34, some: [
      { ifindex: "1", name: "Vl1", type: "propVirtual", admin: 1, oper: 1, speed: 1000000000, rx: 24480279065, tx: 5446397303 },
      { ifindex: "10601", name: "Gi2/0/1", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 100000000, rx: 29454094327689, tx: 382027162791508 },
      { ifindex: "14002", name: "Fa0", type: "ethernetCsmacd", admin: 0, oper: 0, speed: 100000000, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 0, some: [] },
  },
  "jetdirect": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "HP ETHERNET MULTI-ENVIRONMENT,SN:AAA0A00000,FN:1G11F33,SVCID:26267,PID:Purchasing Color Laser", sysObjectId: "1.3.6.1.4.1.11.2.3.9.1", vendor: "HP", model: "HP Color LaserJet M452nw", uptimeSeconds: 1854485.27 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Black Cartridge HP CF410A", type: "unknown", color: "black", level: 54, max: 100, ratio: 0.54 },
        { index: "1.2", supply: "Cyan Cartridge HP CF411A", type: "unknown", color: "cyan", level: 44, max: 100, ratio: 0.44 },
        { index: "1.3", supply: "Magenta Cartridge HP CF413A This description is longer than 32", type: "unknown", color: "magenta", level: 76, max: 100, ratio: 0.76 },
        { index: "1.4", supply: "Yellow Cartridge HP CF412A", type: "unknown", color: "yellow", level: 71, max: 100, ratio: 0.71 },
      ],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 4, some: [
      { ifindex: "1", name: "LOOPBACK", type: "softwareLoopback", admin: 1, oper: 1, speed: 0, rx: 916338860, tx: 916338860 },
      { ifindex: "2", name: "Ethernet", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 10000000, rx: 3137414559, tx: 167415490 },
      { ifindex: "4", name: "wifiUAP", type: "ethernetCsmacd", admin: 0, oper: 0, speed: 10000000, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 1, some: [
      { index: "1", storage: "Random Access Memory", type: "ram", size: 134217728, used: 50233787 },
    ] },
  },
  "jetdirect_m130nw": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "HP ETHERNET MULTI-ENVIRONMENT,SN:VNCRC48198,FN:4Q817L4,SVCID:31339,PID:HP LaserJet MFP M130nw", sysObjectId: "1.3.6.1.4.1.11.2.3.9.1", vendor: "HP", model: "HP LaserJet MFP M130nw", uptimeSeconds: 1399.39 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Black Cartridge HP CF217A", type: "toner", color: "black", level: 28, max: 100, ratio: 0.28 },
        { index: "1.5", supply: "Imaging Drum HP CF219A", type: "opc", color: "", level: 71, max: 100, ratio: 0.71 },
      ],
      pages: {"1.1": 15232},
      errors: [],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "Tray 1", level: -3, max: 150 },
      ],
      alerts: 0,
    },
    interfaces: { count: 4, some: [
      { ifindex: "1", name: "LOOPBACK", type: "softwareLoopback", admin: 1, oper: 1, speed: 0, rx: 610224356, tx: 610224356 },
      { ifindex: "4", name: "wifiUAP", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 10000000, rx: 0, tx: 137764 },
    ] },
    host: { cpus: {}, storageCount: 1, some: [
      { index: "1", storage: "Random Access Memory", type: "ram", size: 268435456, used: 97495183 },
    ] },
  },
  "jetdirect_m252dw": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "HP ETHERNET MULTI-ENVIRONMENT,SN:VNB3J99999,FN:1F31B6C,SVCID:99999,PID:HP Color LaserJet Pro M252dw", sysObjectId: "1.3.6.1.4.1.11.2.3.9.1", vendor: "HP", model: "HP Color LaserJet Pro M252dw", uptimeSeconds: 2203293.39 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Black Cartridge HP CF400X", type: "toner", color: "black", level: 63, max: 100, ratio: 0.63 },
        { index: "1.2", supply: "Cyan Cartridge HP CF401X", type: "toner", color: "cyan", level: 63, max: 100, ratio: 0.63 },
        { index: "1.3", supply: "Magenta Cartridge HP CF403X", type: "toner", color: "magenta", level: 88, max: 100, ratio: 0.88 },
        { index: "1.4", supply: "Yellow Cartridge HP CF402X", type: "toner", color: "yellow", level: 36, max: 100, ratio: 0.36 },
      ],
      pages: {},
      errors: [],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "Tray 1", level: -2, max: 1 },
        { index: "1.2", input: "Tray 2", level: -3, max: 150 },
      ],
      alerts: 0,
    },
    interfaces: { count: 4, some: [
      { ifindex: "1", name: "LOOPBACK", type: "softwareLoopback", admin: 1, oper: 1, speed: 0, rx: 672885167, tx: 672885167 },
      { ifindex: "2", name: "Ethernet", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 10000000, rx: 2522647815, tx: 201356576 },
      { ifindex: "4", name: "wifiUAP", type: "ethernetCsmacd", admin: 0, oper: 0, speed: 10000000, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 1, some: [
      { index: "1", storage: "Random Access Memory", type: "ram", size: 268435456, used: 59902715 },
    ] },
  },
  "jetdirect_m880": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD149,EEPROM JDI99999999,CIDATE 05/28/2018", sysObjectId: "1.3.6.1.4.1.11.2.3.9.1", vendor: "HP", model: "HP Color LaserJet flow MFP M880", uptimeSeconds: 528609.63 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Black Cartridge", type: "toner_cartridge", color: "black", level: 92, max: 100, ratio: 0.92 },
        { index: "1.2", supply: "Cyan Cartridge 8", type: "toner_cartridge", color: "cyan", level: 16, max: 100, ratio: 0.16 },
        { index: "1.3", supply: "Magenta Cartridg", type: "toner_cartridge", color: "magenta", level: 100, max: 100, ratio: 1.0 },
        { index: "1.4", supply: "Yellow Cartridge", type: "toner_cartridge", color: "yellow", level: 70, max: 100, ratio: 0.7 },
        { index: "1.5", supply: "Black Drum 828A", type: "opc", color: "black", level: 53, max: 100, ratio: 0.53 },
        { index: "1.6", supply: "Cyan Drum 828A H", type: "opc", color: "cyan", level: 58, max: 100, ratio: 0.58 },
        { index: "1.7", supply: "Magenta Drum 828", type: "opc", color: "magenta", level: 58, max: 100, ratio: 0.58 },
        { index: "1.8", supply: "Yellow Drum 828A", type: "opc", color: "yellow", level: 58, max: 100, ratio: 0.58 },
        { index: "1.9", supply: "Transfer Kit HP", type: "transfer_unit", color: "", level: 89, max: 100, ratio: 0.89 },
        { index: "1.10", supply: "Fuser Kit HP 110", type: "fuser", color: "", level: 84, max: 100, ratio: 0.84 },
        { index: "1.11", supply: "Document Feeder", type: "other", color: "", level: 99, max: 100, ratio: 0.99 },
        { index: "1.12", supply: "Clean Rollers HP", type: "other", color: "", level: 97, max: 100, ratio: 0.97 },
        { index: "1.13", supply: "Stapler 1 HP C80", type: "staples", color: "", level: -3, max: -2 },
        { index: "1.14", supply: "Stapler 2 HP CC3", type: "staples", color: "", level: -3, max: -2 },
        { index: "1.15", supply: "Stapler 3 HP CC3", type: "staples", color: "", level: -3, max: -2 },
      ],
      pages: {},
      errors: [],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "Tray 1", level: 0, max: 100 },
        { index: "1.2", input: "Tray 2", level: 200, max: 500 },
        { index: "1.3", input: "Tray 3", level: 300, max: 1500 },
        { index: "1.5", input: "Tray 4", level: 400, max: 2000 },
      ],
      alerts: 0,
    },
    interfaces: { count: 2, some: [
      { ifindex: "1", name: "HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD149,EEPROM JDI99999999", type: "softwareLoopback", admin: 1, oper: 1, speed: 0, rx: 0, tx: 0 },
      { ifindex: "2", name: "HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD149,EEPROM JDI99999999", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 3891030065, tx: 127908410 },
    ] },
    host: { cpus: {}, storageCount: 0, some: [] },
  },
  "junos_qfx5130-32cd-evo": {
    kind: 'switch',
    system: { sysName: "<private>", sysDescr: "Juniper Networks, Inc. qfx5130-32cd , kernel JUNOS 22.2R3-S1.3-EVO, Copyright (c) 1996-2023 Juniper Networks, Inc.", sysObjectId: "1.3.6.1.4.1.2636.1.1.1.4.82.28", vendor: "Juniper", model: "QFX5130-32CD", uptimeSeconds: 3728.95 },
    printer: {
      supplies: [],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 77, some: [
      { ifindex: "4", name: "lsi", type: "mplsTunnel", admin: 1, oper: 1, rx: 0, tx: 0 },
      { ifindex: "193", name: "re0:mgmt-0", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 6758417, tx: 1627626 },
      { ifindex: "573", name: "et-0/0/33.16386", type: "propVirtual", admin: 1, oper: 0, speed: 10000000000, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 30, some: [
      { index: "1", storage: "re0:devtmpfs, mounted on /dev", type: "ram", size: 16521342976, used: 0 },
      { index: "2", storage: "re0:/tmp, mounted on /tmp", type: "ram", size: 16544509952, used: 57344 },
      { index: "30", storage: "re0:/dev/sda7, mounted on /var", type: "fixed_disk", size: 33304023040, used: 1547874304 },
    ] },
  },
  "konica": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "KONICA MINOLTA bizhub C3110", sysObjectId: "1.3.6.1.4.1.18334.1.1.1.2.1.117.2.2", vendor: "Konica Minolta", model: "KONICA MINOLTA bizhub C3110", uptimeSeconds: 1736646.43 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Toner (Cyan)", type: "unknown", color: "cyan", level: 29, max: 100, ratio: 0.29 },
        { index: "1.2", supply: "Toner (Magenta)", type: "unknown", color: "magenta", level: 31, max: 100, ratio: 0.31 },
        { index: "1.3", supply: "Toner (Yellow)", type: "unknown", color: "yellow", level: 58, max: 100, ratio: 0.58 },
        { index: "1.4", supply: "Toner (Black)", type: "unknown", color: "black", level: 83, max: 100, ratio: 0.83 },
        { index: "1.5", supply: "Drum Cartridge (Cyan)", type: "unknown", color: "cyan", level: 59, max: 100, ratio: 0.59 },
        { index: "1.6", supply: "Developer Cartridge (Cyan)", type: "unknown", color: "cyan", level: 79, max: 100, ratio: 0.79 },
        { index: "1.7", supply: "Drum Cartridge (Magenta)", type: "unknown", color: "magenta", level: 97, max: 100, ratio: 0.97 },
        { index: "1.8", supply: "Developer Cartridge (Magenta)", type: "unknown", color: "magenta", level: 78, max: 100, ratio: 0.78 },
        { index: "1.9", supply: "Drum Cartridge (Yellow)", type: "unknown", color: "yellow", level: 59, max: 100, ratio: 0.59 },
        { index: "1.10", supply: "Developer Cartridge (Yellow)", type: "unknown", color: "yellow", level: 78, max: 100, ratio: 0.78 },
        { index: "1.11", supply: "Drum Cartridge (Black)", type: "unknown", color: "black", level: 20, max: 100, ratio: 0.2 },
        { index: "1.12", supply: "Developer Cartridge (Black)", type: "unknown", color: "black", level: 71, max: 100, ratio: 0.71 },
        { index: "1.13", supply: "Waste Toner Box", type: "unknown", color: "", level: -3, max: -2 },
        { index: "1.14", supply: "Fusing Unit", type: "unknown", color: "", level: 68, max: 100, ratio: 0.68 },
        { index: "1.15", supply: "Image Transfer Belt Unit", type: "unknown", color: "", level: 41, max: 100, ratio: 0.41 },
        { index: "1.16", supply: "Transfer Roller Unit", type: "unknown", color: "", level: 45, max: 100, ratio: 0.45 },
        { index: "1.17", supply: "Ozone Filter", type: "unknown", color: "", level: 45, max: 100, ratio: 0.45 },
      ],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 2, some: [
      { ifindex: "1", name: "Ethernet 10/100/1000 Base-T", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 4294967295, tx: 216968618 },
      { ifindex: "2", name: "Software Loopback", type: "softwareLoopback", admin: 1, oper: 1, speed: 0, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 3, some: [
      { index: "1", storage: "RAM", type: "ram", size: 2415919104, used: 1898971136 },
      { index: "2", storage: "HDD", type: "fixed_disk", size: 250028752896, used: 70976012288 },
      { index: "3", storage: "NVRAM", type: "flash_memory", size: 2097152, used: 2097152 },
    ] },
  },
  "konica_c250i": {
    kind: 'printer',
    system: { sysName: "", sysDescr: "KONICA MINOLTA bizhub C250i", sysObjectId: "1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4", vendor: "Konica Minolta", model: "KONICA MINOLTA bizhub C250i", uptimeSeconds: undefined },
    printer: {
      supplies: [
        { index: "1.1", supply: "Toner (Cyan)", type: "toner", color: "cyan", level: 76, max: 100, ratio: 0.76 },
        { index: "1.2", supply: "Toner (Magenta)", type: "toner", color: "magenta", level: 78, max: 100, ratio: 0.78 },
        { index: "1.3", supply: "Toner (Yellow)", type: "toner", color: "yellow", level: 77, max: 100, ratio: 0.77 },
        { index: "1.4", supply: "Toner (Black)", type: "toner", color: "black", level: 86, max: 100, ratio: 0.86 },
        { index: "1.13", supply: "Waste Toner Box", type: "waste_toner", color: "", level: -3, max: -2 },
      ],
      pages: {"1.1": 33810},
      errors: ["service_requested"],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "", level: 500, max: 500 },
        { index: "1.2", input: "", level: 500, max: 500 },
        { index: "1.7", input: "", level: 0, max: 150 },
      ],
      alerts: 0,
    },
    interfaces: { count: 2, some: [
      { ifindex: "1", name: "Ethernet 10/100/1000 Base-T", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 22655091, tx: 11836739 },
      { ifindex: "2", name: "Software Loopback", type: "softwareLoopback", admin: 1, oper: 1, speed: 0, rx: 51388622, tx: 51388622 },
    ] },
    host: { cpus: {}, storageCount: 4, some: [
      { index: "1", storage: "RAM", type: "ram", size: 8589934592, used: 8127512576 },
      { index: "2", storage: "SSD", type: "fixed_disk", size: 253653680128, used: 116301758464 },
      { index: "4", storage: "eMMC", type: "other", size: 4294967296, used: 4294967296 },
    ] },
  },
  "okilan_9450g": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "OKI OkiLAN 9450g Rev.00.69 10/100/1000BASE Ethernet PrintServer: Attached to MC873 Rev.07.87 : Copyright (c) 2015 Oki Data Corporation. All rights reserved.", sysObjectId: "1.3.6.1.4.1.2001.1.1.1.1", vendor: "OKI", model: "OKI OkiLAN 9450g Rev.00.69 10/100/1000BASE Ethernet PrintServer", uptimeSeconds: 530361.18 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Black Toner Cartridge OKI DATA CORP", type: "toner", color: "black", level: 59, max: 100, ratio: 0.59 },
        { index: "1.2", supply: "Cyan Toner Cartridge OKI DATA CORP", type: "toner", color: "cyan", level: 69, max: 100, ratio: 0.69 },
        { index: "1.3", supply: "Magenta Toner Cartridge OKI DATA CORP", type: "toner", color: "magenta", level: 69, max: 100, ratio: 0.69 },
        { index: "1.4", supply: "Yellow Toner Cartridge OKI DATA CORP", type: "toner", color: "yellow", level: 69, max: 100, ratio: 0.69 },
        { index: "1.5", supply: "Black Image Drum Unit OKI DATA CORP", type: "opc", color: "black", level: 28407, max: 30000, ratio: 0.9469 },
        { index: "1.6", supply: "Cyan Image Drum Unit OKI DATA CORP", type: "opc", color: "cyan", level: 28771, max: 30000, ratio: 0.9590333333333333 },
        { index: "1.7", supply: "Magenta Image Drum Unit OKI DATA CORP", type: "opc", color: "magenta", level: 28771, max: 30000, ratio: 0.9590333333333333 },
        { index: "1.8", supply: "Yellow Image Drum Unit OKI DATA CORP", type: "opc", color: "yellow", level: 28771, max: 30000, ratio: 0.9590333333333333 },
        { index: "1.9", supply: "Belt Unit OKI DATA CORP", type: "transfer_unit", color: "", level: 78392, max: 80000, ratio: 0.9799 },
        { index: "1.10", supply: "Fuser Unit OKI DATA CORP", type: "fuser", color: "", level: 98842, max: 100000, ratio: 0.98842 },
      ],
      pages: {},
      errors: [],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "TRAY1", level: -3, max: 300 },
        { index: "1.2", input: "MPTRAY", level: -3, max: 100 },
        { index: "1.3", input: "TRAY2", level: -3, max: 530 },
      ],
      alerts: 0,
    },
    interfaces: { count: 1, some: [
      { ifindex: "1", name: "Ethernet", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 51338754, tx: 8018824 },
    ] },
    host: { cpus: {}, storageCount: 0, some: [] },
  },
  "panos": {
    kind: 'firewall',
    system: { sysName: "<private>", sysDescr: "Palo Alto Networks PA-3000 series firewall", sysObjectId: "1.3.6.1.4.1.25461", vendor: "Palo Alto Networks", model: "PA-VM", uptimeSeconds: 1957825.43 },
    printer: {
      supplies: [],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 25, some: [
      { ifindex: "1", name: "ha1", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 10000000000, rx: 20216031613, tx: 8152240294 },
      { ifindex: "400000001", name: "tunnel.1", type: "tunnel", admin: 1, oper: 1, rx: 0, tx: 0 },
    ] },
    host: { cpus: {"1": 0.02, "2": 0.0}, storageCount: 8, some: [
      { index: "1010", storage: "Slot-1 Data Processor-0 Packet Descriptors", type: "other", size: 10592768, used: 12544 },
      { index: "1011", storage: "Slot-1 Data Processor-0 Hardware Packet Buffers", type: "other", size: 7895424, used: 9216 },
      { index: "1042", storage: "Slot-1 Management Root Partition", type: "fixed_disk", size: 7456874496, used: 3548856320 },
    ] },
  },
  "pfsense": {
    kind: 'firewall',
    system: { sysName: "<private>", sysDescr: "pfSense 2.3.2-RELEASE pfSense FreeBSD 10.3-RELEASE-p5 amd64", sysObjectId: "1.3.6.1.4.1.12325.1.1.2.1.1", vendor: "FreeBSD", model: "pfSense 2.3.2-RELEASE pfSense FreeBSD 10.3-RELEASE-p5 amd64", uptimeSeconds: 5927571.66 },
    printer: {
      supplies: [],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 7, some: [
      { ifindex: "1", name: "em0", type: "ethernetCsmacd", admin: 0, oper: 0, speed: 1000000000, rx: 0, tx: 0 },
      { ifindex: "2", name: "em1", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 1252637958, tx: 3522348131 },
      { ifindex: "7", name: "pfsync0", type: "ilan", admin: 0, oper: 0 },
    ] },
    host: { cpus: {"131": 0.0, "135": 0.0}, storageCount: 323, some: [
      { index: "1", storage: "Real Memory Metrics", type: "ram", size: 241799168, used: 236658688 },
      { index: "2", storage: "Shared Real Memory Metrics", type: "ram", size: 16392192, used: 11407360 },
      { index: "593", storage: "MALLOC: cpuctl", type: "ram", size: 0, used: 1 },
    ] },
  },
  "ricoh_mpc3002": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "RICOH Aficio MP C3002 2.20 / RICOH Network Printer C model / RICOH Network Scanner C model / RICOH Network Facsimile C model", sysObjectId: "1.3.6.1.4.1.367.1.1", vendor: "Ricoh", model: "RICOH Aficio MP C3002", uptimeSeconds: 901175.0 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Black Toner", type: "toner", color: "black", level: 40, max: 100, ratio: 0.4 },
        { index: "1.2", supply: "Waste Toner", type: "waste_toner", color: "", level: 100, max: 100, ratio: 1.0 },
        { index: "1.3", supply: "Cyan Toner", type: "toner", color: "cyan", level: 20, max: 100, ratio: 0.2 },
        { index: "1.4", supply: "Magenta Toner", type: "toner", color: "magenta", level: 50, max: 100, ratio: 0.5 },
        { index: "1.5", supply: "Yellow Toner", type: "toner", color: "yellow", level: 50, max: 100, ratio: 0.5 },
      ],
      pages: {"1.1": 271871},
      errors: [],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "Tray 1", level: 55, max: 550 },
        { index: "1.2", input: "Tray 2", level: 55, max: 550 },
        { index: "1.3", input: "Tray 3", level: 55, max: 550 },
        { index: "1.4", input: "Tray 4", level: 0, max: 550 },
        { index: "1.5", input: "Bypass Tray", level: 0, max: 100 },
      ],
      alerts: 0,
    },
    interfaces: { count: 3, some: [
      { ifindex: "1", name: "ncmac0", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 100000000, rx: 171355476, tx: 82670337 },
      { ifindex: "3", name: "ppp0", type: "other", admin: 0, oper: 0, speed: 0, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 2, some: [
      { index: "1", storage: "RAM", type: "ram", size: 1610612736, used: 1610612736 },
      { index: "2", storage: "FLASH", type: "other", size: 134217728, used: 134217728 },
    ] },
  },
  "routeros_rb5009upr+s+": {
    kind: 'router',
    system: { sysName: "", sysDescr: "RouterOS RB5009UPr+S+", sysObjectId: "1.3.6.1.4.1.14988.1", vendor: "MikroTik", model: "RouterOS RB5009UPr+S+", uptimeSeconds: undefined },
    printer: {
      supplies: [],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 13, some: [
      { ifindex: "1", name: "lo", type: "other", admin: 1, oper: 1, rx: 1176, tx: 1176 },
      { ifindex: "9", name: "ether8", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 662475595478, tx: 43669555214 },
      { ifindex: "14", name: "Tunnel", type: "tunnel", admin: 1, oper: 1, rx: 599963691616, tx: 32111322958 },
    ] },
    host: { cpus: {"1": 0.07, "2": 0.05, "3": 0.04, "4": 0.07}, storageCount: 0, some: [] },
  },
  "routeros_rb750gr3": {
    kind: 'router',
    system: { sysName: "<private>", sysDescr: "RouterOS RB750Gr3", sysObjectId: "1.3.6.1.4.1.14988.1", vendor: "MikroTik", model: "RouterOS RB750Gr3", uptimeSeconds: 4304.0 },
    printer: {
      supplies: [],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 14, some: [
      { ifindex: "1", name: "lo", type: "other", admin: 1, oper: 1, rx: 6927, tx: 6927 },
      { ifindex: "2", name: "wan: STCable (eth1)", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 1493725213, tx: 192615325 },
      { ifindex: "14", name: "Vlan255", type: "l2vlan", admin: 1, oper: 1, rx: 4276707, tx: 2043381 },
    ] },
    host: { cpus: {"1": 0.05, "2": 0.05, "3": 0.07, "4": 0.07}, storageCount: 3, some: [
      { index: "65536", storage: "main memory", type: "ram", size: 268435456, used: 64618496 },
      { index: "131072", storage: "system disk", type: "fixed_disk", size: 16777216, used: 11464704 },
      { index: "262145", storage: "disk: tmpfs", type: "virtual_memory", size: 1024000, used: 0 },
    ] },
  },
  "sharp": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "SHARP MX-3570N", sysObjectId: "1.3.6.1.4.1.2385.3.1.112.1.2", vendor: "Sharp", model: "SHARP MX-3570N", uptimeSeconds: 7244250.94 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Cyan Toner", type: "toner", color: "cyan", level: 55, max: 100, ratio: 0.55 },
        { index: "1.2", supply: "Magenta Toner", type: "toner", color: "magenta", level: 19, max: 100, ratio: 0.19 },
        { index: "1.3", supply: "Yellow Toner", type: "toner", color: "yellow", level: 40, max: 100, ratio: 0.4 },
        { index: "1.4", supply: "Black Toner", type: "toner", color: "black", level: 34, max: 100, ratio: 0.34 },
        { index: "1.5", supply: "Waste Toner", type: "waste_toner", color: "", level: 100, max: -2 },
        { index: "1.6", supply: "Cyan Photoconductive Drum", type: "opc", color: "cyan", level: 81, max: 100, ratio: 0.81 },
        { index: "1.7", supply: "Magenta Photoconductive Drum", type: "opc", color: "magenta", level: 81, max: 100, ratio: 0.81 },
        { index: "1.8", supply: "Yellow Photoconductive Drum", type: "opc", color: "yellow", level: 81, max: 100, ratio: 0.81 },
        { index: "1.9", supply: "Black Photoconductive Drum", type: "opc", color: "black", level: 95, max: 100, ratio: 0.95 },
        { index: "1.10", supply: "Cyan Developer", type: "developer", color: "cyan", level: 91, max: 100, ratio: 0.91 },
        { index: "1.11", supply: "Magenta Developer", type: "developer", color: "magenta", level: 91, max: 100, ratio: 0.91 },
        { index: "1.12", supply: "Yellow Developer", type: "developer", color: "yellow", level: 91, max: 100, ratio: 0.91 },
        { index: "1.13", supply: "Black Developer", type: "developer", color: "black", level: 74, max: 100, ratio: 0.74 },
        { index: "1.14", supply: "Fusing Unit", type: "fuser", color: "", level: -2, max: -2 },
      ],
      pages: {"1.1": 121104},
      errors: ["low_toner"],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "Bypass Tray", level: 0, max: 100 },
        { index: "1.2", input: "Tray 1", level: 181, max: 550 },
        { index: "1.3", input: "Tray 2", level: 181, max: 550 },
        { index: "1.4", input: "Tray 3", level: 181, max: 550 },
        { index: "1.5", input: "Tray 4", level: 368, max: 550 },
        { index: "1.31", input: "Auto Select", level: -2, max: -2 },
      ],
      alerts: 0,
    },
    interfaces: { count: 2, some: [
      { ifindex: "1", name: "eth0", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 1240426582, tx: 236213487 },
      { ifindex: "2", name: "lo", type: "softwareLoopback", admin: 1, oper: 1, speed: 0, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 1, some: [
      { index: "1", storage: "Allocated memory for Printer", type: "ram", size: 4194304, used: 4194304 },
    ] },
  },
  "sharp_mxm266nv": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "SHARP MX-M266NV", sysObjectId: "1.3.6.1.4.1.2385.3.1.111.1.26", vendor: "Sharp", model: "SHARP MX-M266NV", uptimeSeconds: 251628.78 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Black Toner", type: "toner", color: "black", level: 75, max: 100, ratio: 0.75 },
        { index: "1.2", supply: "Waste Toner", type: "waste_toner", color: "", level: 100, max: -2 },
        { index: "1.3", supply: "Black Photoconductive Drum", type: "opc", color: "black", level: 9, max: -2 },
        { index: "1.4", supply: "Black Developer", type: "developer", color: "black", level: 9, max: -2 },
        { index: "1.5", supply: "Fusing Unit", type: "fuser", color: "", level: -2, max: -2 },
      ],
      pages: {"1.1": 90474},
      errors: [],
      status: 'absent',
      inputs: [
        { index: "1.1", input: "Bypass Tray", level: 0, max: 100 },
        { index: "1.2", input: "Tray 1", level: -3, max: 500 },
        { index: "1.3", input: "Tray 2", level: 0, max: 500 },
        { index: "1.4", input: "Auto Select", level: -2, max: -2 },
      ],
      alerts: 0,
    },
    interfaces: { count: 1, some: [
      { ifindex: "1", name: "Ethernet", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 47862628, tx: 4150193 },
    ] },
    host: { cpus: {}, storageCount: 1, some: [
      { index: "1", storage: "Allocated memory for Printer", type: "ram", size: 0, used: 0 },
    ] },
  },
  "tplink_sg2008": {
    kind: 'switch',
    system: { sysName: "<private>", sysDescr: "8-Port Gigabit Smart Switch", sysObjectId: "1.3.6.1.4.1.11863.1.1.25", vendor: "TP-Link", model: "8-Port Gigabit Smart Switch", uptimeSeconds: undefined },
    printer: {
      supplies: [],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 11, some: [
      { ifindex: "1", name: "port 1: Gigabit Copper", type: "ethernetCsmacd", admin: 1, oper: 1, speed: 1000000000, rx: 3494126654709, tx: 3259171769649 },
      { ifindex: "52802", name: "Vlan-interface99", type: "ethernetCsmacd", admin: 1, oper: 1, rx: 0, tx: 0 },
    ] },
    host: { cpus: {}, storageCount: 0, some: [] },
  },
  "xerox": {
    kind: 'printer',
    system: { sysName: "<private>", sysDescr: "Xerox AltaLink C8045; SS 100.002.057.09608, NC 100.002.09608, UI 100.002.09608, ME 063.022.000, CC 100.002.09608, DF 007.019.000, FI ------, FA 003.012.013, CCOS 100.007.09608, NCOS 100.007.09608, SC 013.014.002, SU 100.002.09608", sysObjectId: "1.3.6.1.4.1.253.8.62.1.35.2.3.1.1", vendor: "Xerox", model: "Xerox AltaLink C8045", uptimeSeconds: 42804.23 },
    printer: {
      supplies: [
        { index: "1.1", supply: "Black Toner, PN 006R01509;SN48178080E0000481", type: "unknown", color: "black", level: 1060, max: 5300, ratio: 0.2 },
        { index: "1.2", supply: "Cyan Toner, PN 006R01512;SN461E7A80E0000489", type: "unknown", color: "cyan", level: 1980, max: 3000, ratio: 0.66 },
        { index: "1.3", supply: "Magenta Toner, PN 006R01511;SN45304780E0000489", type: "unknown", color: "magenta", level: 2160, max: 3000, ratio: 0.72 },
        { index: "1.4", supply: "Yellow Toner, PN 006R01510;SN4E0B8980E000048A", type: "unknown", color: "yellow", level: 1830, max: 3050, ratio: 0.6 },
        { index: "1.5", supply: "Drum Cartridge (R1), PN 013R00662;SN5238EF80E000048E", type: "unknown", color: "", level: 50, max: 100, ratio: 0.5 },
        { index: "1.6", supply: "Drum Cartridge (R2), PN 013R00662;SN52100780E000048E", type: "unknown", color: "", level: 92, max: 100, ratio: 0.92 },
        { index: "1.7", supply: "Drum Cartridge (R3), PN 013R00662;SN52374F80E000048E", type: "unknown", color: "", level: 93, max: 100, ratio: 0.93 },
        { index: "1.8", supply: "Drum Cartridge (R4), PN 013R00662;SN5234E480E000048E", type: "unknown", color: "", level: 93, max: 100, ratio: 0.93 },
        { index: "1.9", supply: "Fuser, PN unknown;SNunknown", type: "unknown", color: "", level: 90, max: 100, ratio: 0.9 },
        { index: "1.10", supply: "Waste Toner Container, PN 008R13061;SNunknown", type: "unknown", color: "", level: 5, max: 100, ratio: 0.05 },
        { index: "1.11", supply: "Transfer Belt Cleaner, PN 001R00613;SNunknown", type: "unknown", color: "", level: 65, max: 100, ratio: 0.65 },
        { index: "1.12", supply: "Second Bias Transfer Roll, PN 008R13064;SNunknown", type: "unknown", color: "", level: 86, max: 100, ratio: 0.86 },
      ],
      pages: {},
      errors: "absent",
      status: 'absent',
      inputs: [],
      alerts: 0,
    },
    interfaces: { count: 0, some: [] },
    host: { cpus: {}, storageCount: 0, some: [] },
  },
};
