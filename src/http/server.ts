/** Binding the express app to HOST:PORT and closing it without waiting on idle keep-alive sockets. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface HttpServerHandle {
  /** Base URL actually bound (port 0 resolved), e.g. http://127.0.0.1:9877 */
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Pure: "127.0.0.1:9877", "[::1]:9877", "localhost:0" → host and port. */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(listen.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port > 65535) throw new Error(`listen address "${listen}" is not HOST:PORT`);
  const host = m[1] ?? (m[2] === '' ? '0.0.0.0' : m[2]);
  return { host, port };
}

export function startHttpServer(app: Express, listen: string, opts: { closeGraceMs?: number } = {}): Promise<HttpServerHandle> {
  const { host, port } = parseListen(listen);
  const graceMs = opts.closeGraceMs ?? 2000;
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${shownHost}:${addr.port}`,
        host: addr.address,
        port: addr.port,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            // Idle keep-alive sockets would hold close() open until they time out.
            server.closeIdleConnections();
          })),
      });
    });
  });
}
