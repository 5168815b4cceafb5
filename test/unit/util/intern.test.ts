import { InternPool } from '../../../src/util/intern';

describe('InternPool', () => {
  it('hands out one copy of equal strings, up to its bound', () => {
    const pool = new InternPool(2);
    const a = pool.intern(['1.3.6', '1.2'].join('.'));
    expect(pool.intern(`1.3.6.${'1.2'}`)).toBe(a);
    pool.intern('x');
    expect(pool.size).toBe(2);
    // Full: a new string comes back as it is (equal, unshared) and the pool does not grow.
    expect(pool.intern('y')).toBe('y');
    expect(pool.size).toBe(2);
    expect(pool.intern('1.3.6.1.2')).toBe(a);
  });
});
