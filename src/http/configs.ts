/**
 * The config-store routes: history, diff and approval of a device's config versions, and the
 * latest weekly review. They exist only in the process that owns the store (the scheduler);
 * everything here sits behind the bearer token like the rest of /api.
 */
import type { Express, Request, Response } from 'express';
import { diffRevisions } from '../backup/diff';
import type { BackupOwner } from '../backup/owner';
import { RevisionError } from '../backup/owner';
import { statusLine, type DeviceBackupStatus } from '../backup/status';
import { readLatestReport } from '../backup/weekly';
import type { DeviceTarget } from '../inventory/types';

export interface ConfigsDeps {
  owner: BackupOwner;
  /** Where the weekly report is written (config in force). */
  reportDir: () => string;
  nextReportAt?: () => number | undefined;
}

export interface BackupView {
  /** One line: stored …, unchanged, failed: reason, blocked: reason, never backed up. */
  status: string;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  head: string | null;
  approved: string | null;
  drift: boolean;
  changes: number;
  hostKeyChanged: boolean;
}

export function backupView(s: DeviceBackupStatus | undefined): BackupView {
  return {
    status: statusLine(s ?? {}),
    lastAttemptAt: s?.last ? new Date(s.last.atMs).toISOString() : null,
    lastSuccessAt: s?.lastSuccessMs ? new Date(s.lastSuccessMs).toISOString() : null,
    head: s?.head ?? null,
    approved: s?.approved ?? null,
    drift: s?.drift ?? false,
    changes: s?.changes ?? 0,
    hostKeyChanged: s?.hostKeyChanged ?? false,
  };
}

type SendJson = (res: Response, status: number, body: unknown) => void;

export function mountConfigRoutes(app: Express, deps: ConfigsDeps, opts: { devices: () => readonly DeviceTarget[]; sendJson: SendJson }): void {
  const { owner } = deps;
  const { sendJson } = opts;
  /** The device's name when it is configured and has stored versions; else answers 404 and returns undefined. */
  const stored = (req: Request, res: Response): string | undefined => {
    const name = String(req.params.device);
    if (!opts.devices().some((d) => d.name === name)) {
      sendJson(res, 404, { error: 'not found', message: `no device named "${name}" in the config` });
      return undefined;
    }
    if (!owner.store.has(name)) {
      sendJson(res, 404, { error: 'not found', message: `no stored config for "${name}" yet` });
      return undefined;
    }
    return name;
  };
  const revParam = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

  app.get('/api/configs/:device/history', async (req, res) => {
    const device = stored(req, res);
    if (!device) return;
    const approved = await owner.store.approved(device);
    const versions = await owner.store.history(device);
    sendJson(res, 200, {
      device,
      approved: approved ?? null,
      drift: owner.status(device)?.drift ?? false,
      versions: versions.map((v, i) => ({ rev: v.rev, at: new Date(v.atMs).toISOString(), profile: v.profile, newest: i === 0, approved: v.rev === approved })),
    });
  });

  app.get('/api/configs/:device/diff', async (req, res) => {
    const device = stored(req, res);
    if (!device) return;
    const wantTo = revParam(req.query.to);
    const wantFrom = revParam(req.query.from);
    const to = wantTo === undefined ? await owner.store.lastRev(device) : await owner.store.resolve(device, wantTo);
    const from = wantFrom === undefined ? await owner.store.approved(device) : await owner.store.resolve(device, wantFrom);
    if (!to || (wantFrom !== undefined && !from)) {
      sendJson(res, 400, { error: 'bad request', message: `not a stored version of ${device}: ${!to ? `to=${wantTo ?? ''}` : `from=${wantFrom ?? ''}`}` });
      return;
    }
    sendJson(res, 200, { device, from: from ?? null, to, diff: await diffRevisions(owner.store, device, from, to) });
  });

  app.post('/api/configs/:device/approve', async (req, res) => {
    const device = stored(req, res);
    if (!device) return;
    const rev = revParam(req.query.rev);
    try {
      const done = await owner.approve(device, rev);
      sendJson(res, 200, { device, approved: done.rev, drift: done.drift });
    } catch (err) {
      if (err instanceof RevisionError) sendJson(res, 400, { error: 'bad request', message: err.message });
      else throw err;
    }
  });

  app.get('/reports/config-diff', async (req, res) => {
    const format = req.query.format === 'md' ? 'md' : 'html';
    const body = await readLatestReport(deps.reportDir(), format);
    if (body === undefined) {
      const next = deps.nextReportAt?.();
      sendJson(res, 404, {
        error: 'not found',
        message: `no config-diff report written yet${next ? `; the next is due ${new Date(next).toISOString()}` : ''} (quarkpulse report config-diff writes one now)`,
      });
      return;
    }
    res.status(200).type(format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8').send(body);
  });
}
