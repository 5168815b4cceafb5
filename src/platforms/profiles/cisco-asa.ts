/** Cisco ASA: interactive shell, `terminal pager 0`, enable mode, `show running-config`. */
import { afterKeyword, LEGACY_ALGORITHMS, PEM_BLOCK, VALUE } from '../rules';
import type { PlatformProfile } from '../types';
import { CISCO_SECRETS } from './cisco-ios';

export const ciscoAsa: PlatformProfile = {
  name: 'cisco_asa',
  title: 'Cisco ASA',
  mode: 'shell',
  setup: ['terminal pager 0'],
  commands: ['show running-config'],
  prompt: /^[\w.\-@()/:]+[>#] ?$/,
  pager: { pattern: /<--- More --->/, reply: ' ' },
  enable: { command: 'enable', unprivileged: />\s*$/, passwordPrompt: /[Pp]assword: ?$/, refused: /(?:Invalid password|Access denied)/ },
  legacyAlgorithms: LEGACY_ALGORITHMS,
  volatile: [/^: Saved$/, /^: Written by .* at /, /^Cryptochecksum:/, /^: end$/],
  secrets: [
    ...CISCO_SECRETS,
    afterKeyword('asa-passwd', 'passwd'),
    afterKeyword('asa-snmp-host-community', String.raw`snmp-server host \S+ \S+(?: poll| trap)? community`, '[0-9]'),
    afterKeyword('tunnel-group-psk', '(?:ikev1|ikev2 (?:local|remote)-authentication) pre-shared-key', '[0-9]'),
    { name: 'aaa-server-key', within: /^aaa-server /, pattern: new RegExp(String.raw`(?<pre>^\s+key )${VALUE}`) },
  ],
  blocks: [PEM_BLOCK, { name: 'pki-certificate', start: /^\s*certificate (?:ca )?\S+$/, end: /^\s*quit$/ }],
};
