/**
 * The SSH backup probe against an ssh2 server on loopback playing each platform profile from its
 * fixture: the stored text is the fixture normalised, and no secret of the fixture reaches the
 * outcome or the logs (searched literally).
 */
import { Secret } from '../../src/config/secret';
import { SSH_PROFILES } from '../../src/config/vocabulary';
import { normalizeConfig } from '../../src/platforms/normalize';
import { PROFILES } from '../../src/platforms/profiles';
import { createSshProbe } from '../../src/probes/ssh';
import { createMemoryHostKeyStore } from '../../src/probes/ssh/host-key';
import { runProbe } from '../../src/probes/runner';
import { capturingLogger, fixtureSecrets, fixtureText, startFixtureDevice, type TestDevice } from '../helpers/ssh-device';

jest.setTimeout(30_000);

describe.each(SSH_PROFILES)('ssh profile %s', (profile) => {
  let dev: TestDevice;
  afterEach(async () => dev?.handle.close());

  test(`fetches over ${PROFILES[profile].mode}, normalises, and leaks no secret`, async () => {
    dev = await startFixtureDevice(profile, { motd: 'Authorized access only. ##########', banner: 'Lab device: disconnect now if not authorised' });
    const { logger, text } = capturingLogger();
    const probe = createSshProbe({ hostKeys: createMemoryHostKeyStore() });
    const result = await runProbe(probe, dev.target, { logger, deadlineMs: 20_000 });
    expect(result.error).toBeUndefined();
    expect(result.success).toBe(true);
    expect(result.config).toEqual({ profile, text: normalizeConfig(profile, fixtureText(profile)).text });
    expect(result.samples).toContainEqual({ name: 'quarkpulse_config_backup_success', labels: {}, value: 1 });
    const everything = `${JSON.stringify(result)}\n${text()}`;
    for (const secret of fixtureSecrets(profile)) expect(everything).not.toContain(secret);
  });

});

const SHELL_PROFILES = SSH_PROFILES.filter((p) => PROFILES[p].mode === 'shell');

describe.each(SHELL_PROFILES)('ssh profile %s in a shell', (profile) => {
  let dev: TestDevice;
  afterEach(async () => dev?.handle.close());

  test('pager every 7 lines, slow output in small chunks, enable with its own secret', async () => {
    const enable = PROFILES[profile].enable !== undefined;
    dev = await startFixtureDevice(
      profile,
      { pageLines: 7, stickyPager: true, slow: { chunkBytes: 97, delayMs: 1 }, ...(enable ? { enableSecret: 'En4ble-S3cret' } : {}) },
      enable ? { enablePassword: new Secret('En4ble-S3cret') } : {},
    );
    const { logger, text } = capturingLogger();
    const result = await runProbe(createSshProbe(), dev.target, { logger, deadlineMs: 20_000 });
    expect(result.error).toBeUndefined();
    expect(result.config?.text).toBe(normalizeConfig(profile, fixtureText(profile)).text);
    const everything = `${JSON.stringify(result)}\n${text()}`;
    for (const secret of [...fixtureSecrets(profile), 'En4ble-S3cret']) expect(everything).not.toContain(secret);
  });
});
