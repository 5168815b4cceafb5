/**
 * Building blocks the profiles share: the shapes secrets take (keyword + value, key=value,
 * XML elements, PEM blocks) and the legacy SSH algorithms older devices still need.
 */
import type { SecretBlock, SecretRule, SshAlgorithmLists } from './types';

/** A value as devices print it: a quoted string (with escapes) or one word. */
export const VALUE = String.raw`(?:"(?:[^"\\]|\\.)*"|'[^']*'|\S+)`;

/**
 * `keyword [qualifier…] VALUE`: the value after the keyword (and after optional qualifiers such
 * as Cisco's type digit `7` or Junos's `ascii-text`) is the secret.
 */
export function afterKeyword(name: string, keyword: string, qualifiers = ''): SecretRule {
  const q = qualifiers ? `(?:(?:${qualifiers})\\s+)*` : '';
  return { name, pattern: new RegExp(`(?<pre>(?:^|\\s)(?:${keyword})\\s+${q})${VALUE}`, 'g') };
}

/** `key=value` attributes (RouterOS export and API text). */
export function attributes(name: string, keys: readonly string[]): SecretRule {
  return { name, pattern: new RegExp(`(?<pre>(?:^|\\s)(?:${keys.join('|')})=)${VALUE}`, 'g') };
}

/** `<tag>value</tag>` on one line (pfSense config.xml, PAN-OS). */
export function xmlElements(name: string, tags: readonly string[]): SecretRule {
  return { name, pattern: new RegExp(`(?<pre><(?<tag>${tags.join('|')})(?:\\s[^>]*)?>)(?:<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|[^<]+)(?<post></\\k<tag>>)`, 'g') };
}

/** Private keys and certificates in PEM, wherever they appear (FortiOS quotes them, Linux files hold them bare). */
export const PEM_BLOCK: SecretBlock = {
  name: 'pem-block',
  start: /-----BEGIN [A-Z0-9 ]*(?:PRIVATE KEY|CERTIFICATE)-----/,
  end: /-----END [A-Z0-9 ]*(?:PRIVATE KEY|CERTIFICATE)-----/,
};

/** Kex, host-key, cipher and MAC algorithms of pre-2015 firmware (IOS 12.x/15.0, old ProCurve, ASA 8.x). */
export const LEGACY_ALGORITHMS: SshAlgorithmLists = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
  serverHostKey: ['ssh-dss'],
  cipher: ['aes128-cbc', 'aes192-cbc', 'aes256-cbc', '3des-cbc'],
  hmac: ['hmac-md5'],
};

/** Public keys look like secrets to the entropy scan; these lines carry them by design. */
export const SSH_PUBLIC_KEY = /\b(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+)\s+AAAA[A-Za-z0-9+/=]+/;

/** Generic `password …`/`secret …` lines, for platforms whose shapes are open-ended (linux, custom). */
export const GENERIC_SECRETS: SecretRule[] = [
  afterKeyword('keyword-value', 'password|passwd|passphrase|secret'),
  {
    name: 'keyword-assignment',
    pattern: /(?<pre>\b[\w.-]*(?:pass(?:word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|psk|community)[\w.-]*\s*[=:]\s*)(?:"(?:[^"\\]|\\.)*"|'[^']*'|\S+)/gi,
  },
];
