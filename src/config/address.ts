import { isIP } from 'node:net';

// RFC 1123 labels of letters, digits and inner hyphens, dot-separated, 253 characters at most; no trailing dot.
const HOSTNAME_RE = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * The one rule for a device address: an IP address or a DNS host name. Nothing else gets through,
 * so an address can never be read as an option (`-f`) or smuggle in a command (`1.2.3.4; rm -rf /`)
 * where it reaches a program such as ping.
 */
export function isHostAddress(address: string): boolean {
  return isIP(address) !== 0 || HOSTNAME_RE.test(address);
}
