/**
 * The RouterOS API wire format, as RouterOS documents it: a sentence is a list of words, each word
 * prefixed by its length in a variable-length encoding (1 to 5 bytes), and an empty word ends the
 * sentence. Words are bytes; RouterOS uses latin1-style 8-bit text.
 */

/** A word longer than this ends the connection: no answer of the lab needs more, and a client cannot make us buffer without bound. */
export const MAX_WORD_BYTES = 1 << 20;

export function encodeLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  if (len < 0x4000) return Buffer.from([((len >> 8) & 0x3f) | 0x80, len & 0xff]);
  if (len < 0x200000) return Buffer.from([((len >> 16) & 0x1f) | 0xc0, (len >> 8) & 0xff, len & 0xff]);
  if (len < 0x10000000) return Buffer.from([((len >> 24) & 0x0f) | 0xe0, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff]);
  return Buffer.from([0xf0, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff]);
}

export function encodeSentence(words: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const word of words) {
    const bytes = Buffer.from(word, 'latin1');
    parts.push(encodeLength(bytes.length), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

export interface Decoded {
  sentences: string[][];
  /** The bytes of an unfinished sentence, to be prefixed to the next chunk. */
  rest: Buffer;
  /** A word announced longer than MAX_WORD_BYTES (or a reserved control byte): not the API. */
  oversized: boolean;
}

/** Lengths of the length prefix by its first byte: 0xxxxxxx 1, 10xxxxxx 2, 110xxxxx 3, 1110xxxx 4, 11110000 5. */
function prefixSize(first: number): number {
  return first < 0x80 ? 1 : first < 0xc0 ? 2 : first < 0xe0 ? 3 : first < 0xf0 ? 4 : 5;
}

const FIRST_BYTE_MASK = [0x7f, 0x3f, 0x1f, 0x0f];

/** Decodes the whole sentences at the start of `buf`. */
export function decodeSentences(buf: Buffer): Decoded {
  const sentences: string[][] = [];
  let words: string[] = [];
  let i = 0;
  let sentenceStart = 0;
  while (i < buf.length) {
    const first = buf[i] as number;
    const size = prefixSize(first);
    // 0xf8 and up are control bytes RouterOS reserves; a client never sends them.
    if (size === 5 && first !== 0xf0) return { sentences, rest: buf.subarray(sentenceStart), oversized: true };
    if (i + size > buf.length) break;
    let len = size === 5 ? 0 : first & (FIRST_BYTE_MASK[size - 1] as number);
    for (let k = 1; k < size; k++) len = len * 256 + (buf[i + k] as number);
    if (len > MAX_WORD_BYTES) return { sentences, rest: buf.subarray(sentenceStart), oversized: true };
    if (i + size + len > buf.length) break;
    const word = buf.subarray(i + size, i + size + len).toString('latin1');
    i += size + len;
    if (len === 0) {
      sentences.push(words);
      words = [];
      sentenceStart = i;
    } else words.push(word);
  }
  return { sentences, rest: buf.subarray(sentenceStart), oversized: false };
}
