/**
 * The configuration of a MikroTik read over the API, as text that diffs well: the main menus in
 * `/export terse` style (a menu line, then one `add …` line per item). Data, then one pure
 * renderer. Only configuration is written: counters, run-time state and dynamic items (DHCP
 * addresses, connected routes, PPP sessions) would make a new version on every fetch.
 *
 * Menus whose items can carry credentials (interfaces, users) list the properties to keep, so a
 * password or private key is never even read into the text; the rest list what to drop.
 */
import type { Row } from './client';

export interface ExportMenu {
  /** The menu as written in the export: "/ip address". */
  title: string;
  /** The API command that lists it. */
  command: string;
  /** Extra words for the command: queries that keep large run-time tables (routes) on the device. */
  words?: string[];
  /** `set` for single-item menus (identity), else `add`. */
  verb: 'set' | 'add';
  /** Properties to keep, in this order; absent = every property but `drop`. */
  keep?: readonly string[];
  drop?: readonly string[];
}

/** Properties that are never configuration, in any menu. */
const ALWAYS_DROP = new Set(['.id', '.nextid', '.dead', 'dynamic', 'invalid', 'running', 'active', 'inactive', 'bytes', 'packets']);

export const EXPORT_MENUS: readonly ExportMenu[] = [
  { title: '/system identity', command: '/system/identity/print', verb: 'set', keep: ['name'] },
  { title: '/interface', command: '/interface/print', verb: 'add', keep: ['name', 'type', 'mtu', 'disabled', 'comment'] },
  { title: '/ip address', command: '/ip/address/print', verb: 'add', keep: ['address', 'network', 'interface', 'disabled', 'comment'] },
  {
    title: '/ip route',
    command: '/ip/route/print',
    // A full BGP table is hundreds of thousands of dynamic routes: filtered on the device.
    words: ['?dynamic=false'],
    verb: 'add',
    keep: ['dst-address', 'gateway', 'distance', 'scope', 'target-scope', 'routing-table', 'routing-mark', 'pref-src', 'check-gateway', 'blackhole', 'type', 'vrf-interface', 'disabled', 'comment'],
  },
  { title: '/ip firewall filter', command: '/ip/firewall/filter/print', verb: 'add', drop: ['log-prefix-counter'] },
  { title: '/ip firewall nat', command: '/ip/firewall/nat/print', verb: 'add', drop: [] },
  // Never the password: RouterOS does not return it, and the list would not keep it if it did.
  { title: '/user', command: '/user/print', verb: 'add', keep: ['name', 'group', 'address', 'disabled', 'comment'] },
];

/** A value as the export writes it: bare when it can be, else quoted with \ and " escaped. */
export function exportValue(value: string): string {
  if (value === 'true') return 'yes';
  if (value === 'false') return 'no';
  if (value !== '' && /^[A-Za-z0-9_.:/,*+@!-]+$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

function itemLine(menu: ExportMenu, row: Row): string | undefined {
  if (row['dynamic'] === 'true') return undefined;
  const props = menu.keep
    ? menu.keep.filter((k) => row[k] !== undefined).map((k) => [k, row[k]!] as const)
    : Object.entries(row).filter(([k]) => !ALWAYS_DROP.has(k) && !(menu.drop ?? []).includes(k));
  const parts = props.filter(([k, v]) => !(k === 'disabled' && v === 'false')).map(([k, v]) => `${k}=${exportValue(v)}`);
  return parts.length === 0 ? undefined : `${menu.verb} ${parts.join(' ')}`;
}

/** Pure: the rows of each menu (same order as EXPORT_MENUS; undefined = menu absent on this device) → export text. */
export function renderExport(rowsByMenu: ReadonlyArray<Row[] | undefined>, menus: readonly ExportMenu[] = EXPORT_MENUS): string {
  const lines: string[] = ['# RouterOS configuration read over the API (quarkpulse, profile routeros_api)'];
  menus.forEach((menu, i) => {
    const rows = rowsByMenu[i];
    if (rows === undefined) return;
    lines.push(menu.title);
    for (const row of rows) {
      const line = itemLine(menu, row);
      if (line) lines.push(line);
    }
  });
  return `${lines.join('\n')}\n`;
}
