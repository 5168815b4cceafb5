/**
 * The SSH backup probe: fetch the configuration with the device's platform profile, normalise it
 * (platforms/normalize.ts) and hand it on as the outcome's `config`. A fetch never counts for
 * device_up; its failure is one line saying what went wrong.
 */
import type { DeviceTarget } from '../../inventory/types';
import type { Sample } from '../../metrics/names';
import { normalizeConfig } from '../../platforms/normalize';
import { findProfile } from '../../platforms/profiles';
import type { HostKeyStore, Probe, ProbeContext, ProbeOutcome } from '../types';
import { classifyError, SshFetchError, toFailure } from './errors';
import { fetchConfig } from './fetch';
import { createMemoryHostKeyStore } from './host-key';

export interface SshProbeDeps {
  /** Shared pinned keys; without one, keys are pinned for the life of this process. */
  hostKeys?: HostKeyStore;
}

function samples(success: boolean, hostKeyChanged: boolean): Sample[] {
  return [
    { name: 'quarkpulse_config_backup_success', labels: {}, value: success ? 1 : 0 },
    { name: 'quarkpulse_config_hostkey_changed', labels: {}, value: hostKeyChanged ? 1 : 0 },
  ];
}

export function createSshProbe(deps: SshProbeDeps = {}): Probe {
  const hostKeys = deps.hostKeys ?? createMemoryHostKeyStore();
  return {
    kind: 'ssh',
    async run(target: DeviceTarget, ctx: ProbeContext): Promise<ProbeOutcome> {
      const ssh = target.ssh;
      if (!ssh) return { success: false, samples: [], error: { kind: 'config', message: 'ssh: the device has no `ssh:` settings' } };
      const profile = findProfile(ssh.profile);
      if (!profile) return { success: false, samples: samples(false, false), error: { kind: 'config', message: `ssh: unknown profile "${ssh.profile}"` } };
      let raw: string;
      try {
        raw = await fetchConfig({ device: target.name, address: target.address, ssh, profile, hostKeys, signal: ctx.signal });
      } catch (err) {
        const failure = err instanceof SshFetchError ? err : classifyError(err, `${target.address}:${ssh.port}`);
        return { success: false, samples: samples(false, failure.hostKeyChanged), error: toFailure(failure) };
      }
      const config = normalizeConfig(profile.name, raw);
      if (config.leak) {
        ctx.logger.warn({ line: config.leak.line, rule: config.leak.rule }, 'config backup blocked: a secret survived redaction');
        return {
          success: false,
          samples: samples(false, false),
          error: { kind: 'config', message: `config line ${config.leak.line} still looks like a secret (${config.leak.rule}); version not stored` },
          // The line number and rule only: the text that still holds a secret never leaves this process.
          config: { profile: profile.name, text: '', leak: config.leak },
        };
      }
      return { success: true, samples: samples(true, false), config: { profile: profile.name, text: config.text } };
    },
  };
}
