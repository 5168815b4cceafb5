/** pfSense and OPNsense: `cat /conf/config.xml` over an exec channel (a backup user with a shell). */
import { PEM_BLOCK, xmlElements } from '../rules';
import type { PlatformProfile } from '../types';

export const pfsense: PlatformProfile = {
  name: 'pfsense',
  title: 'pfSense / OPNsense (config.xml)',
  mode: 'exec',
  commands: ['cat /conf/config.xml'],
  prompt: /^[\w.\-@:~/[\]]+[#$%] ?$/,
  // <revision><time>…</time> changes on every save, even one that changed nothing.
  volatile: [/^\s*<time>\d+<\/time>$/],
  secrets: [
    xmlElements('pfsense-secret', [
      'password',
      'bcrypt-hash',
      'sha512-hash',
      'md5-hash',
      'nt-hash',
      'prv',
      'crt',
      'shared_key',
      'tls',
      'pre-shared-key',
      'ipsecpsk',
      'rocommunity',
      'rwcommunity',
      'radius_secret',
      'radius_secret2',
      'privatekey',
      'ldap_bindpw',
      'apikey',
      'apisecret',
      'authorizedkeys',
      'passwordenc',
      'secret',
      'psk',
      'presharedkey',
      'auth_pass',
      'auth_key',
      'encryption_password',
    ]),
  ],
  blocks: [PEM_BLOCK],
};
