/**
 * Reading a file the config names (the config itself, `{ file: … }` secrets) without letting the
 * path decide how long or how much: only a regular file is read (a FIFO would block start-up or a
 * reload for ever, /dev/zero would be read for gigabytes), never more than a size cap, and the
 * asynchronous read gives up after a deadline (a hung network mount), so the daemon keeps serving.
 * A FIFO is opened non-blocking, so even the open cannot hang.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { withTimeout } from '../util/timeout';

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/** Secrets are short; 64 KiB holds any key or password with room to spare. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;
export const SECRET_READ_TIMEOUT_MS = 2_000;

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

function notRegular(stat: Stats, maxBytes: number): string | undefined {
  if (!stat.isFile()) return `is not a regular file (it is ${fileKind(stat)}); point it at a file holding the value`;
  if (stat.size > maxBytes) return `is ${stat.size} bytes, more than the ${formatBytes(maxBytes)} allowed`;
  return undefined;
}

function fileKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / 1024 / 1024} MiB` : `${n / 1024} KiB`;
}

function openError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is not a regular file (it is a directory); point it at a file holding the value';
  return `cannot read: ${(err as Error).message}`;
}

/** Synchronous (the pure config path): type and size checked before a single byte is read. */
export function readRegularFileSync(file: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(file, FLAGS);
  } catch (err) {
    return { ok: false, reason: openError(err) };
  }
  try {
    const problem = notRegular(fstatSync(fd), maxBytes);
    if (problem) return { ok: false, reason: problem };
    const buf = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return { ok: false, reason: `grew past the ${formatBytes(maxBytes)} allowed while being read` };
    }
    return { ok: true, text: buf.subarray(0, length).toString('utf8') };
  } catch (err) {
    return { ok: false, reason: openError(err) };
  } finally {
    closeSync(fd);
  }
}

/** Asynchronous, for start-up and reload: also gives up after `timeoutMs`. */
export async function readRegularFile(file: string, maxBytes: number, timeoutMs: number): Promise<ReadResult> {
  const read = async (): Promise<ReadResult> => {
    let handle;
    try {
      handle = await open(file, FLAGS);
    } catch (err) {
      return { ok: false, reason: openError(err) };
    }
    try {
      const problem = notRegular(await handle.stat(), maxBytes);
      if (problem) return { ok: false, reason: problem };
      const buf = Buffer.alloc(maxBytes + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > maxBytes) return { ok: false, reason: `grew past the ${formatBytes(maxBytes)} allowed while being read` };
      }
      return { ok: true, text: buf.subarray(0, length).toString('utf8') };
    } catch (err) {
      return { ok: false, reason: openError(err) };
    } finally {
      await handle.close().catch(() => undefined);
    }
  };
  try {
    return await withTimeout(read(), timeoutMs, 'reading the file');
  } catch {
    return { ok: false, reason: `could not be read within ${timeoutMs} ms (a hung mount?)` };
  }
}
