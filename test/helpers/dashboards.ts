/**
 * The shipped Grafana dashboards as data for tests: panels (rows' nested panels included),
 * variables, and every PromQL expression with where it came from.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DASHBOARD_DIR = path.resolve(__dirname, '../../dashboards');

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function arrayOf(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export interface Dashboard {
  file: string;
  json: Json;
  panels: Json[];
  variables: Json[];
}

export interface Expr {
  /** Where it came from, for messages: file, panel id/title, target ref. */
  where: string;
  expr: string;
}

/** Panels including those nested in collapsed rows. */
function allPanels(list: unknown): Json[] {
  return arrayOf(list).flatMap((p) => [p, ...allPanels(p.panels)]);
}

export function loadDashboards(): Dashboard[] {
  return fs
    .readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed: unknown = JSON.parse(fs.readFileSync(path.join(DASHBOARD_DIR, file), 'utf8'));
      if (!isObject(parsed)) throw new Error(`${file}: not a JSON object`);
      const templating = isObject(parsed.templating) ? parsed.templating : {};
      return { file, json: parsed, panels: allPanels(parsed.panels), variables: arrayOf(templating.list) };
    });
}

/** The PromQL of a query variable: `label_values(<selector>, label)` yields its selector. */
export function variableQuery(v: Json): string {
  return isObject(v.query) ? str(v.query.query) : str(v.query) || str(v.definition);
}

export function labelValuesSelector(query: string): string | undefined {
  const m = /^\s*label_values\(\s*(.+?)\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$/.exec(query);
  return m ? m[1] : undefined;
}

export function expressions(d: Dashboard): Expr[] {
  const out: Expr[] = [];
  for (const p of d.panels) {
    for (const t of arrayOf(p.targets)) {
      const expr = str(t.expr);
      if (expr) out.push({ where: `${d.file} panel ${String(p.id)} "${str(p.title)}" ${str(t.refId)}`, expr });
    }
  }
  for (const v of d.variables) {
    if (v.type !== 'query') continue;
    const selector = labelValuesSelector(variableQuery(v));
    if (selector) out.push({ where: `${d.file} variable $${str(v.name)}`, expr: selector });
  }
  return out;
}

/** Grafana variables → values promtool accepts: intervals become 5m, template variables a regex. */
export function substituteVariables(expr: string): string {
  return expr
    .replace(/\$\{?__(?:rate_interval|interval|range)\}?/g, '5m')
    .replace(/\$\{([a-zA-Z_][a-zA-Z0-9_]*)(?::[a-z]+)?\}|\$([a-zA-Z_][a-zA-Z0-9_]*)/g, '.*');
}

export function variablesUsed(expr: string): string[] {
  return [...expr.matchAll(/\$\{?([a-zA-Z_][a-zA-Z0-9_]*)/g)].map((m) => m[1]);
}

