/**
 * Loads a directory of .snmprec files (community = file name without the extension, as snmpsim
 * does). Files reached through symlinks are parsed and encoded once per real file, so a thousand
 * aliases of one recording cost a thousand map entries, not a thousand copies.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../log';
import { encodeMib, type EncodedMib } from './mib';
import { parseSnmprec } from './snmprec';
import { supplyUsePlan, type SupplyUsePlan } from './supply-use';

export const SNMPREC_EXT = '.snmprec';

export interface LoadedRecordings {
  /** community → encoded data (aliases share one object). */
  devices: Map<string, EncodedMib>;
  /** Distinct real files parsed. */
  files: number;
  /** Lines skipped as unusable, over all distinct files. */
  skippedLines: number;
  /** community → simulated supply use, for recordings that ask for it (supply-use.ts). */
  supplyUse: Map<string, SupplyUsePlan>;
}

/** Parses and encodes one recording; unusable lines are logged and left out. */
export function encodeRecording(text: string, file: string, logger: Logger): { mib: EncodedMib; skipped: number; supplyUse?: SupplyUsePlan } {
  const parsed = parseSnmprec(text);
  for (const p of parsed.problems) {
    logger.warn({ file, line: p.line, text: p.text, reason: p.reason }, 'snmprec line skipped');
  }
  const { mib, problems } = encodeMib(parsed.varbinds);
  for (const p of problems) logger.warn({ file, oid: p.oid, reason: p.reason }, 'snmprec value skipped');
  return { mib, skipped: parsed.problems.length + problems.length, supplyUse: supplyUsePlan(text, parsed.varbinds) };
}

/** Throws (with the OS reason) when `dir` cannot be read; an empty directory loads as no devices. */
export async function loadRecordings(dir: string, logger: Logger): Promise<LoadedRecordings> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith(SNMPREC_EXT) && e.name.length > SNMPREC_EXT.length)
    .map((e) => e.name)
    .sort();
  const byRealPath = new Map<string, Promise<ReturnType<typeof encodeRecording> | undefined>>();
  const load = (real: string): Promise<ReturnType<typeof encodeRecording> | undefined> => {
    let pending = byRealPath.get(real);
    if (!pending) {
      pending = fs.readFile(real).then(
        // latin1 maps every byte to one character, so values reach the wire byte for byte.
        (bytes) => encodeRecording(bytes.toString('latin1'), real, logger),
        (err: unknown) => {
          logger.warn({ file: real, err: errMessage(err) }, 'recording unreadable, skipped');
          return undefined;
        },
      );
      byRealPath.set(real, pending);
    }
    return pending;
  };
  const resolved = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      try {
        return { name, real: await fs.realpath(file) };
      } catch (err) {
        logger.warn({ file, err: errMessage(err) }, 'recording unreachable (broken link?), skipped');
        return { name, real: undefined };
      }
    }),
  );
  const devices = new Map<string, EncodedMib>();
  const supplyUse = new Map<string, SupplyUsePlan>();
  let skippedLines = 0;
  const counted = new Set<string>();
  for (const { name, real } of resolved) {
    if (real === undefined) continue;
    const loaded = await load(real);
    if (!loaded) continue;
    if (!counted.has(real)) {
      counted.add(real);
      skippedLines += loaded.skipped;
    }
    devices.set(name.slice(0, -SNMPREC_EXT.length), loaded.mib);
    if (loaded.supplyUse) supplyUse.set(name.slice(0, -SNMPREC_EXT.length), loaded.supplyUse);
  }
  return { devices, files: counted.size, skippedLines, supplyUse };
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
