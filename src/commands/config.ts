/**
 * `quarkpulse config approve DEVICE [REV]`: the approved baseline of a device (default: its newest
 * version). A running daemon picks the approval up within 30 s (POST /api/configs/:device/approve
 * applies it at once).
 */
import { RevisionError } from '../backup/owner';
import { openOwner } from '../backup/service';
import { loadConfig } from '../inventory/load';
import { createLogger } from '../log';
import { selectDevices, type CommandIo } from './backup';
import { UserError } from './errors';

export async function runConfigApprove(opts: { config: string; device: string; rev?: string }, io: CommandIo = {}): Promise<number> {
  const logger = io.logger ?? createLogger();
  const out = io.out ?? process.stdout;
  const config = await loadConfig(opts.config);
  selectDevices(config.devices, [opts.device]);
  const owner = await openOwner(config, { logger, devices: () => config.devices });
  if (!owner.store.has(opts.device)) throw new UserError(`${opts.device}: no stored config yet (quarkpulse backup --once --device ${opts.device})`, 1);
  try {
    const done = await owner.approve(opts.device, opts.rev);
    out.write(`${opts.device}: approved ${done.rev} as the baseline (${done.drift ? 'the newest version still differs from it' : 'no drift'})\n`);
    return 0;
  } catch (err) {
    if (err instanceof RevisionError) throw new UserError(err.message);
    throw err;
  }
}
