import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLATFORM_PROFILES } from '../../../src/config/vocabulary';
import { normalizeConfig, redactLines, SECRET_MARKER } from '../../../src/platforms/normalize';
import { PROFILES } from '../../../src/platforms/profiles';

const FIXTURES = path.join(__dirname, '../../fixtures/configs');
const fixture = (profile: string) => fs.readFileSync(path.join(FIXTURES, `${profile}.cfg`), 'utf8');
const secretsOf = (profile: string) =>
  fs
    .readFileSync(path.join(FIXTURES, `${profile}.secrets`), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe.each(PLATFORM_PROFILES)('profile %s', (profile) => {
  const raw = fixture(profile);
  const out = normalizeConfig(profile, raw);

  test('the fixture has secrets to find, and each is in the raw text', () => {
    const secrets = secretsOf(profile);
    expect(secrets.length).toBeGreaterThan(1);
    for (const s of secrets) expect(raw).toContain(s);
  });

  test('no secret survives normalisation (searched literally), and nothing is blocked', () => {
    expect(out.leak).toBeUndefined();
    for (const s of secretsOf(profile)) expect(out.text).not.toContain(s);
    expect(out.text).toContain(SECRET_MARKER);
  });

  test('volatile lines are gone and the rest of the config is kept', () => {
    const volatile = PROFILES[profile].volatile;
    for (const line of out.text.split('\n')) for (const re of volatile) expect(line).not.toMatch(re);
    // Every line without a secret or volatile content comes through unchanged.
    const kept = raw.split('\n').filter((l) => l.trim() !== '' && !secretsOf(profile).some((s) => l.includes(s)) && !volatile.some((re) => re.test(l)));
    const text = out.text.split('\n');
    const missing = kept.filter((l) => !text.includes(l.replace(/\s+$/, '')));
    expect(missing.filter((l) => !(PROFILES[profile].volatileFields ?? []).some((re) => new RegExp(re.source).test(l)))).toEqual([]);
  });

  test('idempotent: normalising the stored text again changes nothing', () => {
    expect(normalizeConfig(profile, out.text)).toEqual(out);
  });
});

/** Secrets in shapes no profile rule knows: the fail-closed scan must block each of them. */
const UNKNOWN_SHAPES: Array<{ line: string; secret: string; rule: string }> = [
  { line: 'vendor-hash $6$s4ltS4lt$AbCdEfGhIjKlMnOpQrStUv0123456789abcdef', secret: 'AbCdEfGhIjKlMnOpQrStUv0123456789abcdef', rule: 'password-hash' },
  { line: 'description Zx9Qm2Lk8Vb4Nc7Rt1Yu6Io3Pa5Sd0FgHj', secret: 'Zx9Qm2Lk8Vb4Nc7Rt1Yu6Io3Pa5Sd0FgHj', rule: 'high-entropy' },
  { line: 'fingerprint 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', secret: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', rule: 'hex-digest' },
  { line: 'token Q7!xk2m#Lp', secret: 'Q7!xk2m#Lp', rule: 'secret-keyword' },
];

describe.each(PLATFORM_PROFILES)('fail-closed scan, profile %s', (profile) => {
  test.each(UNKNOWN_SHAPES)('blocks $rule and names only the line', ({ line, secret, rule }) => {
    const raw = `${fixture(profile).replace(/\n*$/, '\n')}${line}\n`;
    const out = normalizeConfig(profile, raw);
    expect(out.leak?.rule).toBe(rule);
    expect(out.leak?.line).toBe(redactLines(PROFILES[profile], raw).length);
    expect(out.text).toBe('');
    expect(JSON.stringify(out)).not.toContain(secret);
  });

  test('a PEM block of a type no rule knows', () => {
    const raw = `${fixture(profile)}\n-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBGXyZ0sBCAC7PgpBody\n-----END PGP PRIVATE KEY BLOCK-----\n`;
    const out = normalizeConfig(profile, raw);
    expect(out.leak?.rule).toBe('pem-block');
    expect(JSON.stringify(out)).not.toContain('lQOYBGXyZ0sBCAC7PgpBody');
  });
});

test('an unknown profile name gets the generic rules and the scan', () => {
  expect(normalizeConfig('no_such_profile', 'a\nadmin password Xy7Pa55\n').text).toBe(`a\nadmin password ${SECRET_MARKER}\n`);
  expect(normalizeConfig('no_such_profile', 'a\nkey Zx9Qm2Lk8Vb4Nc7Rt1Yu6Io3Pa5Sd0FgHj\n').leak).toEqual({ line: 2, rule: 'high-entropy' });
});

test('line endings, trailing blanks and blank edges do not make a new version', () => {
  const a = normalizeConfig('cisco_ios', fixture('cisco_ios'));
  const b = normalizeConfig('cisco_ios', `\r\n\r\n${fixture('cisco_ios').replace(/\n/g, '  \r\n')}\r\n\r\n`);
  expect(b).toEqual(a);
});

test('volatile lines only: a changed timestamp is the same version, a changed setting is not', () => {
  const base = fixture('cisco_ios');
  const later = base.replace('09:14:02 UTC Tue Mar 5 2024', '17:01:44 UTC Fri Mar 8 2024').replace('ntp clock-period 17179869', 'ntp clock-period 17179870');
  expect(normalizeConfig('cisco_ios', later)).toEqual(normalizeConfig('cisco_ios', base));
  const changed = base.replace('description Printers', 'description Printers 2nd floor');
  expect(normalizeConfig('cisco_ios', changed).text).not.toEqual(normalizeConfig('cisco_ios', base).text);
});
