/**
 * The README is followed word for word: every fenced block marked `runnable` runs in the checkout
 * as written (bash, stop at the first failing command) and must succeed. The README also never
 * points outside the repository (no sibling folders, no internal issue numbers).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/cli';
import { withDefaultPorts } from '../helpers/default-ports';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

function runnableBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh runnable\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

describe('README', () => {
  const blocks = runnableBlocks(README);

  it('has runnable blocks for the walk-through', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  // The blocks run the built-in default (its fixed lab and HTTP ports): one at a time across test files.
  it.each(blocks.map((b, i) => [i + 1, b] as const))('runnable block %i succeeds as written', (_i, block) =>
    withDefaultPorts(() => {
      const env = { ...process.env };
      // The README's reader has none of the example's secrets set.
      for (const name of ['ACME_COMMUNITY', 'SNMP_AUTH_KEY', 'SNMP_PRIV_KEY', 'REDIS_URL']) delete env[name];
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', block], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 90_000 });
      expect({ block, status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ block, status: 0, stderr: '' });
      expect(r.stdout.trim()).not.toBe('');
    }), 240_000);

  it('depends on nothing outside the repository', () => {
    for (const file of ['README.md', ...fs.readdirSync(path.join(REPO_ROOT, 'docs')).map((f) => `docs/${f}`)]) {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      expect([file, text.match(/\.\.\/shared|CONTRACT(\.md| section)|\b[Ii]ssue \d+/g)]).toEqual([file, null]);
    }
  });

  it('links only to files that exist', () => {
    for (const file of ['README.md', ...fs.readdirSync(path.join(REPO_ROOT, 'docs')).map((f) => `docs/${f}`)]) {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(m[1])) continue;
        expect([file, m[1], fs.existsSync(path.resolve(REPO_ROOT, path.dirname(file), m[1]))]).toEqual([file, m[1], true]);
      }
    }
  });
});
