/** `quarkpulse simulate` on the shared recordings as a real process, resolved once it listens. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, REPO_ROOT } from './cli';
import { recordingsDir } from './recordings';

export async function startSimulateCommand(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'simulate', '--recordings', recordingsDir(), '--port', String(port)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulate did not start:\n${log}`)), 20_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      if (log.includes(`127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`simulate exited with ${code}:\n${log}`)));
  });
  return child;
}
