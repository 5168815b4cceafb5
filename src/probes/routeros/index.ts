/**
 * The RouterOS API probes (MikroTik, `routeros:` in the config), one session per run:
 * - `routeros`: health and traffic (/system/resource, /system/health, /interface) as samples;
 *   a reachability probe like SNMP.
 * - `routeros_backup`: the configuration of the main menus as text (export.ts), normalised with
 *   the `routeros_api` profile, for devices without `ssh:` (those are backed up over SSH).
 */
import { isHostAddress } from '../../config/address';
import type { DeviceTarget } from '../../inventory/types';
import type { Sample } from '../../metrics/names';
import { normalizeConfig } from '../../platforms/normalize';
import type { Probe, ProbeContext, ProbeFailure, ProbeOutcome } from '../types';
import { connectRouteros, RouterosError, type RouterosSession, type Row } from './client';
import { healthSamples, interfaceSamples, resourceSamples } from './decode';
import { EXPORT_MENUS, renderExport } from './export';

export const ROUTEROS_API_PROFILE = 'routeros_api';

/** Opens a session to a device; tests and the lab may substitute it, the probe never cares. */
export type RouterosConnect = (target: DeviceTarget, signal: AbortSignal) => Promise<RouterosSession>;

export const connectTarget: RouterosConnect = (target, signal) => {
  const settings = target.routeros;
  if (!settings) return Promise.reject(new RouterosError('config', 'no routeros settings for this device'));
  return connectRouteros({
    host: target.address,
    port: settings.port,
    username: settings.username,
    password: settings.password,
    tls: settings.tls ? {} : undefined,
    signal,
  });
};

const fail = (error: ProbeFailure, samples: Sample[] = []): ProbeOutcome => ({ success: false, samples, error });

/** Opens a session, runs `body`, always closes; every failure becomes a one-line ProbeFailure. */
async function withSession(target: DeviceTarget, ctx: ProbeContext, connect: RouterosConnect, body: (s: RouterosSession) => Promise<ProbeOutcome>): Promise<ProbeOutcome | ProbeFailure> {
  if (!isHostAddress(target.address)) return { kind: 'config', message: `"${target.address}" is not an IP address or host name` };
  if (!target.routeros) return { kind: 'config', message: 'no routeros settings for this device' };
  let session: RouterosSession | undefined;
  try {
    session = await connect(target, ctx.signal);
    return await body(session);
  } catch (err) {
    if (err instanceof RouterosError) return { kind: err.kind, message: err.message };
    return { kind: 'internal', message: err instanceof Error ? err.message : String(err) };
  } finally {
    session?.close();
  }
}

const isOutcome = (v: ProbeOutcome | ProbeFailure): v is ProbeOutcome => 'success' in v;

/** A menu or command this RouterOS version does not have (no health sensors on a CHR, …). */
const isMissingMenu = (err: unknown) => err instanceof RouterosError && err.kind === 'protocol' && /no such (command|item)/i.test(err.message);

async function optional(session: RouterosSession, command: string): Promise<Row[] | undefined> {
  try {
    return await session.print(command);
  } catch (err) {
    if (isMissingMenu(err)) return undefined;
    throw err;
  }
}

export function createRouterosProbe(deps: { connect?: RouterosConnect } = {}): Probe {
  const connect = deps.connect ?? connectTarget;
  return {
    kind: 'routeros',
    async run(target, ctx) {
      const modules = target.snmp?.modules ?? [];
      const snmpInterfaces = modules.includes('interfaces');
      const snmpSystem = modules.includes('system');
      const result = await withSession(target, ctx, connect, async (session) => {
        const [resource] = await session.print('/system/resource/print');
        const [identity] = await session.print('/system/identity/print');
        const health = (await optional(session, '/system/health/print')) ?? [];
        const interfaces = snmpInterfaces ? [] : await session.print('/interface/print');
        const samples = [
          ...resourceSamples(resource, identity?.['name'] ?? '', { snmpSystem }),
          ...healthSamples(health),
          ...interfaceSamples(interfaces, { snmpInterfaces }),
        ];
        if (!resource) return fail({ kind: 'protocol', message: '/system/resource/print: empty answer' }, samples);
        return { success: true, samples };
      });
      return isOutcome(result) ? result : fail(result);
    },
  };
}

export function createRouterosBackupProbe(deps: { connect?: RouterosConnect } = {}): Probe {
  const connect = deps.connect ?? connectTarget;
  const backupSample = (ok: boolean): Sample => ({ name: 'quarkpulse_config_backup_success', labels: {}, value: ok ? 1 : 0 });
  return {
    kind: 'routeros_backup',
    async run(target, ctx) {
      const result = await withSession(target, ctx, connect, async (session) => {
        const rows: Array<Row[] | undefined> = [];
        for (const menu of EXPORT_MENUS) {
          try {
            rows.push(await session.print(menu.command, menu.words ? [...menu.words] : []));
          } catch (err) {
            if (!isMissingMenu(err)) throw err;
            rows.push(undefined);
          }
        }
        const normalized = normalizeConfig(ROUTEROS_API_PROFILE, renderExport(rows));
        if (normalized.leak) {
          const { line, rule } = normalized.leak;
          // The line number and rule only: the text that still holds a secret never leaves this process.
          return {
            success: false,
            samples: [backupSample(false)],
            error: { kind: 'config', message: `config line ${line} still looks like a secret (${rule}); version not stored` },
            config: { profile: ROUTEROS_API_PROFILE, text: '', leak: normalized.leak },
          };
        }
        return { success: true, samples: [backupSample(true)], config: { profile: ROUTEROS_API_PROFILE, text: normalized.text } };
      });
      return isOutcome(result) ? result : fail(result, [backupSample(false)]);
    },
  };
}
