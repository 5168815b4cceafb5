/**
 * MikroTik RouterOS: `/export terse` over an exec channel (one line per item, full menu path).
 * routeros_api normalises the text export the RouterOS API probe builds from the same menus.
 */
import { attributes, PEM_BLOCK, VALUE } from '../rules';
import type { PlatformProfile, SecretRule } from '../types';

/** RouterOS attributes that hold credentials, in any menu. */
export const ROUTEROS_SECRET_ATTRIBUTES = [
  'password',
  'secret',
  'authentication-key',
  'auth-key',
  'authentication-password',
  'encryption-password',
  'wpa-pre-shared-key',
  'wpa2-pre-shared-key',
  'pre-shared-key',
  'preshared-key',
  'private-key',
  'passphrase',
  'shared-secret',
  'ipsec-secret',
  'radius-secret',
  'key',
] as const;

export const ROUTEROS_SECRETS: SecretRule[] = [
  attributes('routeros-secret', ROUTEROS_SECRET_ATTRIBUTES),
  // The community's name is its secret: `/snmp community add name=…` and `set [ find default=yes ] name=…`.
  { name: 'snmp-community', pattern: new RegExp(String.raw`(?<pre>^/snmp community (?:add|set)\b.*?\sname=)${VALUE}`) },
];

/** WireGuard public keys are random-looking by nature; `/ppp secret` is a menu, not a value. */
export const ROUTEROS_PUBLIC = [/\bpublic-key=\S+/g, /^\/ppp secret\b/];

export const routeros: PlatformProfile = {
  name: 'routeros',
  title: 'MikroTik RouterOS (/export terse)',
  mode: 'exec',
  commands: ['/export terse'],
  prompt: /^\[[^\]]+\] [>/]+ ?$/,
  // v7: `# 2024-01-02 12:34:56 by RouterOS 7.13.5`; v6: `# jan/02/2024 12:34:56 by RouterOS 6.49.10`.
  volatile: [/^# \S+ \S+ by RouterOS /],
  secrets: ROUTEROS_SECRETS,
  blocks: [PEM_BLOCK],
  scanSkips: ROUTEROS_PUBLIC,
};
