/**
 * OCTET STRING → text for labels. Agents send DisplayString as bytes in whatever encoding the
 * firmware uses: valid UTF-8 is read as UTF-8, anything else as Latin-1 (every byte is a
 * character, so nothing is ever lost or thrown).
 */
import { isUtf8 } from 'node:buffer';
import type { Varbind } from '../varbind';
import { octetsValue } from './values';

export function decodeOctets(buf: Buffer): string {
  let ascii = true;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return buf.toString('latin1');
  return isUtf8(buf) ? buf.toString('utf8') : buf.toString('latin1');
}

/** The text of an OCTET STRING varbind, exactly as sent (no trimming), or undefined. */
export function textValue(vb: Varbind | undefined): string | undefined {
  const buf = octetsValue(vb);
  return buf === undefined ? undefined : decodeOctets(buf);
}

/**
 * The contract's `supply` label: cut at the first newline (LF or CR) or NUL, then trimmed.
 * Printers append part numbers or hex dumps after a newline (HP JetDirect) or pad with NULs.
 */
export function firstLine(text: string): string {
  let end = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0) {
      end = i;
      break;
    }
  }
  return (end === text.length ? text : text.slice(0, end)).trim();
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** True if `word` (lowercase ASCII) occurs in `lower` as a whole word. */
export function containsWord(lower: string, word: string): boolean {
  let from = 0;
  for (;;) {
    const at = lower.indexOf(word, from);
    if (at < 0) return false;
    const end = at + word.length;
    if ((at === 0 || !isWordChar(lower.charCodeAt(at - 1))) && (end === lower.length || !isWordChar(lower.charCodeAt(end)))) {
      return true;
    }
    from = at + 1;
  }
}

/** The first of `words` (in the order given) that occurs as a word in `text`, case-insensitive; '' if none. */
export function firstWordOf(text: string, words: readonly string[]): string {
  if (text.length === 0) return '';
  const lower = text.toLowerCase();
  for (const w of words) if (containsWord(lower, w)) return w;
  return '';
}
