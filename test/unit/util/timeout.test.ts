import { settlesWithin, TimeoutError, withTimeout } from '../../../src/util/timeout';

const after = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));
const failAfter = (ms: number, message: string): Promise<never> => new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms));

describe('withTimeout', () => {
  it('gives the value of a promise that settles in time', async () => {
    await expect(withTimeout(after(5, 'pong'), 1_000, 'ping')).resolves.toBe('pong');
  });

  it('passes on the rejection of a promise that fails in time', async () => {
    await expect(withTimeout(failAfter(5, 'refused'), 1_000, 'ping')).rejects.toThrow('refused');
  });

  it('rejects with a TimeoutError naming what was late and the bound', async () => {
    const started = Date.now();
    const err: unknown = await withTimeout(after(1_000, 'late'), 30, 'readiness check').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe('readiness check took longer than 30 ms');
    expect(Date.now() - started).toBeLessThan(900);
  });
});

describe('settlesWithin', () => {
  it('is true for a promise that resolves or rejects in time', async () => {
    await expect(settlesWithin(after(5, 1), 1_000)).resolves.toBe(true);
    await expect(settlesWithin(failAfter(5, 'gone'), 1_000)).resolves.toBe(true);
  });

  it('is false, without rejecting, for a promise still pending after the bound', async () => {
    const started = Date.now();
    await expect(settlesWithin(new Promise(() => undefined), 30)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
