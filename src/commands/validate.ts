import { loadConfig } from '../inventory/load';

/** `quarkpulse validate`: exit 0 with a summary, or (via ConfigError) exit 2 with one line per problem. */
export async function runValidate(opts: { config: string }): Promise<number> {
  const config = await loadConfig(opts.config);
  const byKind = new Map<string, number>();
  for (const d of config.devices) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([k, n]) => `${n} ${k}`).join(', ');
  const clients = new Set(config.devices.map((d) => d.client)).size;
  process.stdout.write(`${opts.config}: ok: ${config.devices.length} devices${kinds ? ` (${kinds})` : ''}, ${clients} clients\n`);
  return 0;
}
