/**
 * The simulator: one UDP socket answering SNMP v1/v2c GET, GETNEXT and GETBULK for every loaded
 * device (community = recording name). Meant for tests, demos and benchmarks standing in for
 * thousands of devices, so the hot path decodes into reused state and answers by copying
 * pre-encoded bytes. Bad datagrams are counted and logged (rate-limited), never fatal.
 */
import { randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { silentLogger, type Logger } from '../log';
import type { Varbind } from '../probes/snmp/varbind';
import { loadRecordings } from './load';
import { levelAt, varbindsAt, type SupplyUsePlan } from './supply-use';
import { encodeMib, type EncodedMib } from './mib';
import { DecodedRequest, decodeRequest } from './request';
import { MAX_UDP_PAYLOAD, Responder, type RespondOptions } from './respond';

/**
 * Misbehaviour on purpose, per community, for testing clients. drop: never answer; garbage: answer
 * random bytes; truncate: answer the first half of the real response; loop: GETNEXT/GETBULK return
 * names not past the ones asked; wrong-request-id: answer with the request-id plus one.
 */
export type SimulatorFault = 'drop' | 'garbage' | 'truncate' | 'loop' | 'wrong-request-id';

export const SIMULATOR_FAULTS: readonly SimulatorFault[] = ['drop', 'garbage', 'truncate', 'loop', 'wrong-request-id'];

export interface SimulatorStats {
  /** Datagrams received. */
  requests: number;
  /** Datagrams sent (fault answers included). */
  responses: number;
  /** Varbinds in the responses sent. */
  varbindsOut: number;
  /** Datagrams that were not SNMP messages. */
  malformed: number;
  /** Well-formed messages this agent does not answer (SNMPv3, traps, responses, GETBULK in v1). */
  ignored: number;
  /** Requests for a community no device has (not answered, like a real agent). */
  unknownCommunity: number;
  /** Requests handled by a fault mode. */
  faulted: number;
  bytesIn: number;
  bytesOut: number;
  /** CPU time of this whole process since the simulator started (microseconds). */
  cpuUserMicros: number;
  cpuSystemMicros: number;
}

export interface SimulatorHandle {
  address: string;
  port: number;
  communities(): string[];
  /** Serves `varbinds` under `community` (replacing what it served); throws TypeError on an unencodable varbind. */
  addDevice(community: string, varbinds: Varbind[]): void;
  setFault(community: string, fault: SimulatorFault | undefined): void;
  stats(): SimulatorStats;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** Directory of *.snmprec files; none: start empty and use addDevice. */
  recordingsDir?: string;
  /** Bind address, default 127.0.0.1 ('::1' etc. bind IPv6). */
  host?: string;
  /** UDP port, default 0 (ephemeral; see handle.port). */
  port?: number;
  logger?: Logger;
  /** Largest response datagram, default 65507 (UDP over IPv4). */
  maxMessageSize?: number;
}

const WARN_INTERVAL_MS = 10_000;

/** Logs the first occurrence, then at most one line per interval carrying how many were suppressed. */
class RateLimitedWarning {
  private last = -Infinity;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly message: string,
  ) {}

  warn(fields: Record<string, unknown>): void {
    const now = Date.now();
    if (now - this.last < WARN_INTERVAL_MS) {
      this.suppressed++;
      return;
    }
    this.logger.warn({ ...fields, suppressed: this.suppressed }, this.message);
    this.last = now;
    this.suppressed = 0;
  }
}

class Simulator implements SimulatorHandle {
  readonly address: string;
  readonly port: number;
  private readonly devices: Map<string, EncodedMib>;
  private readonly faults = new Map<string, SimulatorFault>();
  private readonly request = new DecodedRequest();
  private readonly responder = new Responder();
  private readonly respondOptions: RespondOptions;
  private readonly faultOptions: RespondOptions;
  private readonly debug: boolean;
  private readonly malformedWarning: RateLimitedWarning;
  private readonly sendWarning: RateLimitedWarning;
  private readonly bugWarning: RateLimitedWarning;
  private readonly cpuStart = process.cpuUsage();
  private closed: Promise<void> | undefined;
  private supplyTimer?: NodeJS.Timeout;
  private readonly counters = {
    requests: 0,
    responses: 0,
    varbindsOut: 0,
    malformed: 0,
    ignored: 0,
    unknownCommunity: 0,
    faulted: 0,
    bytesIn: 0,
    bytesOut: 0,
  };
  private readonly onSent = (err: Error | null): void => {
    if (err) this.sendWarning.warn({ err: err.message });
  };

  constructor(
    private readonly socket: dgram.Socket,
    devices: Map<string, EncodedMib>,
    private readonly logger: Logger,
    maxMessageSize: number,
  ) {
    const bound = socket.address();
    this.address = bound.address;
    this.port = bound.port;
    this.devices = devices;
    this.respondOptions = { maxMessageSize };
    this.faultOptions = { maxMessageSize };
    this.debug = logger.isLevelEnabled('debug');
    this.malformedWarning = new RateLimitedWarning(logger, 'malformed SNMP datagram ignored');
    this.sendWarning = new RateLimitedWarning(logger, 'sending an SNMP response failed');
    this.bugWarning = new RateLimitedWarning(logger, 'simulator failed to answer a request');
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    socket.on('error', (err) => logger.warn({ err: err.message }, 'simulator socket error'));
  }

  communities(): string[] {
    return [...this.devices.keys()].sort();
  }

  addDevice(community: string, varbinds: Varbind[]): void {
    const { mib, problems } = encodeMib(varbinds);
    if (problems.length > 0) {
      throw new TypeError(`addDevice: ${problems.length} varbind(s) cannot be served, first ${problems[0].oid}: ${problems[0].reason}`);
    }
    this.devices.set(community, mib);
  }

  setFault(community: string, fault: SimulatorFault | undefined): void {
    if (fault === undefined) this.faults.delete(community);
    else this.faults.set(community, fault);
  }

  stats(): SimulatorStats {
    const cpu = process.cpuUsage(this.cpuStart);
    return { ...this.counters, cpuUserMicros: cpu.user, cpuSystemMicros: cpu.system };
  }

  /** Recordings with a supply-use line lose toner as time passes (supply-use.ts). */
  useSupplies(plans: ReadonlyMap<string, SupplyUsePlan>, startMs: number): void {
    if (plans.size === 0) return;
    const shown = new Map<string, string>();
    const step = () => {
      const elapsed = Date.now() - startMs;
      for (const [community, plan] of plans) {
        const varbinds = varbindsAt(plan, elapsed);
        const key = plan.supplies.map((s) => levelAt(s, elapsed, plan.unitMs)).join(',');
        if (shown.get(community) === key) continue;
        shown.set(community, key);
        this.addDevice(community, varbinds);
      }
    };
    this.supplyTimer = setInterval(step, Math.min(...[...plans.values()].map((p) => p.unitMs)));
    this.supplyTimer.unref();
  }

  close(): Promise<void> {
    if (this.supplyTimer) clearInterval(this.supplyTimer);
    this.closed ??= new Promise((resolve) => this.socket.close(() => resolve()));
    return this.closed;
  }

  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const c = this.counters;
    c.requests++;
    c.bytesIn += msg.length;
    try {
      const req = this.request;
      const problem = decodeRequest(msg, req);
      if (problem) {
        if (problem.kind === 'malformed') {
          c.malformed++;
          this.malformedWarning.warn({ peer: `${rinfo.address}:${rinfo.port}`, bytes: msg.length, reason: problem.reason });
        } else {
          c.ignored++;
          if (this.debug) this.logger.debug({ peer: `${rinfo.address}:${rinfo.port}`, reason: problem.reason }, 'SNMP message not answered');
        }
        return;
      }
      const mib = this.devices.get(req.community);
      if (mib === undefined) {
        c.unknownCommunity++;
        // The community itself is not logged: a client may be sending a real one by mistake.
        if (this.debug) this.logger.debug({ peer: `${rinfo.address}:${rinfo.port}` }, 'unknown community, not answered');
        return;
      }
      let out: Buffer | undefined;
      const fault = this.faults.size === 0 ? undefined : this.faults.get(req.community);
      if (fault === undefined) {
        out = this.responder.respond(req, msg, mib, this.respondOptions);
      } else {
        c.faulted++;
        out = this.faulty(fault, msg, mib);
      }
      if (out === undefined) {
        c.ignored++;
        return;
      }
      c.responses++;
      c.varbindsOut += this.responder.varbinds;
      c.bytesOut += out.length;
      this.socket.send(out, rinfo.port, rinfo.address, this.onSent);
    } catch (err) {
      this.bugWarning.warn({ peer: `${rinfo.address}:${rinfo.port}`, err: err instanceof Error ? err.message : String(err) });
    }
  }

  private faulty(fault: SimulatorFault, msg: Buffer, mib: EncodedMib): Buffer | undefined {
    const req = this.request;
    const opts = this.faultOptions;
    opts.loop = fault === 'loop';
    opts.requestId = fault === 'wrong-request-id' ? (req.requestId + 1) | 0 : undefined;
    this.responder.varbinds = 0;
    switch (fault) {
      case 'drop':
        return undefined;
      case 'garbage': {
        const junk = randomBytes(8 + Math.floor(Math.random() * 57));
        if (junk[0] === 0x30) junk[0] = 0xff; // never even start like a message
        return junk;
      }
      case 'truncate': {
        const full = this.responder.respond(req, msg, mib, opts);
        return full?.subarray(0, Math.max(1, full.length >> 1));
      }
      default:
        return this.responder.respond(req, msg, mib, opts);
    }
  }
}

/** Loads the recordings (if any), binds the socket and starts answering. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const logger = opts.logger ?? silentLogger;
  const host = opts.host ?? '127.0.0.1';
  const loaded = opts.recordingsDir === undefined ? undefined : await loadRecordings(opts.recordingsDir, logger);
  const devices = loaded?.devices ?? new Map<string, EncodedMib>();
  const socket = dgram.createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      try {
        socket.close();
      } catch {
        // never bound: nothing to close
      }
      reject(err);
    };
    socket.once('error', onError);
    socket.bind(opts.port ?? 0, host, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  // Bursts from many simulated devices' pollers arrive at once; a larger queue avoids drops.
  try {
    socket.setRecvBufferSize(4 * 1024 * 1024);
    socket.setSendBufferSize(4 * 1024 * 1024);
  } catch {
    // The kernel may cap or refuse it; the default still works.
  }
  const sim = new Simulator(socket, devices, logger, Math.min(opts.maxMessageSize ?? MAX_UDP_PAYLOAD, MAX_UDP_PAYLOAD));
  if (loaded) sim.useSupplies(loaded.supplyUse, Date.now());
  return sim;
}
