/**
 * The ICMP probe: a few echo requests through the system `ping` (via the `ping` package), giving
 * average round trip and packet loss. Success = at least one reply.
 *
 * The address is checked before it reaches the ping command: only an IP address or a plain DNS
 * name gets through, so nothing can be read as an option (`-f`) or smuggled in (`1.2.3.4; rm -rf /`).
 */
import { promise as pingPromise, type PingResponse } from 'ping';
import { isHostAddress } from '../../config/address';
import type { DeviceTarget } from '../../inventory/types';
import type { Sample } from '../../metrics/names';
import type { Probe, ProbeContext, ProbeFailure, ProbeOutcome } from '../types';

/** Seconds between echo requests: 0.2 s is the smallest interval iputils allows any user. */
export const PING_INTERVAL_SECONDS = 0.2;

export interface PingRequest {
  address: string;
  count: number;
  /** How long to wait for replies after the last request, in whole seconds (≥ 1). */
  waitSeconds: number;
  intervalSeconds: number;
  signal: AbortSignal;
}

/** What one ping run observed. `error` explains a run that sent nothing (unknown host, no route). */
export interface PingStats {
  transmitted: number;
  received: number;
  avgRttMs?: number;
  error?: string;
}

/** The narrow seam between the probe and the ping program, so tests can substitute loss and timeouts. */
export interface PingRunner {
  ping(request: PingRequest): Promise<PingStats>;
}

/** Raised by a runner when the ping program itself cannot be run (missing binary, no permission). */
export class PingUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PingUnavailableError';
  }
}

const SUMMARY_RE = /(\d+) packets transmitted, (\d+) (?:packets )?received/;

/** Pure: the `ping` package's answer → counts and average RTT. */
export function statsFromPingResponse(res: PingResponse, count: number): PingStats {
  const avg = Number(res.avg);
  const avgRttMs = res.alive && Number.isFinite(avg) ? avg : undefined;
  const summary = SUMMARY_RE.exec(res.output);
  if (summary) return { transmitted: Number(summary[1]), received: Number(summary[2]), avgRttMs };
  const lossPercent = Number(res.packetLoss);
  if (res.packetLoss !== 'unknown' && Number.isFinite(lossPercent)) {
    return { transmitted: count, received: Math.round(count * (1 - lossPercent / 100)), avgRttMs };
  }
  const firstLine = res.output
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return { transmitted: 0, received: 0, error: firstLine ?? 'ping gave no output' };
}

/**
 * The real runner. The `ping` package cannot kill its child, so an abort only stops the wait;
 * the child still ends by itself within count × interval + wait (its own -c/-W bounds).
 */
export function createSystemPingRunner(): PingRunner {
  return {
    async ping(req) {
      // Defence in depth: the probe validated already, but this is the edge that spawns.
      if (!isHostAddress(req.address)) throw new Error(`refusing to ping "${req.address}": not an IP address or host name`);
      const run = pingPromise
        .probe(req.address, {
          numeric: true,
          timeout: req.waitSeconds,
          min_reply: req.count,
          extra: ['-i', String(req.intervalSeconds)],
        })
        .catch((err: unknown) => {
          const why = err instanceof Error ? err.message : String(err);
          throw new PingUnavailableError(`the system ping could not be run (is iputils-ping installed?): ${why}`);
        });
      const res = await abortable(run, req.signal);
      return statsFromPingResponse(res, req.count);
    },
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('aborted');
  err.name = 'AbortError';
  return err;
}

/** Pure: observed stats → probe outcome. */
export function resultFromStats(stats: PingStats): ProbeOutcome {
  if (stats.transmitted === 0) {
    return { success: false, samples: [], error: { kind: 'unreachable', message: stats.error ?? 'no echo request could be sent' } };
  }
  const loss = Math.min(1, Math.max(0, 1 - stats.received / stats.transmitted));
  const samples: Sample[] = [{ name: 'quarkpulse_icmp_packet_loss_ratio', labels: {}, value: loss }];
  if (stats.received === 0) {
    return { success: false, samples, error: { kind: 'unreachable', message: `no reply to ${stats.transmitted} echo requests` } };
  }
  if (stats.avgRttMs !== undefined) samples.push({ name: 'quarkpulse_icmp_rtt_seconds', labels: {}, value: stats.avgRttMs / 1000 });
  return { success: true, samples };
}

export function createIcmpProbe(deps: { runner?: PingRunner } = {}): Probe {
  const runner = deps.runner ?? createSystemPingRunner();
  return {
    kind: 'icmp',
    async run(target: DeviceTarget, ctx: ProbeContext): Promise<ProbeOutcome> {
      const fail = (error: ProbeFailure): ProbeOutcome => ({ success: false, samples: [], error });
      if (!isHostAddress(target.address)) {
        return fail({ kind: 'config', message: `"${target.address}" is not an IP address or host name` });
      }
      if (!target.icmp) return fail({ kind: 'config', message: 'no icmp settings for this device' });
      const { count, timeoutMs } = target.icmp;
      const waitSeconds = Math.max(1, Math.ceil(timeoutMs / 1000));
      // Own bound as well as the runner's: every request sent, then the reply wait, plus a second of slack.
      const budgetMs = (count - 1) * PING_INTERVAL_SECONDS * 1000 + waitSeconds * 1000 + 1000;
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(budgetMs)]);
      try {
        const stats = await runner.ping({ address: target.address, count, waitSeconds, intervalSeconds: PING_INTERVAL_SECONDS, signal });
        return resultFromStats(stats);
      } catch (err) {
        if (signal.aborted) return fail({ kind: 'timeout', message: `ping did not finish in time` });
        // The runner logs the failed result; no second log line here.
        return fail({ kind: 'internal', message: err instanceof Error ? err.message : String(err) });
      }
    },
  };
}
