/**
 * Pure: a device's ssh settings + its platform profile → what to run and how to recognise the
 * device waiting (the commands, files, prompt and mode actually used).
 */
import type { SshSettings } from '../../inventory/types';
import type { PlatformProfile } from '../../platforms/types';

export interface FetchStep {
  /** The section header in a multi-part backup (the command, or the file path). */
  label: string;
  command: string;
}

export interface FetchPlan {
  mode: 'exec' | 'shell';
  steps: FetchStep[];
  /** Shell mode only. */
  setup: string[];
  prompt: RegExp;
}

/** Single-quoted for a POSIX shell; the schema already refuses quotes in paths. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function planFetch(profile: PlatformProfile, ssh: SshSettings): FetchPlan {
  const files = ssh.files ?? profile.files ?? [];
  const commands = ssh.commands ?? profile.commands;
  const mode = ssh.mode ?? profile.mode;
  return {
    mode,
    steps: [...files.map((f) => ({ label: f, command: `cat -- ${shellQuote(f)}` })), ...commands.map((c) => ({ label: c, command: c }))],
    setup: mode === 'shell' ? (profile.setup ?? []) : [],
    prompt: ssh.prompt !== undefined ? new RegExp(ssh.prompt) : profile.prompt,
  };
}

/** One command's output is the config as is; several get a `### label` line each. */
export function assemble(parts: ReadonlyArray<{ label: string; text: string }>): string {
  if (parts.length === 1) return parts[0]?.text ?? '';
  return parts.map((p) => `### ${p.label}\n${p.text.replace(/\n*$/, '')}\n`).join('');
}
