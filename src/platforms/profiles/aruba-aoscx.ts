/** HPE Aruba AOS-CX: interactive shell, `no page`, `show running-config`; secrets printed as `ciphertext …`. */
import { afterKeyword, PEM_BLOCK, VALUE } from '../rules';
import type { PlatformProfile } from '../types';

export const arubaAoscx: PlatformProfile = {
  name: 'aruba_aoscx',
  title: 'HPE Aruba AOS-CX',
  mode: 'shell',
  setup: ['no page'],
  commands: ['show running-config'],
  prompt: /^[\w.\-@/:]+(?:\([\w-]+\))?[#>] ?$/,
  pager: { pattern: /-- MORE --, next page: Space, next line: Enter, quit: Control-C/, reply: ' ' },
  volatile: [/^Current configuration:$/, /^!Version ArubaOS-CX /, /^!export-password: /],
  secrets: [
    { name: 'aoscx-ciphertext', pattern: new RegExp(String.raw`(?<pre>\b(?:password|key|auth-pass|priv-pass|secret|psk) (?:ciphertext|plaintext) )${VALUE}`, 'g') },
    afterKeyword('snmp-community', 'snmp-server community'),
  ],
  blocks: [PEM_BLOCK],
};
