/**
 * Pure: what a print command answers, from the device's rows and the sentence's words, the way
 * RouterOS applies them: `?name=value` (equal), `?name` (has it), `?-name` (has it not),
 * `?>name=value` / `?<name=value` (greater / less), all of them ANDed, then `=.proplist=a,b`.
 * The `?#` stack operations are not simulated: they answer a trap, so a client relying on them sees it.
 */
import type { RouterosRow } from './fixture';

type Test = (row: RouterosRow) => boolean;

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  return a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y) ? x - y : a.localeCompare(b);
}

/** One query word → a test, or an error text for a query the simulator does not play. */
function queryTest(word: string): Test | string {
  const q = word.slice(1);
  if (q.startsWith('#')) return 'query stack operations (?#) are not simulated';
  const op = q[0] === '>' || q[0] === '<' || q[0] === '-' ? q[0] : '';
  const body = q.slice(op.length);
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const value = eq < 0 ? undefined : body.slice(eq + 1);
  if (name === '') return `unreadable query ${word}`;
  if (op === '-') return (row) => row[name] === undefined;
  if (value === undefined) return (row) => row[name] !== undefined;
  if (op === '>') return (row) => row[name] !== undefined && compare(row[name] as string, value) > 0;
  if (op === '<') return (row) => row[name] !== undefined && compare(row[name] as string, value) < 0;
  return (row) => row[name] === value;
}

export type PrintAnswer = { rows: RouterosRow[] } | { trap: string };

export function printAnswer(rows: readonly RouterosRow[], words: readonly string[]): PrintAnswer {
  const tests: Test[] = [];
  for (const word of words) {
    if (!word.startsWith('?')) continue;
    const test = queryTest(word);
    if (typeof test === 'string') return { trap: test };
    tests.push(test);
  }
  const proplist = words.find((w) => w.startsWith('=.proplist='))?.slice('=.proplist='.length).split(',');
  return {
    rows: rows
      .filter((row) => tests.every((t) => t(row)))
      .map((row) => (proplist ? Object.fromEntries(Object.entries(row).filter(([k]) => proplist.includes(k))) : row)),
  };
}
