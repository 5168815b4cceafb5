/**
 * A UDP relay on 127.0.0.1 between a poller and an agent that silently drops every datagram over
 * `maxBytes`, like a path that loses IP fragments (a VPN, an MTU black hole). Each client address
 * gets its own upstream socket, so answers find their way back. Counts what it forwarded and dropped.
 */
import * as dgram from 'node:dgram';

export interface UdpRelay {
  port: number;
  /** Datagrams dropped for their size, in each direction. */
  dropped: { requests: number; answers: number };
  forwarded: { requests: number; answers: number };
  close(): Promise<void>;
}

export async function startUdpRelay(agentPort: number, maxBytes: number): Promise<UdpRelay> {
  const front = dgram.createSocket('udp4');
  const upstreams = new Map<string, dgram.Socket>();
  let closed = false;
  const closeSocket = (s: dgram.Socket) => new Promise<void>((resolve) => s.close(() => resolve()));
  const relay: UdpRelay = {
    port: 0,
    dropped: { requests: 0, answers: 0 },
    forwarded: { requests: 0, answers: 0 },
    // Every socket, the per-client ones included, is closed before this resolves: none outlives the test.
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([...upstreams.values(), front].map(closeSocket));
      upstreams.clear();
    },
  };
  front.on('message', (msg, from) => {
    if (closed) return;
    if (msg.length > maxBytes) {
      relay.dropped.requests++;
      return;
    }
    const key = `${from.address}:${from.port}`;
    let up = upstreams.get(key);
    if (!up) {
      const socket = dgram.createSocket('udp4');
      socket.on('message', (answer) => {
        if (closed) return;
        if (answer.length > maxBytes) {
          relay.dropped.answers++;
          return;
        }
        relay.forwarded.answers++;
        front.send(answer, from.port, from.address);
      });
      upstreams.set(key, socket);
      up = socket;
    }
    relay.forwarded.requests++;
    up.send(msg, agentPort, '127.0.0.1');
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind(0, '127.0.0.1', () => resolve());
  });
  relay.port = front.address().port;
  return relay;
}
