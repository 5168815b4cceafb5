/** Anything else: the commands come from the device's `ssh.commands`; generic secret rules and the fail-closed scan. */
import { GENERIC_SECRETS, PEM_BLOCK } from '../rules';
import type { PlatformProfile } from '../types';

export const custom: PlatformProfile = {
  name: 'custom',
  title: 'custom (commands from the config)',
  mode: 'exec',
  commands: [],
  prompt: /^[\w.\-@:~/()[\]]+[#$%>] ?$/,
  volatile: [],
  secrets: GENERIC_SECRETS,
  blocks: [PEM_BLOCK],
};
