/**
 * The demo's SSH side: the bundled lab (as `run` starts it from config/quarkpulse.yml) and
 * `quarkpulse simulate --ssh-port` serve simulated SSH devices the probe backs up, and their
 * configs change one line now and then.
 */
import { defaultConfigOnFreePorts } from '../helpers/default-config';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSimulate } from '../../src/commands/simulate';
import { Secret } from '../../src/config/secret';
import { silentLogger } from '../../src/log';
import { normalizeConfig } from '../../src/platforms/normalize';
import { runProbe } from '../../src/probes/runner';
import { createSshProbe } from '../../src/probes/ssh';
import { labRecordingsDir, startLabIfConfigured } from '../../src/simulate/lab';
import { LAB_SSH_LOGIN, LAB_SSH_SUBDIR, labConfigAt, listLabSshFiles } from '../../src/simulate/ssh/lab';
import { freeTcpPort, freeUdpPort } from '../helpers/ports';

jest.setTimeout(30_000);

const LAB_SSH = path.join(labRecordingsDir(), LAB_SSH_SUBDIR);

test('labConfigAt: every interval one line changes, and after three the original is back', () => {
  for (const { file } of listLabSshFiles(LAB_SSH)) {
    const base = fs.readFileSync(file, 'utf8');
    const every = 600_000;
    const versions = [0, 1, 2, 3].map((k) => labConfigAt(base, k * every + 5, every));
    expect(versions[0]).toBe(base);
    expect(versions[3]).toBe(base);
    for (const v of versions.slice(1, 3)) {
      const a = base.split('\n');
      const b = v.split('\n');
      expect(b.filter((l, i) => l !== a[i])).toHaveLength(1);
    }
    expect(versions[1]).not.toBe(versions[2]);
  }
});

test('the default config backs up the lab SSH devices it starts (ports moved aside for the test)', async () => {
  const config = await defaultConfigOnFreePorts();
  const withSsh = config.devices.filter((d) => d.ssh);
  expect(withSsh.map((d) => `${d.name}:${d.ssh?.profile}`)).toEqual(['lab-switch:cisco_ios', 'lab-router:routeros', 'lab-firewall:pfsense']);
  const lab = await startLabIfConfigured(config, silentLogger);
  try {
    expect(lab?.ssh).toHaveLength(3);
    const probe = createSshProbe();
    for (const d of withSsh) {
      const r = await runProbe(probe, d, { logger: silentLogger, deadlineMs: 20_000 });
      expect(r.error).toBeUndefined();
      expect(r.config?.profile).toBe(d.ssh?.profile);
      expect(r.config?.text).toMatch(/uplink/i);
      expect(r.config?.leak).toBeUndefined();
    }
  } finally {
    await lab?.close();
  }
});

test('quarkpulse simulate --ssh-port serves every lab SSH file, login backup/lab-backup', async () => {
  const sshPort = await freeTcpPort();
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (stop = r));
  const running = runSimulate({ recordings: labRecordingsDir(), port: await freeUdpPort(), host: '127.0.0.1', sshPort }, { logger: silentLogger, stop: stopped });
  try {
    const files = listLabSshFiles(LAB_SSH);
    expect(files.length).toBeGreaterThanOrEqual(3);
    const probe = createSshProbe();
    for (const [i, f] of files.entries()) {
      const target = {
        name: f.device,
        client: 'demo',
        site: '',
        kind: 'switch' as const,
        address: '127.0.0.1',
        intervalsMs: { snmp: 60_000, icmp: 60_000, backup: 3_600_000 },
        importantInterfaces: [],
        ssh: { profile: f.profile, port: sshPort + i, username: LAB_SSH_LOGIN.username, password: new Secret(LAB_SSH_LOGIN.password), commandTimeoutMs: 5_000 },
      };
      // Poll until the server for this port is up (they start one after the other).
      let r = await runProbe(probe, target, { logger: silentLogger, deadlineMs: 10_000 });
      for (let k = 0; k < 20 && r.error?.kind === 'unreachable'; k++) {
        await new Promise((res) => setTimeout(res, 100));
        r = await runProbe(probe, target, { logger: silentLogger, deadlineMs: 10_000 });
      }
      expect(r.error).toBeUndefined();
      expect(r.config?.text).toBe(normalizeConfig(f.profile, labConfigAt(fs.readFileSync(f.file, 'utf8'), Date.now(), 600_000)).text);
    }
  } finally {
    stop();
    expect(await running).toBe(0);
  }
});
