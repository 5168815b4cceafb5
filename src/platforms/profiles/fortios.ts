/** Fortinet FortiGate (FortiOS): interactive shell, `show`; secrets printed as `ENC …`, keys and certificates as quoted PEM. */
import { afterKeyword, PEM_BLOCK, VALUE } from '../rules';
import type { PlatformProfile } from '../types';

export const fortios: PlatformProfile = {
  name: 'fortios',
  title: 'Fortinet FortiGate (FortiOS)',
  mode: 'shell',
  commands: ['show'],
  prompt: /^[\w.\-]+(?: \([\w.\-]+\))? [#$] ?$/,
  pager: { pattern: /--More-- ?/, reply: ' ' },
  volatile: [/^#config-version=/, /^#conf_file_ver=/, /^#buildno=/, /^#global_vdom=/],
  secrets: [
    { name: 'fortios-enc', pattern: new RegExp(String.raw`(?<pre>\bENC )${VALUE}`, 'g') },
    afterKeyword('fortios-plain', 'set (?:password|passwd|psksecret|secret|key|auth-pwd|priv-pwd|passphrase|sso-password|ldap-password)'),
    // The community's name is its secret.
    { name: 'snmp-community', within: /^config system snmp community$/, pattern: new RegExp(String.raw`(?<pre>^\s*set name )${VALUE}`) },
  ],
  blocks: [PEM_BLOCK],
};
