/** A Linux/Unix server: files read with `cat` plus commands, each output under a `### …` header. */
import { GENERIC_SECRETS, PEM_BLOCK } from '../rules';
import type { PlatformProfile } from '../types';

export const linux: PlatformProfile = {
  name: 'linux',
  title: 'Linux/Unix server (files and commands)',
  mode: 'exec',
  files: ['/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/etc/fstab', '/etc/ssh/sshd_config'],
  commands: ['ip -br address show', 'ip route show'],
  prompt: /^[\w.\-@:~/[\]]+[#$%] ?$/,
  volatile: [],
  volatileFields: [/\s+expires \d+sec/g],
  secrets: GENERIC_SECRETS,
  blocks: [PEM_BLOCK],
};
