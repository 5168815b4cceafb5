/**
 * Host-key pinning: the first key a device shows is recorded; a different one later refuses the
 * fetch (and is remembered, so an operator can accept it). The store is shared by every worker
 * (ProbeDeps.hostKeys); createMemoryHostKeyStore is the one a process uses on its own.
 */
import { createHash } from 'node:crypto';
import type { HostKeyStore } from '../types';

/** The raw key blob of the SSH protocol → "type base64", as in known_hosts. */
export function hostKeyString(blob: Buffer): string {
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const type = len > 0 && len < 64 && blob.length >= 4 + len ? blob.subarray(4, 4 + len).toString('latin1') : 'unknown';
  return `${type} ${blob.toString('base64')}`;
}

/** OpenSSH's SHA256 fingerprint of a "type base64" key. */
export function fingerprint(key: string): string {
  const b64 = key.split(' ')[1] ?? '';
  return `SHA256:${createHash('sha256').update(Buffer.from(b64, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

export type HostKeyVerdict = 'pinned' | 'known' | 'changed';

/** Decides about the key `device` offers, recording it as the store requires. */
export async function checkHostKey(store: HostKeyStore, device: string, offered: string): Promise<{ verdict: HostKeyVerdict; pinned?: string }> {
  const pinned = await store.get(device);
  if (pinned === undefined) {
    await store.pinFirst(device, offered);
    // Another worker may have pinned a different key between get and pinFirst: trust the store.
    const now = await store.get(device);
    if (now !== undefined && now !== offered) {
      await store.recordRefused(device, offered);
      return { verdict: 'changed', pinned: now };
    }
    return { verdict: 'pinned' };
  }
  if (pinned === offered) return { verdict: 'known' };
  await store.recordRefused(device, offered);
  return { verdict: 'changed', pinned };
}

/** Pins for the life of the process; what a probe uses when the daemon passes no store. */
export function createMemoryHostKeyStore(): HostKeyStore {
  const pinned = new Map<string, string>();
  const refused = new Map<string, string>();
  return {
    get: async (device) => pinned.get(device),
    pinFirst: async (device, key) => {
      if (!pinned.has(device)) pinned.set(device, key);
    },
    recordRefused: async (device, key) => {
      refused.set(device, key);
    },
    accept: async (device) => {
      const key = refused.get(device);
      if (key === undefined) return false;
      pinned.set(device, key);
      refused.delete(device);
      return true;
    },
  };
}
