/**
 * Defence in depth for API answers: besides building explicit views, every JSON body is scrubbed
 * of the literal values of all configured secrets (an error message quoting a community, say).
 */
import type { Secret } from '../config/secret';
import type { RuntimeConfig } from '../inventory/runtime-config';

/** Shorter values would blank out ordinary words in device descriptions; they are not secrets worth the name. */
const MIN_SCRUB_LENGTH = 4;

export function secretValues(config: Pick<RuntimeConfig, 'devices' | 'http'>): string[] {
  const secrets: Array<Secret | undefined> = [config.http.token];
  for (const d of config.devices) {
    secrets.push(d.snmp?.community, d.snmp?.v3?.authKey, d.snmp?.v3?.privKey, d.ssh?.password, d.ssh?.privateKey, d.routeros?.password);
  }
  const values = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    const v = s.reveal();
    if (v.length >= MIN_SCRUB_LENGTH) values.add(v);
  }
  // Longest first, so a secret containing another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * Free text is where a secret can slip in (a probe error quoting the community it used). Names,
 * labels and other identifiers are left alone: a lab whose community equals the device name must
 * not have its device names blanked out.
 */
const FREE_TEXT_KEYS = new Set(['error', 'message', 'detail', 'reason', 'description', 'summary', 'problems']);

/** Pure: a copy of `body` with every secret replaced by `<secret>` inside free-text string values. */
export function scrubSecrets(body: unknown, secrets: string[], inFreeText = false): unknown {
  if (secrets.length === 0) return body;
  if (typeof body === 'string') {
    if (!inFreeText) return body;
    let out = body;
    for (const value of secrets) out = out.split(value).join('<secret>');
    return out;
  }
  if (Array.isArray(body)) return body.map((item) => scrubSecrets(item, secrets, inFreeText));
  if (body !== null && typeof body === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) out[key] = scrubSecrets(value, secrets, inFreeText || FREE_TEXT_KEYS.has(key));
    return out;
  }
  return body;
}
