/**
 * Defence in depth for API answers: besides building explicit views, every JSON body is scrubbed
 * of the literal values of all configured secrets (an error message quoting a community, say).
 */
import type { Secret } from '../config/secret';
import type { RuntimeConfig } from '../config/types';

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

/** Pure: `json` with every occurrence of each secret (as it would appear JSON-escaped) replaced. */
export function scrubSecrets(json: string, secrets: string[]): string {
  let out = json;
  for (const value of secrets) {
    const escaped = JSON.stringify(value).slice(1, -1);
    out = out.split(escaped).join('<secret>');
  }
  return out;
}
