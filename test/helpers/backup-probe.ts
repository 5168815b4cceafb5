/**
 * A stand-in config-backup probe kind, registered through createProbeRegistry like any kind: it
 * applies to devices with `ssh:` and "fetches" whatever the test put in `configs` for the device
 * (a text, or an Error for a failed fetch), normalised by the real normalizeConfig. Marking a line
 * with LEAK-ME makes the outcome carry a leak on that line, as the fail-closed scan would.
 */
import { normalizeConfig } from '../../src/platforms/normalize';
import type { ProbeDefinition, ProbeOutcome } from '../../src/probes/types';

export const STANDIN_KIND = 'standin';

export class StandInConfigs {
  readonly configs = new Map<string, string | Error>();
  /** Fetches per device, so tests can wait for a backup round. */
  readonly fetches = new Map<string, number>();

  set(device: string, value: string | Error): void {
    this.configs.set(device, value);
  }

  definition(opts: { intervalMs?: number; delayMs?: number } = {}): ProbeDefinition {
    return {
      kind: STANDIN_KIND,
      appliesTo: (t) => t.ssh !== undefined,
      producesConfig: () => true,
      intervalMs: (t) => opts.intervalMs ?? t.intervalsMs.backup,
      defaultTimeoutMs: 5_000,
      countsForAvailability: false,
      create: () => ({
        kind: STANDIN_KIND,
        run: async (target): Promise<ProbeOutcome> => {
          if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
          this.fetches.set(target.name, (this.fetches.get(target.name) ?? 0) + 1);
          const raw = this.configs.get(target.name) ?? new Error(`connect ECONNREFUSED ${target.address}:${target.ssh?.port ?? 22}`);
          if (raw instanceof Error) return { success: false, samples: [], error: { kind: 'unreachable', message: raw.message } };
          const profile = target.ssh?.profile ?? 'custom';
          const normalized = normalizeConfig(profile, raw);
          const leakLine = normalized.text.split('\n').findIndex((l) => l.includes('LEAK-ME'));
          return {
            success: true,
            samples: [],
            config: { profile, text: normalized.text, ...(leakLine >= 0 ? { leak: { line: leakLine + 1, rule: 'test_token' } } : {}) },
          };
        },
      }),
      settingsView: (t) => (t.ssh ? { profile: t.ssh.profile, port: t.ssh.port } : null),
    };
  }
}
