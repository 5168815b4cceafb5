import { EventEmitter } from 'node:events';
import { watchSignals } from '../../../src/daemon/signals';
import { silentLogger } from '../../../src/log';

class FakeProcess extends EventEmitter {
  exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

describe('watchSignals', () => {
  const setup = (reload: () => Promise<unknown>) => {
    const proc = new FakeProcess();
    const w = watchSignals({ logger: silentLogger, reload, proc: proc as unknown as NodeJS.Process });
    return { proc, w };
  };

  it('SIGHUP reloads; a failing reload is logged, not thrown', async () => {
    let n = 0;
    const { proc, w } = setup(async () => {
      n++;
      if (n === 2) throw new Error('bad');
    });
    proc.emit('SIGHUP');
    proc.emit('SIGHUP');
    await new Promise((r) => setImmediate(r));
    expect(n).toBe(2);
    w.dispose();
  });

  it('SIGTERM resolves stopped once; a second signal exits at once', async () => {
    const { proc, w } = setup(async () => undefined);
    proc.emit('SIGTERM', 'SIGTERM');
    await expect(w.stopped).resolves.toBe('SIGTERM');
    expect(proc.exits).toEqual([]);
    proc.emit('SIGINT', 'SIGINT');
    expect(proc.exits).toEqual([130]);
    w.dispose();
    expect(proc.listenerCount('SIGTERM') + proc.listenerCount('SIGINT') + proc.listenerCount('SIGHUP')).toBe(0);
  });
});
