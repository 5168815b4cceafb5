/**
 * One copy of strings that many long-lived records repeat. A worker remembers every row OID of
 * every device's last walk (the next poll's plan): at 5,000 devices that was ~2.8 million strings,
 * 139 MB, almost all the same few thousand OIDs ("1.3.6.1.2.1.2.2.1.3.1" 8,697 times). The pool is
 * bounded: once full, strings are kept as they come (correct, only not shared).
 */
export class InternPool {
  private readonly pool = new Map<string, string>();

  constructor(private readonly maxEntries = 200_000) {}

  get size(): number {
    return this.pool.size;
  }

  intern(s: string): string {
    const have = this.pool.get(s);
    if (have !== undefined) return have;
    if (this.pool.size >= this.maxEntries) return s;
    this.pool.set(s, s);
    return s;
  }
}
