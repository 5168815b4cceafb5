/**
 * The agents of bench/snmp-agents.ts for jest: a describe that runs when the binary is installed,
 * and always under CI=true, where a missing binary then fails the tests instead of skipping them.
 */
import { haveBinary } from '../../bench/snmp-agents';

export * from '../../bench/snmp-agents';

export function describeIfBinary(file: string, pkg: string): jest.Describe {
  if (haveBinary(file) || process.env.CI === 'true') return describe;
  // eslint-disable-next-line no-console
  console.warn(`skipping: ${file} not installed (Debian package ${pkg}); under CI=true this fails instead`);
  return describe.skip;
}
