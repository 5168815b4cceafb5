/**
 * How a simulated device of each platform looks on its CLI: prompt, pager text, banners. Real
 * devices' wording (Cisco's " --More-- ", ProCurve's "Press any key to continue").
 */
import type { SshProfileName } from '../../config/vocabulary';
import { PROFILES } from '../../platforms/profiles';
import { planFetch } from '../../probes/ssh/plan';

export interface Personality {
  prompt(host: string, user: string, privileged: boolean): string;
  pagerText?: string;
  pressAnyKey?: boolean;
  /** Commands accepted (and answered with nothing) before the config commands. */
  setup: string[];
}

const cisco = (host: string, _u: string, priv: boolean) => `${host}${priv ? '#' : '>'}`;
const hash = (host: string) => `${host}# `;

export const PERSONALITIES: Record<SshProfileName, Personality> = {
  cisco_ios: { prompt: cisco, pagerText: ' --More-- ', setup: ['terminal length 0', 'terminal width 0'] },
  cisco_nxos: { prompt: (h) => `${h}# `, pagerText: ' --More-- ', setup: ['terminal length 0'] },
  cisco_asa: { prompt: cisco, pagerText: '<--- More --->', setup: ['terminal pager 0'] },
  aruba_aoscx: { prompt: hash, pagerText: '-- MORE --, next page: Space, next line: Enter, quit: Control-C', setup: ['no page'] },
  hp_procurve: { prompt: cisco, pagerText: '-- MORE --, next page: Space, next line: Enter, quit: Control-C', pressAnyKey: true, setup: ['no page'] },
  junos: { prompt: (h, u) => `${u}@${h}> `, pagerText: '---(more)---', setup: [] },
  routeros: { prompt: (h, u) => `[${u}@${h}] > `, setup: [] },
  fortios: { prompt: (h) => `${h} # `, pagerText: '--More-- ', setup: [] },
  panos: { prompt: (h, u) => `${u}@${h}> `, setup: ['set cli pager off'] },
  pfsense: { prompt: (h, u) => `[2.7.2-RELEASE][${u}@${h}]/root: `, setup: [] },
  linux: { prompt: (h, u) => `${u}@${h}:~$ `, setup: [] },
  custom: { prompt: (h) => `${h}> `, setup: [] },
};

export interface FixtureDevice {
  /** Exact command → the text it prints. */
  answers: Map<string, string>;
  /** What the device's `ssh:` settings must say so the probe asks these commands (linux, custom). */
  files?: string[];
  commands?: string[];
}

/**
 * A fixture as one device: single-command profiles answer their command with the whole text;
 * a `### label` sectioned fixture (linux, custom) answers one file or command per section.
 */
export function fixtureDevice(profile: SshProfileName, text: () => string): { device: FixtureDevice; answer: (command: string) => string | undefined } {
  const sections = [...text().matchAll(/^### (.+)$/gm)].map((m) => m[1] as string);
  const device: FixtureDevice = { answers: new Map() };
  if (sections.length > 0) {
    const files = sections.filter((s) => s.startsWith('/'));
    const commands = sections.filter((s) => !s.startsWith('/'));
    if (files.length > 0) device.files = files;
    if (commands.length > 0) device.commands = commands;
  }
  const plan = planFetch(PROFILES[profile], { profile, port: 22, username: 'x', files: device.files, commands: device.commands });
  const answer = (command: string): string | undefined => {
    const step = plan.steps.find((s) => s.command === command);
    if (!step) return undefined;
    if (sections.length === 0) return text();
    const all = text();
    const start = all.indexOf(`### ${step.label}\n`);
    if (start < 0) return '';
    const from = start + `### ${step.label}\n`.length;
    const next = all.indexOf('\n### ', from - 1);
    return all.slice(from, next < 0 ? undefined : next + 1);
  };
  for (const s of plan.steps) device.answers.set(s.command, answer(s.command) ?? '');
  return { device, answer };
}
