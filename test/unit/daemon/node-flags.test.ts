import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DAEMON_NODE_FLAGS } from '../../../src/daemon/node-flags';
import { CLI, REPO_ROOT } from '../../helpers/cli';

/** The words node is started with, up to the script: `node --flag … script`. */
function nodeFlags(words: string[]): string[] {
  const start = words.indexOf('node');
  const script = words.findIndex((w, i) => i > start && !w.startsWith('-'));
  return words.slice(start + 1, script === -1 ? undefined : script);
}

describe('every way quarkpulse starts passes the daemon node flags', () => {
  test('the bin shebang', () => {
    const shebang = fs.readFileSync(CLI, 'utf8').split('\n')[0];
    expect(shebang.startsWith('#!/usr/bin/env -S node')).toBe(true);
    expect(nodeFlags(shebang.slice(2).split(/\s+/))).toEqual([...DAEMON_NODE_FLAGS]);
  });

  test('npm start', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(nodeFlags(pkg.scripts.start.split(/\s+/))).toEqual([...DAEMON_NODE_FLAGS]);
  });

  test("the Dockerfile's ENTRYPOINT", () => {
    const line = fs.readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8').split('\n').find((l) => l.startsWith('ENTRYPOINT '));
    const words = JSON.parse(line?.slice('ENTRYPOINT '.length) ?? '[]') as string[];
    expect(nodeFlags(words)).toEqual([...DAEMON_NODE_FLAGS]);
  });

  test('the bin runs through its shebang here (env -S, and node accepts the flags)', () => {
    const run = spawnSync(CLI, ['--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: quarkpulse');
  });
});
