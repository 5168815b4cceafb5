/** "Did you mean": the candidate nearest to `name` by edit distance, when it is near enough to be a typo. */
export function closest(name: string, candidates: readonly string[], maxDistance = 4): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // Short names are all close to each other: allow at most a quarter of the name to differ.
  return bestDistance <= Math.min(maxDistance, Math.max(1, Math.floor(name.length / 4))) ? best : undefined;
}

/** Edit distance where swapping two neighbouring letters ("versoin") counts as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(rows[i - 1][j] + 1, cur[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(cur);
  }
  return rows[a.length][b.length];
}
