/** Juniper Junos: exec channel, `show configuration | display set`. */
import { afterKeyword, PEM_BLOCK, VALUE } from '../rules';
import type { PlatformProfile } from '../types';

export const junos: PlatformProfile = {
  name: 'junos',
  title: 'Juniper Junos',
  mode: 'exec',
  commands: ['show configuration | display set'],
  prompt: /^[\w.\-@]+[>#%] ?$/,
  pager: { pattern: /---\(more(?: \d+%)?\)---/, reply: ' ' },
  volatile: [/^## Last (?:changed|commit): /],
  secrets: [
    afterKeyword(
      'junos-secret',
      '(?:encrypted-password|secret|authentication-key|authentication-password|privacy-password|privacy-key|simple-password|md5 \\d+ key)',
    ),
    afterKeyword('junos-psk', 'pre-shared-key', 'ascii-text|hexadecimal'),
    { name: 'snmp-community', pattern: new RegExp(String.raw`(?<pre>\bsnmp community )${VALUE}`, 'g') },
  ],
  blocks: [PEM_BLOCK],
};
