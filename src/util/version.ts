/** The version of this build: package.json's, found by walking up from this file (src/ under ts-jest, dist/src/ when compiled). */
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function version(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'quarkpulse' && typeof pkg.version === 'string') return (cached = pkg.version);
    }
    dir = path.dirname(dir);
  }
  return (cached = 'unknown');
}
