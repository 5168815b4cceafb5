/**
 * What a simulated RouterOS device answers: a JSON file per device (config/lab/routeros/<device>.json)
 * with the rows each print command returns, as the device prints them (every value a string).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export type RouterosRow = Readonly<Record<string, string>>;

const fixtureSchema = z.strictObject({
  /** Who this is, for logs ("RB4011iGS+ (lab-router)"). */
  device: z.string().min(1),
  /** "7.20.6": decides whether an empty answer is `!empty` + `!done` (7.18+) or `!done` alone. */
  version: z.string().regex(/^\d+\.\d+/, { error: 'expected a RouterOS version such as "7.13.5"' }),
  /** Per command ("/interface/print"): the rows it prints. */
  commands: z.record(z.string().regex(/^\/[a-z0-9/-]+$/, { error: 'expected a command such as "/interface/print"' }), z.array(z.record(z.string(), z.string()))),
});

export type RouterosFixture = z.output<typeof fixtureSchema>;

/** Parses a fixture; a problem is one line naming the file and the JSON path. */
export function parseRouterosFixture(text: string, source: string): RouterosFixture {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = fixtureSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(top)';
    // A bad command name is reported by zod as "Invalid key in record" around the key's own problem.
    const message = issue?.code === 'invalid_key' ? issue.issues[0]?.message : issue?.message;
    throw new Error(`${source}: ${where}: ${message ?? 'invalid RouterOS fixture'}`);
  }
  return parsed.data;
}

export function loadRouterosFixture(file: string): RouterosFixture {
  return parseRouterosFixture(readFileSync(file, 'utf8'), file);
}

/** "7.20.6 (stable)" is at least 7.18. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split(/[.\s]/).map(Number);
  return a > major || (a === major && b >= minor);
}
