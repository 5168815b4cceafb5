/**
 * Tests that spawn the real `quarkpulse` command need dist/ to match src/. `npm ci` builds it
 * (prepare script); during development this rebuilds when any source file is newer than the build.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '..');
  const built = path.join(root, 'dist/src/cli.js');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const sources = Math.max(...['src', 'mibs', 'bench'].map((d) => (fs.existsSync(path.join(root, d)) ? newestMtime(path.join(root, d)) : 0)));
  if (sources > builtAt) {
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    } catch (err) {
      // tsc still emits JavaScript on type errors; `npm run typecheck` is where those fail the build.
      process.stderr.write(`global-setup: tsc reported errors (dist/ emitted anyway):\n${String(err.stdout ?? '').slice(0, 2000)}\n`);
    }
    if (fs.existsSync(built)) fs.utimesSync(built, new Date(), new Date());
  }
};
