/**
 * The fail-closed second look: after a profile's rules have run, anything that still has the
 * shape of a secret blocks the version. It knows nothing of platforms on purpose — it exists for
 * the secret no profile rule anticipated — and it reports a line number and a rule name, never
 * the value it saw.
 */
import { SSH_PUBLIC_KEY } from './rules';

export interface Leak {
  /** 1-based, in the normalised text. */
  line: number;
  rule: string;
}

export interface ScanOptions {
  marker: string;
  /** Text removed from a line before it is scanned (public keys, menu names). */
  scanSkips?: readonly RegExp[];
}

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]+-----/;

/** crypt(3) ($1$ MD5, $5$/$6$ SHA, $y$ yescrypt), bcrypt ($2a$/$2b$/$2y$), Cisco $8$/$9$/$14$, Junos $9$. */
const CRYPT_HASH = /(?:^|[^\w$])\$(?:1|2[abxy]?|5|6|7|8|9|y|gy|14|sha1|md5|apr1)\$[^\s"'<>$]*\$?[^\s"'<>]{4,}/;

/** MD5/SHA-1/SHA-2 digests and localized SNMPv3 keys printed as hex. */
const HEX_DIGEST = /(?:^|[^0-9A-Za-z])(?:0x)?(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{32,}(?![0-9A-Za-z])/;

/** Key words after which a value is a credential, whatever the platform calls the setting. */
const SECRET_KEYWORD = String.raw`(?:password|passwd|passphrase|secret|shared-secret|shared_key|pre-shared-key|psk|psksecret|key-string|community|auth-pass|priv-pass|auth-pwd|priv-pwd|authpwd|privpwd|phash|bcrypt-hash|private-key|privatekey|prv|api-key|apikey|token)`;
const KEYWORD_VALUE = new RegExp(
  String.raw`(?:^|[\s<"'{(])${SECRET_KEYWORD}(?:\s*[=:>]\s*|\s+)(?:(?:[0-9]|encrypted|ciphertext|plaintext|ascii-text|ascii|hex|ENC|sha\d*|md5|aes(?:\s+\d+)?|des)\s+)*(<[^\s<>]+>|"(?:[^"\\]|\\.)*"|'[^']*'|[^\s<"']+)`,
  'gi',
);
/**
 * What follows a secret key word in settings that hold no secret: a lowercase word of the
 * config's own vocabulary (`password manager`, `secret required`) or a small number (a type or
 * an index). A plain lowercase password in an unknown shape slips through here; hashes, mixed
 * tokens and anything with digits or symbols do not.
 */
const NOT_A_VALUE = /^(?:[a-z][a-z-]*|\d{1,2})$/;

/** Base64 and hex alphabets only: `-`, `_` and `.` split names (`Port-channel10-to-DC2`) into short words. */
const TOKEN = /[A-Za-z0-9+/=]{24,}/g;

function entropyBitsPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length);
  return bits;
}

const classOf = (ch: string): number => (ch >= 'a' && ch <= 'z' ? 0 : ch >= 'A' && ch <= 'Z' ? 1 : ch >= '0' && ch <= '9' ? 2 : 3);

/**
 * Random or encoded (base64 of anything flips between lower, upper and digit about every other
 * character; names such as `FortyGigabitEthernet1/0/1` run in words), with near-maximal entropy.
 */
function looksRandom(token: string): boolean {
  const chars = [...token].filter((ch) => classOf(ch) < 3);
  if (new Set(chars.map(classOf)).size < 3) return false;
  let flips = 0;
  for (let i = 1; i < chars.length; i++) if (classOf(chars[i] ?? '') !== classOf(chars[i - 1] ?? '')) flips++;
  if (flips / (chars.length - 1) < 0.45) return false;
  return entropyBitsPerChar(token) >= 0.75 * Math.log2(Math.min(token.length, 64));
}

function keywordLeak(line: string, marker: string): boolean {
  for (const m of line.matchAll(KEYWORD_VALUE)) {
    const value = (m[1] ?? '').replace(/^["']|["']$/g, '');
    if (value === '' || value === marker || value.startsWith(marker) || NOT_A_VALUE.test(value)) continue;
    return true;
  }
  return false;
}

export function scanForLeaks(lines: readonly string[], opts: ScanOptions): Leak | undefined {
  const scanSkips = [SSH_PUBLIC_KEY, ...(opts.scanSkips ?? [])];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (PEM_BEGIN.test(raw)) {
      const next = lines.slice(i + 1).findIndex((l) => l.trim() !== '');
      const body = next < 0 ? '' : (lines[i + 1 + next] ?? '').trim().replace(/^"|"$/g, '');
      if (body !== '' && body !== opts.marker && !/^-----END /.test(body)) return { line: i + 2 + next, rule: 'pem-block' };
    }
    const line = scanSkips.reduce((l, re) => l.replace(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`), ''), raw);
    if (CRYPT_HASH.test(line)) return { line: i + 1, rule: 'password-hash' };
    if (HEX_DIGEST.test(line)) return { line: i + 1, rule: 'hex-digest' };
    if (keywordLeak(line, opts.marker)) return { line: i + 1, rule: 'secret-keyword' };
    for (const m of line.matchAll(TOKEN)) if (looksRandom(m[0])) return { line: i + 1, rule: 'high-entropy' };
  }
  return undefined;
}
