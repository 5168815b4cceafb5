/** HPE/Aruba ProCurve (AOS-S): "Press any key", `no page`, enable mode, `show running-config`. */
import { afterKeyword, LEGACY_ALGORITHMS, PEM_BLOCK, VALUE } from '../rules';
import type { PlatformProfile } from '../types';

export const hpProcurve: PlatformProfile = {
  name: 'hp_procurve',
  title: 'HPE/Aruba ProCurve (AOS-S)',
  mode: 'shell',
  interactions: [{ expect: /Press any key to continue/, send: '\n' }],
  setup: ['no page'],
  commands: ['show running-config'],
  prompt: /^[\w.\-@/: ]+(?:\([\w-]+\))?[#>] ?$/,
  pager: { pattern: /-- MORE --, next page: Space, next line: Enter, quit: Control-C/, reply: ' ' },
  enable: { command: 'enable', unprivileged: />\s*$/, passwordPrompt: /[Pp]assword: ?$/, refused: /(?:Invalid password|Access denied)/ },
  legacyAlgorithms: LEGACY_ALGORITHMS,
  volatile: [/^Running configuration:$/, /^; \S+ Configuration Editor; Created on release/, /^; Ver #/],
  secrets: [
    { name: 'manager-password', pattern: new RegExp(String.raw`(?<pre>\bpassword (?:manager|operator)(?: user-name ${VALUE})? (?:sha1|sha-256|plaintext) )${VALUE}`, 'g') },
    afterKeyword('snmp-community', 'snmp-server community'),
    afterKeyword('server-key', String.raw`(?:radius|tacacs)-server(?: host \S+)?(?: (?:auth-port|acct-port|time-window) \d+)* key`),
    { name: 'snmpv3-auth', pattern: new RegExp(String.raw`(?<pre>\bauth (?:md5|sha) )${VALUE}`, 'g') },
    { name: 'snmpv3-priv', pattern: new RegExp(String.raw`(?<pre>\bpriv (?:des|aes) )${VALUE}`, 'g') },
  ],
  blocks: [PEM_BLOCK],
};
