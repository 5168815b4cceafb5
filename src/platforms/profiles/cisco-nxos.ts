/** Cisco NX-OS: exec channel (NX-OS runs one command per channel), `show running-config`. */
import { PEM_BLOCK, VALUE } from '../rules';
import type { PlatformProfile } from '../types';
import { CISCO_SECRETS } from './cisco-ios';

export const ciscoNxos: PlatformProfile = {
  name: 'cisco_nxos',
  title: 'Cisco NX-OS',
  mode: 'exec',
  setup: ['terminal length 0'],
  commands: ['show running-config'],
  prompt: /^[\w.\-@()/:]+# ?$/,
  pager: { pattern: / ?--More-- ?/, reply: ' ' },
  volatile: [/^!Command: show running-config/, /^!Running configuration last done at:/, /^!Time: /, /^!NVRAM config last updated at/],
  secrets: [
    ...CISCO_SECRETS,
    // snmp-server user admin network-admin auth md5 0x… priv [aes-128] 0x… localizedkey
    { name: 'nxos-snmpv3-priv', pattern: new RegExp(String.raw`(?<pre>\bpriv (?:aes-128 |des )?)(?!aes-128\b|des\b)${VALUE}`, 'g') },
  ],
  blocks: [PEM_BLOCK],
};
