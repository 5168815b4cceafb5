/**
 * The text export the RouterOS API probe builds (no SSH): one `/menu path` header line per menu,
 * then one line per item of `attribute=value` words as the API returns them. Counters and state
 * that the API prints beside the configuration are volatile.
 */
import { PEM_BLOCK, VALUE } from '../rules';
import type { PlatformProfile } from '../types';
import { ROUTEROS_PUBLIC, ROUTEROS_SECRET_ATTRIBUTES } from './routeros';
import { attributes } from '../rules';

const VOLATILE_ATTRIBUTES = [
  'last-link-up-time',
  'last-link-down-time',
  'link-downs',
  'last-logged-in',
  'last-caller-id',
  'uptime',
  'running',
  'rx-byte',
  'tx-byte',
  'rx-packet',
  'tx-packet',
  'rx-drop',
  'tx-drop',
  'rx-error',
  'tx-error',
  'tx-queue-drop',
  'fp-rx-byte',
  'fp-tx-byte',
  'fp-rx-packet',
  'fp-tx-packet',
  'bytes',
  'packets',
] as const;

export const routerosApi: PlatformProfile = {
  name: 'routeros_api',
  title: 'MikroTik RouterOS (text export read over the API)',
  // Not an SSH profile: the RouterOS API probe fetches; these fields only describe the text.
  mode: 'exec',
  commands: [],
  prompt: /^$/,
  volatile: [/^# .*\bexported at\b/],
  volatileFields: [new RegExp(String.raw`\s(?:${VOLATILE_ATTRIBUTES.join('|')})=${VALUE}`, 'g')],
  secrets: [
    attributes('routeros-secret', ROUTEROS_SECRET_ATTRIBUTES),
    { name: 'snmp-community', within: /^\/snmp community$/, until: /^\//, pattern: new RegExp(String.raw`(?<pre>(?:^|\s)name=)${VALUE}`) },
  ],
  blocks: [PEM_BLOCK],
  scanSkips: ROUTEROS_PUBLIC,
};
