import { utils } from 'ssh2';
import { assemble, planFetch } from '../../../src/probes/ssh/plan';
import { fingerprint, hostKeyString } from '../../../src/probes/ssh/host-key';
import { renderTerminal } from '../../../src/probes/ssh/terminal';
import { PROFILES } from '../../../src/platforms/profiles';
import { seededHostKey } from '../../../src/simulate/ssh/host-key';

describe('renderTerminal: what a person would read', () => {
  test.each([
    ['CRLF line ends', 'a\r\nb\r\n', 'a\nb\n'],
    ['Cisco pager erased with backspaces', 'x\r\n --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\binterface Gi0/1\r\n', 'x\ninterface Gi0/1\n'],
    ['pager erased with CR and spaces', '-- MORE --\r          \rvlan 1\n', 'vlan 1\n'],
    ['ANSI: colours dropped, erase-to-end honoured', '\x1b[1;32mok\x1b[0m\n--More--\x1b[8D\x1b[Kend\n', 'ok\nend\n'],
    ['bells and NULs dropped', 'a\x07b\0c\n', 'abc\n'],
  ])('%s', (_what, input, expected) => {
    expect(renderTerminal(input)).toBe(expected);
  });
});

describe('host keys', () => {
  test('a seeded lab key is a valid OpenSSH key, the same for the same seed, different otherwise', () => {
    const a = seededHostKey('lab-switch');
    expect(seededHostKey('lab-switch')).toBe(a);
    expect(seededHostKey('lab-router')).not.toBe(a);
    const parsed = utils.parseKey(a);
    if (parsed instanceof Error) throw parsed;
    expect(parsed.type).toBe('ssh-ed25519');
    const sig = parsed.sign(Buffer.from('x'));
    expect(parsed.verify(Buffer.from('x'), sig)).toBe(true);
  });

  test('hostKeyString and fingerprint agree with OpenSSH notation', () => {
    const pair = utils.generateKeyPairSync('ed25519');
    const parsed = utils.parseKey(pair.public);
    if (parsed instanceof Error) throw parsed;
    const key = hostKeyString(parsed.getPublicSSH());
    expect(key).toBe(pair.public.split(' ').slice(0, 2).join(' '));
    expect(fingerprint(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('planFetch', () => {
  test('linux: files as `cat`, then commands; quotes kept out of the shell', () => {
    const plan = planFetch(PROFILES.linux, { profile: 'linux', port: 22, username: 'b', files: ['/etc/my file'] });
    expect(plan.steps.map((s) => s.command)).toEqual(["cat -- '/etc/my file'", 'ip -br address show', 'ip route show']);
    expect(plan.setup).toEqual([]);
  });

  test('the config overrides mode, prompt and commands', () => {
    const plan = planFetch(PROFILES.cisco_ios, { profile: 'cisco_ios', port: 22, username: 'b', mode: 'exec', prompt: '^x#$', commands: ['show startup-config'] });
    expect(plan).toMatchObject({ mode: 'exec', setup: [], steps: [{ label: 'show startup-config', command: 'show startup-config' }] });
    expect(plan.prompt.source).toBe('^x#$');
  });

  test('assemble: one output as is, several under ### headers', () => {
    expect(assemble([{ label: 'a', text: 'x\n' }])).toBe('x\n');
    expect(assemble([{ label: 'a', text: 'x\n\n' }, { label: 'b', text: 'y' }])).toBe('### a\nx\n### b\ny\n');
  });
});
