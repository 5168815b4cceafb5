/** Palo Alto PAN-OS: interactive shell, `set cli pager off`, `show config running` (XML). */
import { PEM_BLOCK, xmlElements } from '../rules';
import type { PlatformProfile } from '../types';

export const panos: PlatformProfile = {
  name: 'panos',
  title: 'Palo Alto PAN-OS',
  mode: 'shell',
  setup: ['set cli pager off'],
  commands: ['show config running'],
  prompt: /^[\w.\-]+@[\w.\-]+(?:\([\w\-]+\))?[>#] ?$/,
  pager: { pattern: /lines \d+-\d+ /, reply: ' ' },
  volatile: [],
  secrets: [
    xmlElements('panos-secret', [
      'phash',
      'key',
      'password',
      'secret',
      'private-key',
      'public-key',
      'authpwd',
      'privpwd',
      'community',
      'snmp-community-string',
      'bind-password',
      'authentication-password',
      'privacy-password',
      'shared-secret',
    ]),
  ],
  blocks: [PEM_BLOCK],
};
