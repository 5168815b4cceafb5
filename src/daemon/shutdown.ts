/**
 * Everything the daemon started, closed phase by phase: parts of one phase close together, and a
 * phase starts only when the one before has finished (running jobs still need the store and the
 * lab while the queue hands them back). A part that fails to close is logged; the rest still close.
 */
import type { Logger } from '../log';

/** Closing one part for longer than this is logged (with its name). */
const SLOW_CLOSE_MS = 300;

interface Part {
  name: string;
  phase: number;
  close: () => Promise<void>;
}

export class Shutdown {
  private readonly parts: Part[] = [];

  constructor(private readonly logger: Logger) {}

  add(name: string, phase: number, close: () => Promise<void>): void {
    this.parts.push({ name, phase, close });
  }

  async closeAll(): Promise<void> {
    const phases = [...new Set(this.parts.map((p) => p.phase))].sort((a, b) => a - b);
    for (const phase of phases) {
      await Promise.all(this.parts.filter((p) => p.phase === phase).map((part) => this.closeOne(part)));
    }
    this.parts.length = 0;
  }

  private async closeOne(part: Part): Promise<void> {
    const startedAt = Date.now();
    try {
      await part.close();
    } catch (err) {
      this.logger.warn({ part: part.name, err: err instanceof Error ? err.message : String(err) }, 'closing failed');
    }
    const ms = Date.now() - startedAt;
    // A supervisor waits ~10 s: a part that takes a noticeable share of it is worth a line.
    if (ms >= SLOW_CLOSE_MS) this.logger.info({ part: part.name, ms }, 'part closed slowly');
  }
}
