/** Unified diffs between two stored versions of a device (jsdiff), the form the report and the API show. */
import { createTwoFilesPatch } from 'diff';
import type { GitConfigStore } from './git-store';

export function unifiedDiff(device: string, before: string, after: string, fromLabel: string, toLabel: string): string {
  const patch = createTwoFilesPatch(`${device} ${fromLabel}`, `${device} ${toLabel}`, before, after, undefined, undefined, { context: 3 });
  // jsdiff's first line is a "====" separator; the ---/+++ header and hunks are the unified diff.
  return patch.replace(/^=+\n/, '');
}

/** The diff between two revisions of a device (`from` absent: against nothing, the first version). */
export async function diffRevisions(store: GitConfigStore, device: string, from: string | undefined, to: string): Promise<string> {
  const before = from === undefined ? '' : ((await store.text(device, from)) ?? '');
  const after = (await store.text(device, to)) ?? '';
  return unifiedDiff(device, before, after, from === undefined ? '(none)' : from.slice(0, 12), to.slice(0, 12));
}
