/**
 * Pure: a device's configuration text as fetched → the text that is stored and diffed.
 * Volatile lines (timestamps, uptime counters, "Last configuration change") are removed so an
 * unchanged device never makes a new version; secrets are replaced by SECRET_MARKER following the
 * profile's rules; then a fail-closed scan (leak-scan.ts) looks for anything that still resembles
 * a secret and reports its line.
 */
import { scanForLeaks } from './leak-scan';
import { findProfile, PROFILES } from './profiles';
import type { PlatformProfile, SecretBlock, SecretRule } from './types';

/** What replaces every secret value in a stored configuration. */
export const SECRET_MARKER = '<removed>';

export interface NormalizedConfig {
  text: string;
  /** Set when the fail-closed scan still found a secret-like value: never store this version. */
  leak?: { line: number; rule: string };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Lines strictly between a block's start and end become one marker line, indented like the first of them. */
function redactBlocks(lines: string[], blocks: readonly SecretBlock[]): string[] {
  const out: string[] = [];
  let open: { block: SecretBlock; indent?: string } | undefined;
  for (const line of lines) {
    if (!open) {
      out.push(line);
      const block = blocks.find((b) => b.start.test(line));
      if (block) open = { block };
    } else if (open.block.end.test(line)) {
      if (open.indent !== undefined) out.push(`${open.indent}${SECRET_MARKER}`);
      out.push(line);
      open = undefined;
    } else {
      open.indent ??= ' '.repeat(indentOf(line));
    }
  }
  // An unterminated block (output cut short) is still a secret.
  if (open?.indent !== undefined) out.push(`${open.indent}${SECRET_MARKER}`);
  return out;
}

function replaceSecret(line: string, rule: SecretRule): string {
  return line.replace(rule.pattern, (...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<string, string | undefined> | undefined;
    return `${groups?.pre ?? ''}${SECRET_MARKER}${groups?.post ?? ''}`;
  });
}

function replaceSecrets(lines: string[], rules: readonly SecretRule[]): string[] {
  const sectionIndent = new Map<SecretRule, number | undefined>();
  return lines.map((line) => {
    let out = line;
    for (const rule of rules) {
      if (rule.within) {
        let indent = sectionIndent.get(rule);
        const ends = rule.until ? rule.until.test(line) : line.trim() !== '' && indentOf(line) <= (indent ?? 0);
        if (indent !== undefined && ends) indent = undefined;
        if (rule.within.test(line)) indent = indentOf(line);
        sectionIndent.set(rule, indent);
        if (indent === undefined) continue;
      }
      rule.pattern.lastIndex = 0;
      out = replaceSecret(out, rule);
    }
    return out;
  });
}

function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') start++;
  while (end > start && lines[end - 1] === '') end--;
  return lines.slice(start, end);
}

/** Volatile lines out, secrets replaced; the lines as they would be stored, before the fail-closed scan. */
export function redactLines(profile: PlatformProfile, raw: string): string[] {
  let lines = raw.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  lines = redactBlocks(lines, profile.blocks ?? []);
  lines = lines.filter((l) => !profile.volatile.some((re) => re.test(l)));
  const fields = profile.volatileFields ?? [];
  if (fields.length > 0) lines = lines.map((l) => fields.reduce((acc, re) => acc.replace(re, ''), l));
  return trimBlankEdges(replaceSecrets(lines, profile.secrets));
}

export function normalizeWith(profile: PlatformProfile, raw: string): NormalizedConfig {
  const lines = redactLines(profile, raw);
  const text = `${lines.join('\n')}\n`;
  const leak = scanForLeaks(lines, { marker: SECRET_MARKER, scanSkips: profile.scanSkips });
  // The text of a leaking version holds a secret: it must not travel on (queue, result store), so it is dropped here.
  return leak ? { text: '', leak } : { text };
}

/** Unknown profile names (a result from another version) get the generic `custom` rules: still redacted, still scanned. */
export function normalizeConfig(profile: string, raw: string): NormalizedConfig {
  return normalizeWith(findProfile(profile) ?? PROFILES.custom, raw);
}
