/**
 * `quarkpulse run` (the real CLI, a child process) on the bundled lab of config/quarkpulse.yml,
 * with short intervals, on free loopback ports. The lab is served either by the daemon itself
 * (lab.enabled, as shipped) or by a separate `quarkpulse simulate` on a copy of the recordings,
 * which a test can change and restart (take a port down). Either way the lab's RouterOS API
 * devices listen on a free port too.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { LAB_ROUTEROS_SUBDIR, listLabRouterosFiles } from '../../src/simulate/routeros/lab';
import { LAB_SSH_SUBDIR, listLabSshFiles } from '../../src/simulate/ssh/lab';
import { CLI, REPO_ROOT } from './cli';
import { freeTcpPort, freeUdpPort } from './ports';
import { ManagedProcess, waitFor } from './prom-stack';

export const LAB_DEVICES = ['lab-printer', 'lab-switch', 'lab-router', 'lab-firewall'] as const;

type Yaml = Record<string, unknown>;

export interface LabDaemonOptions {
  /** 'in-process' (as shipped) or 'separate' (`quarkpulse simulate` on a copy a test may edit). */
  lab: 'in-process' | 'separate';
  /** Extra devices (YAML objects) appended to the lab's. */
  extraDevices?: Yaml[];
  /** alerting.rules of the config. */
  rules?: Yaml[];
  alertmanagers?: string[];
  intervalSeconds?: number;
}

export interface LabDaemon {
  url: string;
  dir: string;
  recordings: string;
  config: Yaml;
  proc: ManagedProcess;
  /** Rewrite the config file (the function edits a copy) and POST /-/reload. */
  reconfigure(edit: (config: Yaml) => void): Promise<void>;
  /** Separate lab only: rewrite one recording and restart the simulator on the same port. */
  editRecording(device: string, edit: (text: string) => string): Promise<void>;
  stop(): Promise<void>;
}

function spawnCli(args: string[], cwd: string, name: string): ManagedProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, QP_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new ManagedProcess(child, name);
}

export async function startLabDaemon(opts: LabDaemonOptions): Promise<LabDaemon> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-lab-daemon-'));
  const recordings = path.join(dir, 'lab');
  fs.cpSync(path.join(REPO_ROOT, 'config/lab'), recordings, { recursive: true });
  const labPort = await freeUdpPort();
  const httpPort = await freeTcpPort();
  // `simulate --routeros-port P` serves the lab's RouterOS files on P, P+1, … in file name order.
  const routerosPort = await freeTcpPort();
  const routerosFiles = listLabRouterosFiles(path.join(recordings, LAB_ROUTEROS_SUBDIR)).map((f) => f.device);
  // `simulate --ssh-port P` serves the lab's SSH devices on P, P+1, … in file name order too.
  const sshPort = await freeTcpPort();
  const sshFiles = listLabSshFiles(path.join(recordings, LAB_SSH_SUBDIR)).map((f) => f.device);
  const interval = `${opts.intervalSeconds ?? 2}s`;
  // Config backups of the lab's SSH devices every few seconds, so backup series exist during a test.
  const backupInterval = `${Math.max(5, opts.intervalSeconds ?? 2)}s`;

  const config = parseYaml(fs.readFileSync(path.join(REPO_ROOT, 'config/quarkpulse.yml'), 'utf8')) as Yaml;
  config.lab = { enabled: opts.lab === 'in-process', port: labPort, recordings };
  config.defaults = { ...(config.defaults as Yaml), intervals: { snmp: interval, icmp: interval, backup: backupInterval } };
  config.backup = { dir: path.join(dir, 'configs') };
  config.http = { listen: `127.0.0.1:${httpPort}` };
  const devices = config.devices as Yaml[];
  for (const d of devices) {
    d.snmp = { ...(d.snmp as Yaml), port: labPort };
    const i = routerosFiles.indexOf(String(d.name));
    if (d.routeros && i >= 0) d.routeros = { ...(d.routeros as Yaml), port: routerosPort + i };
    // Never the default's fixed SSH ports (2201-2203): a test running the default as shipped may hold them.
    const j = sshFiles.indexOf(String(d.name));
    if (d.ssh && j >= 0) d.ssh = { ...(d.ssh as Yaml), port: opts.lab === 'separate' ? sshPort + j : await freeTcpPort() };
  }
  devices.push(...(opts.extraDevices ?? []).map((d) => ({ ...d, snmp: { ...(d.snmp as Yaml), port: labPort } })));
  config.alerting = {
    evaluation: { interval: '1s' },
    state: { store: 'memory' },
    alertmanagers: opts.alertmanagers ?? [],
    rules: opts.rules ?? [],
  };
  const configFile = path.join(dir, 'quarkpulse.yml');
  const write = () => fs.writeFileSync(configFile, stringifyYaml(config));
  write();

  // The simulator says "listening" at info level.
  const startSimulator = async (): Promise<ManagedProcess> => {
    const child = spawn(process.execPath, [CLI, 'simulate', '--recordings', recordings, '--port', String(labPort), '--routeros-port', String(routerosPort), '--ssh-port', String(sshPort)], {
      cwd: dir,
      env: { ...process.env, QP_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new ManagedProcess(child, 'simulate');
    await waitFor(() => (started.running ? started.log.includes('listening') || undefined : Promise.reject(new Error(`simulate exited: ${started.log}`))), 'simulator listening', 15_000);
    return started;
  };
  let sim = opts.lab === 'separate' ? await startSimulator() : undefined;

  const proc = spawnCli(['run', '--config', configFile], dir, 'quarkpulse run');
  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await waitFor(async () => (proc.running ? (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok || undefined : Promise.reject(new Error(`run exited: ${proc.log}`))), 'quarkpulse ready', 20_000);
  } catch (err) {
    await proc.stop();
    await sim?.stop();
    throw err;
  }

  return {
    url,
    dir,
    recordings,
    config,
    proc,
    reconfigure: async (edit) => {
      edit(config);
      write();
      const res = await fetch(`${url}/-/reload`, { method: 'POST' });
      if (!res.ok) throw new Error(`reload failed: ${res.status} ${await res.text()}`);
    },
    editRecording: async (device, edit) => {
      if (opts.lab !== 'separate') throw new Error('editRecording needs lab: separate');
      const file = path.join(recordings, `${device}.snmprec`);
      fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
      await sim?.stop();
      sim = await startSimulator();
    },
    stop: async () => {
      await proc.stop();
      await sim?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GET a JSON document of the daemon. */
export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return (await res.json()) as T;
}

/** Samples of one metric from a Prometheus text exposition, as label maps with values. */
export function parseExposition(text: string, metric: string): Array<{ labels: Record<string, string>; value: number }> {
  const out: Array<{ labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    const m = /^[a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[1] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c));
    out.push({ labels, value: Number(m[2]) });
  }
  return out;
}
