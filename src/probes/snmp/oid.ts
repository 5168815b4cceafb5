/**
 * OID helpers of the walker. OIDs stay dotted strings as net-snmp hands them over; comparisons
 * walk the characters instead of splitting, so the per-varbind path allocates nothing.
 */
/** Numeric OID order ("1.3.6.1.2.1.2" < "1.3.6.1.2.1.10"); allocation-free. */
export function compareOids(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const la = a.length;
  const lb = b.length;
  while (i < la && j < lb) {
    let na = 0;
    while (i < la && a.charCodeAt(i) !== 46) na = na * 10 + (a.charCodeAt(i++) - 48);
    let nb = 0;
    while (j < lb && b.charCodeAt(j) !== 46) nb = nb * 10 + (b.charCodeAt(j++) - 48);
    if (na !== nb) return na < nb ? -1 : 1;
    i++;
    j++;
  }
  if (i >= la && j >= lb) return 0;
  return i >= la ? -1 : 1;
}
