/** One problem found in a config file: file, YAML path (e.g. `devices[3].snmp.version`), what is wrong. */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
}

/** A problem found after the schema, located by its YAML path only (load.ts adds the file and line). */
export type PathProblem = Omit<ConfigProblem, 'file'>;

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}
