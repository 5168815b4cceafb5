/** Builds TableSpecs from the named MIB tables, so module files list columns by MIB name. */
import type { MibTable } from '../../../../mibs/oids';
import type { TableSpec } from './types';

export function tableSpec<C extends Record<string, number>>(table: MibTable<C>, columns: readonly (keyof C)[], opts: { firstRowOnly?: boolean } = {}): TableSpec {
  const numbers = columns.map((c) => table.columns[c]).sort((a, b) => a - b);
  const spec: TableSpec = { name: table.name, entry: table.entry, columns: numbers };
  if (opts.firstRowOnly) spec.firstRowOnly = true;
  return spec;
}
