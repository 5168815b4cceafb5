/**
 * The tests' view of the simulated RouterOS API device (src/simulate/routeros/server.ts): fixtures
 * from test/fixtures/routeros/*.json, faults injected per command before the first client, every
 * sentence the server received kept in order (passwords included: tests check what was sent).
 */
import * as path from 'node:path';
import { loadRouterosFixture as loadFixtureFile, type RouterosFixture } from '../../src/simulate/routeros/fixture';
import { startRouterosApiServer as startServer, type RouterosFault } from '../../src/simulate/routeros/server';

export type { RouterosFixture } from '../../src/simulate/routeros/fixture';
export type Fault = RouterosFault;

export interface RouterosServerOptions {
  fixture: RouterosFixture;
  username: string;
  password: string;
  /** Per command ("/login", "/interface/print"). */
  faults?: Record<string, Fault>;
}

export interface RouterosServer {
  port: number;
  /** Every sentence received, in order. */
  sentences: string[][];
  /** Connections the client has not closed yet. */
  open(): number;
  /** Resolves when no connection is open any more (or after `ms`). */
  waitAllClosed(ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function loadRouterosFixture(name: string): RouterosFixture {
  return loadFixtureFile(path.join(__dirname, '..', 'fixtures', 'routeros', `${name}.json`));
}

export async function startRouterosApiServer(opts: RouterosServerOptions): Promise<RouterosServer> {
  const sentences: string[][] = [];
  const server = await startServer({ fixture: opts.fixture, username: opts.username, password: opts.password, onSentence: (words) => sentences.push([...words]) });
  for (const [command, fault] of Object.entries(opts.faults ?? {})) server.injectFault(command, fault);
  return {
    port: server.port,
    sentences,
    open: () => server.openConnections(),
    async waitAllClosed(ms = 2_000) {
      const until = Date.now() + ms;
      while (server.openConnections() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      return server.openConnections() === 0;
    },
    close: () => server.close(),
  };
}
