/**
 * The built-in default config listens on fixed ports (lab 1161/udp, HTTP 9877, SSH 2201-2203,
 * RouterOS API 8728). Test files that run it as shipped take this lock, so two jest workers never
 * start it at once (one would fail with "address already in use").
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const LOCK = path.join(os.tmpdir(), 'quarkpulse-test-default-ports.lock');

function holderAlive(): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` while holding the default-ports lock (waits up to `timeoutMs` for it). */
export async function withDefaultPorts<T>(fn: () => Promise<T> | T, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A holder that died (a killed test run) must not block every later run.
      if (!holderAlive() && fs.existsSync(path.join(LOCK, 'pid'))) fs.rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for the default-ports lock (${LOCK})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}
