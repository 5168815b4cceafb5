/** SSH config backup in the probe registry: runs at `intervals.backup`, never counts for device_up. */
import type { ProbeDefinition } from '../types';
import { createSshProbe } from './index';

export const sshProbe: ProbeDefinition = {
  kind: 'ssh',
  appliesTo: (target) => target.ssh !== undefined,
  intervalMs: (target) => target.intervalsMs.backup,
  // Big configs over slow links (a 9600-baud console server, a 1 MB ASA config) take minutes.
  defaultTimeoutMs: 300_000,
  countsForAvailability: false,
  producesConfig: () => true,
  create: (deps) => createSshProbe({ hostKeys: deps.hostKeys }),
  settingsView: (target) => {
    const s = target.ssh;
    if (!s) return null;
    return {
      profile: s.profile,
      port: s.port,
      auth: s.privateKey ? 'private_key' : 'password',
      ...(s.mode ? { mode: s.mode } : {}),
      legacyAlgorithms: s.legacyAlgorithms === true,
      enable: s.enablePassword !== undefined,
    };
  },
};
