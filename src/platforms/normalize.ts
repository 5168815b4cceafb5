/**
 * Pure: a device's configuration text as fetched → the text that is stored and diffed.
 * Volatile lines (timestamps, uptime counters, "Last configuration change") are removed so an
 * unchanged device never makes a new version; secrets are replaced by SECRET_MARKER; then a
 * fail-closed scan looks for anything that still resembles a secret and reports its line.
 *
 * SEAM: the platform profiles (commands, prompts, pager, volatile and secret rules per platform)
 * are being written; until then this only normalises line endings and trailing blanks.
 */

/** What replaces every secret value in a stored configuration. */
export const SECRET_MARKER = '<removed>';

export interface NormalizedConfig {
  text: string;
  /** Set when the fail-closed scan still found a secret-like value: never store this version. */
  leak?: { line: number; rule: string };
}

export function normalizeConfig(profile: string, raw: string): NormalizedConfig {
  void profile;
  const lines = raw.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { text: `${lines.join('\n')}\n` };
}
