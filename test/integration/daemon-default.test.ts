/**
 * The README's first command: `npx quarkpulse run` on the built-in default (config/quarkpulse.yml:
 * bundled lab, in-process queue, no Redis) shows live metrics of the four lab devices quickly,
 * says in its first log lines what it runs on, and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { CLI, REPO_ROOT } from '../helpers/cli';
import { withDefaultPorts } from '../helpers/default-ports';

test('npx quarkpulse run: live lab metrics within a minute, then SIGTERM → exit 0', () => withDefaultPorts(async () => {
  const child = spawn(process.execPath, [CLI, 'run'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDIS_URL: '', QP_LOG_LEVEL: 'info' } });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const t0 = Date.now();
    let text = '';
    const lab = ['lab-printer', 'lab-switch', 'lab-router', 'lab-firewall'];
    while (Date.now() - t0 < 60_000) {
      text = await fetch('http://127.0.0.1:9877/metrics', { signal: AbortSignal.timeout(2000) }).then((r) => r.text(), () => '');
      if (lab.every((d) => text.includes(`quarkpulse_probe_success{client="demo",device="${d}",site="lab",probe="snmp"} 1`))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const d of lab) expect(text).toMatch(new RegExp(`quarkpulse_device_up\\{client="demo",device="${d}",site="lab",kind="\\w+"\\} 1`));
    expect(text).toMatch(/quarkpulse_printer_supply_level_ratio\{client="demo",device="lab-printer"/);
    expect(text).toMatch(/quarkpulse_interface_oper_up\{client="demo",device="lab-switch"/);
    // The first lines say which queue, which config, how many devices, where metrics are served.
    const first = log.split('\n').slice(0, 6).join('\n');
    expect(first).toMatch(/in-process queue, config .*config\/quarkpulse\.yml, 4 devices/);
    expect(log).toContain('metrics at http://127.0.0.1:9877/metrics');
    child.kill('SIGTERM');
    const t1 = Date.now();
    expect(await exited).toBe(0);
    expect(Date.now() - t1).toBeLessThan(10_000);
  } finally {
    child.kill('SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
  }
}), 180_000);
