/**
 * RouterOS in the probe registry: two kinds over the same `routeros:` settings, because they
 * differ in everything the registry decides per kind.
 * - `routeros` (health and traffic) runs at the SNMP poll interval and counts for availability.
 * - `routeros_backup` (the config export) runs at `intervals.backup`, never counts for
 *   availability, and only where the device has no `ssh:` (SSH backs those up with `/export`).
 *   `backup --once` runs it alone, without a poll.
 */
import type { ProbeDefinition } from '../types';
import { createRouterosBackupProbe, createRouterosProbe } from './index';

const settingsView: ProbeDefinition['settingsView'] = (target) => (target.routeros ? { port: target.routeros.port, tls: target.routeros.tls } : null);

export const routerosProbe: ProbeDefinition = {
  kind: 'routeros',
  appliesTo: (target) => target.routeros !== undefined,
  intervalMs: (target) => target.intervalsMs.snmp,
  defaultTimeoutMs: 30_000,
  countsForAvailability: true,
  create: () => createRouterosProbe(),
  settingsView,
};

export const routerosBackupProbe: ProbeDefinition = {
  kind: 'routeros_backup',
  appliesTo: (target) => target.routeros !== undefined && target.ssh === undefined,
  intervalMs: (target) => target.intervalsMs.backup,
  defaultTimeoutMs: 120_000,
  countsForAvailability: false,
  producesConfig: () => true,
  create: () => createRouterosBackupProbe(),
  settingsView,
};
