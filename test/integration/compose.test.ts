/**
 * docker-compose.yml and the Dockerfile, checked without a Docker engine: `docker-compose config`
 * resolves the file with no .env present; every service has a health check; the quarkpulse
 * services poll the lab service; the Dockerfile is multi-stage, runs unprivileged and its
 * HEALTHCHECK (and the lab's) are the scripts that answer right against real processes here.
 */
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/inventory/load';
import { LAB_ROUTEROS_LOGIN } from '../../src/simulate/routeros/lab';
import { CLI, REPO_ROOT } from '../helpers/cli';
import { freeUdpPort } from '../helpers/ports';
import { ManagedProcess, waitFor } from '../helpers/prom-stack';
import { binPath, describeWith } from '../helpers/requires';

import { startTestServer } from '../unit/http/fixtures';

const run = promisify(execFile);

interface Service {
  image?: string;
  command?: string[];
  healthcheck?: { test?: string[] };
  environment?: Record<string, string>;
  volumes?: Array<string | { source: string; target: string }>;
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
}

/** `docker-compose config` with an empty env file (as if no .env existed) and only PATH/HOME in the environment. */
async function composeConfig(envFile: string): Promise<{ services: Record<string, Service> }> {
  const { stdout } = await run(binPath('docker-compose'), ['--project-directory', REPO_ROOT, '-f', path.join(REPO_ROOT, 'docker-compose.yml'), '--env-file', envFile, 'config'], {
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() },
    timeout: 60_000,
  });
  return parseYaml(stdout) as { services: Record<string, Service> };
}

describeWith(['docker-compose'], 'docker-compose.yml', () => {
  let tmp: string;
  let services: Record<string, Service>;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-compose-'));
    expect(fs.existsSync(path.join(REPO_ROOT, 'docker-compose.yml'))).toBe(true);
    const empty = path.join(tmp, 'empty.env');
    fs.writeFileSync(empty, '');
    services = (await composeConfig(empty)).services;
  }, 90_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('resolves with no .env: the whole stack, each service with a health check', () => {
    expect(Object.keys(services).sort()).toEqual(['alertmanager', 'grafana', 'lab', 'prometheus', 'redis', 'scheduler', 'worker']);
    for (const [name, s] of Object.entries(services)) expect([name, (s.healthcheck?.test ?? []).length > 1]).toEqual([name, true]);
    expect(services.worker.deploy?.replicas).toBe(2);
    // Nobody starts before what it needs is healthy.
    expect(services.scheduler.depends_on).toEqual({ redis: { condition: 'service_healthy' }, lab: { condition: 'service_healthy' } });
  });

  it('the quarkpulse services poll the lab service, and every device has a recording there', async () => {
    const lab = services.lab;
    expect(lab.command?.slice(0, 1)).toEqual(['simulate']);
    const labPort = Number(lab.command?.[lab.command.indexOf('--port') + 1]);
    const labDir = lab.command?.[lab.command.indexOf('--recordings') + 1] ?? '';
    expect(labDir).toBe('/etc/quarkpulse/lab');
    for (const name of ['scheduler', 'worker']) {
      const cmd = services[name].command ?? [];
      expect(cmd[cmd.indexOf('--config') + 1]).toBe('/etc/quarkpulse/compose/quarkpulse.yml');
      expect(JSON.stringify(services[name].volumes)).toContain('/etc/quarkpulse');
      expect(services[name].environment?.REDIS_URL).toBe('redis://redis:6379');
    }
    // /etc/quarkpulse is ./config: read the same files the containers read, with the real loader.
    const config = await loadConfig(path.join(REPO_ROOT, 'config/compose/quarkpulse.yml'));
    expect(config.devices.length).toBeGreaterThanOrEqual(4);
    for (const d of config.devices) {
      expect({ device: d.name, address: d.address, port: d.snmp?.port }).toEqual({ device: d.name, address: 'lab', port: labPort });
      expect(fs.existsSync(path.join(REPO_ROOT, 'config/lab', `${d.snmp?.community?.reveal() ?? ""}.snmprec`))).toBe(true);
    }
    // The router is read over the RouterOS API too: `simulate --routeros-port` serves it with its lab file and login.
    const routerosPort = Number(lab.command?.[lab.command.indexOf('--routeros-port') + 1]);
    const withApi = config.devices.filter((d) => d.routeros);
    expect(withApi.map((d) => d.name)).toEqual(['lab-router']);
    for (const d of withApi) {
      expect({ port: d.routeros?.port, tls: d.routeros?.tls, username: d.routeros?.username, password: d.routeros?.password.reveal() }).toEqual({ port: routerosPort, tls: false, ...LAB_ROUTEROS_LOGIN });
      expect(fs.existsSync(path.join(REPO_ROOT, 'config/lab/routeros', `${d.name}.json`))).toBe(true);
    }
    expect(config.alerting.alertmanagers).toEqual(['http://alertmanager:9093']);
  });

  it('Prometheus loads the shipped rules; Grafana is provisioned, anonymous viewers only, admin password from .env', async () => {
    expect(JSON.stringify(services.prometheus.volumes)).toContain('/etc/prometheus');
    expect(parseYaml(fs.readFileSync(path.join(REPO_ROOT, 'config/prometheus/prometheus.yml'), 'utf8'))).toMatchObject({ rule_files: ['quarkpulse-alerts.yml'] });
    const g = services.grafana.environment ?? {};
    expect(g).toMatchObject({ GF_AUTH_ANONYMOUS_ENABLED: 'true', GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer' });
    expect(g.GF_SECURITY_ADMIN_PASSWORD).not.toBe('admin');
    const env = path.join(tmp, 'with.env');
    fs.writeFileSync(env, 'GRAFANA_ADMIN_PASSWORD=s3cret-from-env\nQP_BIND=0.0.0.0\n');
    const withEnv = (await composeConfig(env)).services;
    expect(withEnv.grafana.environment?.GF_SECURITY_ADMIN_PASSWORD).toBe('s3cret-from-env');
    // Published on localhost only, unless QP_BIND says otherwise.
    expect(JSON.stringify(services.scheduler)).toContain('127.0.0.1');
    expect(JSON.stringify(withEnv.scheduler)).toContain('0.0.0.0');
  }, 60_000);

  it('.env.example documents every variable docker-compose.yml uses', () => {
    const used = new Set([...fs.readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8').matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
    const documented = new Set([...fs.readFileSync(path.join(REPO_ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    expect([...used].filter((v) => !documented.has(v))).toEqual([]);
    expect(used.size).toBeGreaterThan(3);
  });
});

describe('Dockerfile', () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const stages = lines.reduce<string[][]>((acc, l) => (l.startsWith('FROM ') ? [...acc, [l]] : (acc[acc.length - 1]?.push(l), acc)), []);
  const runtime = stages[stages.length - 1];

  it('is multi-stage: the runtime stage takes only the build output and runs as an unprivileged user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime.filter((l) => l.startsWith('COPY --from=build')).length).toBeGreaterThan(0);
    expect(runtime.some((l) => /npm (ci|install)/.test(l))).toBe(false);
    const user = runtime.filter((l) => l.startsWith('USER ')).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)\b/);
    expect(runtime.findIndex((l) => l.startsWith('USER '))).toBeLessThan(runtime.findIndex((l) => l.startsWith('ENTRYPOINT ')));
  });

  it('every COPY source exists in the repository', () => {
    for (const l of lines.filter((x) => x.startsWith('COPY ') && !x.includes('--from='))) {
      const sources = l.split(/\s+/).slice(1, -1);
      for (const s of sources) expect([l, s, fs.existsSync(path.join(REPO_ROOT, s))]).toEqual([l, s, true]);
    }
  });

  it('HEALTHCHECK runs bin/healthcheck.js on /-/healthy, which answers 0 for a live daemon and 1 for none', async () => {
    const hc = runtime.find((l) => l.startsWith('HEALTHCHECK '));
    expect(hc).toContain('CMD ["node", "bin/healthcheck.js"]');
    const script = path.join(REPO_ROOT, 'bin/healthcheck.js');
    expect(fs.readFileSync(script, 'utf8')).toContain('http://127.0.0.1:9877/-/healthy');
    const srv = await startTestServer();
    try {
      const up = await run(process.execPath, [script, `${srv.url}/-/healthy`]).then(() => 0, (e: { code?: number }) => e.code ?? -1);
      expect(up).toBe(0);
    } finally {
      await srv.close();
    }
    const down = await run(process.execPath, [script, `${srv.url}/-/healthy`]).then(() => 0, (e: { code?: number }) => e.code ?? -1);
    expect(down).toBe(1);
  });

  it("the lab service's health check answers 0 against `quarkpulse simulate` on the lab, 1 when nothing answers", async () => {
    const script = path.join(REPO_ROOT, 'bin/healthcheck.js');
    const port = await freeUdpPort();
    const child = spawn(process.execPath, [CLI, 'simulate', '--recordings', path.join(REPO_ROOT, 'config/lab'), '--port', String(port)], { env: { ...process.env, QP_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const sim = new ManagedProcess(child, 'simulate');
    try {
      await waitFor(() => (sim.running ? sim.log.includes('listening') || undefined : Promise.reject(new Error(sim.log))), 'simulator', 15_000);
      const ok = await run(process.execPath, [script, 'snmp', `127.0.0.1:${port}`, 'lab-printer']).then(() => 0, (e: { code?: number }) => e.code ?? -1);
      expect(ok).toBe(0);
      const wrong = await run(process.execPath, [script, 'snmp', `127.0.0.1:${port}`, 'no-such-device']).then(() => 0, (e: { code?: number }) => e.code ?? -1);
      expect(wrong).toBe(1);
    } finally {
      await sim.stop();
    }
  }, 30_000);
});
