/**
 * Defence in depth for API answers: besides building explicit views, every JSON body is scrubbed
 * of the literal values of all configured secrets (an error message quoting a community, say).
 */
import { Secret } from '../config/secret';
import type { RuntimeConfig } from '../inventory/runtime-config';

/** Shorter values would blank out ordinary words in device descriptions; they are not secrets worth the name. */
const MIN_SCRUB_LENGTH = 4;

/** Per config in force (it is replaced, never mutated, on reload): one walk, not one per answer. */
const cache = new WeakMap<object, string[]>();

export function secretValues(config: Pick<RuntimeConfig, 'devices' | 'http'>): string[] {
  let values = cache.get(config);
  if (!values) cache.set(config, (values = collectValues(config)));
  return values;
}

function collectValues(config: Pick<RuntimeConfig, 'devices' | 'http'>): string[] {
  const values = new Set<string>();
  const add = (s: Secret) => {
    const v = s.reveal();
    if (v.length >= MIN_SCRUB_LENGTH) values.add(v);
  };
  if (config.http.token) add(config.http.token);
  // Every Secret anywhere in a device's settings, whatever probe kind holds it: no list to keep in step.
  for (const d of config.devices) collectSecrets(d, add);
  // Longest first, so a secret containing another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length);
}

function collectSecrets(value: unknown, add: (s: Secret) => void): void {
  if (value instanceof Secret) add(value);
  else if (Array.isArray(value)) for (const item of value) collectSecrets(item, add);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collectSecrets(item, add);
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
