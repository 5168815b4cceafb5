/**
 * Pure: what a terminal would show for the bytes a device sent. Pagers erase their own prompt
 * with backspaces, carriage returns and ANSI sequences (`--More--\b\b\b\b\b\b\b\b        \b\b…`);
 * replaying them on a line buffer leaves exactly the text a person would read.
 */

/**
 * CSI and other escape sequences. Honoured: erase to end of line (`K`), cursor left/right (`D`/`C`)
 * and to a column (`G`), which pagers use to wipe their prompt; everything else is dropped.
 */
const ESCAPE = /\x1b(?:\[([0-9;?]*)([A-Za-z])|[()][A-Za-z0-9]|[=>78DEHMc])/y;

export function renderTerminal(input: string): string {
  const lines: string[] = [];
  let line: string[] = [];
  let col = 0;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (ch === '\x1b') {
      ESCAPE.lastIndex = i;
      const m = ESCAPE.exec(input);
      if (m) {
        const n = Math.max(1, Number.parseInt(m[1] ?? '', 10) || 1);
        if (m[2] === 'K') line = m[1] === '2' ? [] : line.slice(0, col);
        else if (m[2] === 'D') col = Math.max(0, col - n);
        else if (m[2] === 'C') col += n;
        else if (m[2] === 'G') col = n - 1;
        i += m[0].length - 1;
      }
      continue;
    }
    if (ch === '\n') {
      lines.push(line.join('').replace(/\s+$/, ''));
      line = [];
      col = 0;
    } else if (ch === '\r') col = 0;
    else if (ch === '\b') col = Math.max(0, col - 1);
    else if (ch === '\x07' || ch === '\0') continue;
    else {
      while (line.length < col) line.push(' ');
      line[col] = ch;
      col++;
    }
  }
  lines.push(line.join('').replace(/\s+$/, ''));
  return lines.join('\n');
}
