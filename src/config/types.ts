/** One problem found in a config file: file, position, YAML path (e.g. `devices[3].snmp.version`), what is wrong. */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
  /** 1-based, where the problem is in the file (absent when it is about the whole file). */
  line?: number;
  column?: number;
}

/** A problem found after the schema, located by its YAML path only (load.ts adds the file and line). */
export type PathProblem = Omit<ConfigProblem, 'file' | 'line' | 'column'>;

/** One line: `file:line:column: path: message` (the position when known), the form compilers use. */
export function formatProblem(p: ConfigProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  return `${where}: ${p.path}: ${p.message}`;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}
