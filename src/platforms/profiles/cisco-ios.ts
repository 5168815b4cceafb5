/** Cisco IOS and IOS-XE: interactive shell, `terminal length 0`, enable mode, `show running-config`. */
import { afterKeyword, LEGACY_ALGORITHMS, PEM_BLOCK, VALUE } from '../rules';
import type { PlatformProfile, SecretRule } from '../types';

/** Cisco's password type digits (0 clear, 5 MD5, 7 Vigenère, 8 PBKDF2, 9 scrypt) and friends. */
const TYPE = String.raw`[0-9]|encrypted|ascii|hex`;

/** Shared by the IOS family (IOS, IOS-XE, ASA, NX-OS print most secrets the same way). */
export const CISCO_SECRETS: SecretRule[] = [
  afterKeyword('enable-secret', String.raw`enable (?:secret|password)(?: level \d+)?`, TYPE),
  afterKeyword('user-secret', String.raw`(?:secret|password)`, TYPE),
  afterKeyword('key-string', 'key-string', TYPE),
  afterKeyword('snmp-community', 'snmp-server community'),
  // snmp-server host 192.0.2.1 [informs] [version 1|2c] COMMUNITY
  {
    name: 'snmp-host-community',
    pattern: new RegExp(String.raw`(?<pre>^snmp-server host \S+(?: (?:informs|traps))?(?: version (?:1|2c))? )(?!version\b)${VALUE}`, 'g'),
  },
  // snmp-server user NAME GROUP v3 auth sha KEY priv aes 128 KEY
  { name: 'snmpv3-auth', pattern: new RegExp(String.raw`(?<pre>\bauth (?:md5|sha\d*) )${VALUE}`, 'g') },
  { name: 'snmpv3-priv', pattern: new RegExp(String.raw`(?<pre>\bpriv (?:des|3des|aes(?: \d+)?) )${VALUE}`, 'g') },
  // tacacs-server key 7 …, radius-server key …, server-private … key 7 …, ntp authentication-key 1 md5 … 7
  afterKeyword('server-key', String.raw`(?:tacacs-server|radius-server|server-private \S+)(?: host \S+)?(?: (?:auth-port|acct-port|port|timeout) \d+)* key`, TYPE),
  { name: 'aaa-server-key', within: /^(?:tacacs|radius) server /, pattern: new RegExp(String.raw`(?<pre>^\s+key (?:[0-9] )?)${VALUE}`) },
  afterKeyword('ntp-key', String.raw`authentication-key \d+ md5`),
  afterKeyword('ospf-key', String.raw`(?:message-digest-key \d+ md5|ip ospf authentication-key)`, TYPE),
  afterKeyword('isakmp-key', 'crypto isakmp key', TYPE),
  afterKeyword('pre-shared-key', 'pre-shared-key(?: (?:local|remote))?(?: address \\S+ \\S+)?(?: key)?', TYPE),
  afterKeyword('wpa-psk', 'wpa-psk (?:ascii|hex)', TYPE),
];

export const ciscoIos: PlatformProfile = {
  name: 'cisco_ios',
  title: 'Cisco IOS / IOS-XE',
  mode: 'shell',
  setup: ['terminal length 0', 'terminal width 0'],
  commands: ['show running-config'],
  prompt: /^[\w.\-@()/:]+[>#] ?$/,
  pager: { pattern: / ?--More-- ?/, reply: ' ' },
  enable: { command: 'enable', unprivileged: />\s*$/, passwordPrompt: /[Pp]assword: ?$/, refused: /% (?:Access denied|Bad secrets|Error in authentication)/ },
  legacyAlgorithms: LEGACY_ALGORITHMS,
  volatile: [
    /^Building configuration\.\.\./,
    /^Current configuration ?: ?\d+ bytes/,
    /^! Last configuration change at /,
    /^! NVRAM config last updated at /,
    /^! No configuration change since last restart/,
    /^ntp clock-period \d+/,
  ],
  secrets: CISCO_SECRETS,
  blocks: [PEM_BLOCK, { name: 'pki-certificate', start: /^\s*certificate (?:ca |self-signed )?\S+$/, end: /^\s*quit$/ }],
};
