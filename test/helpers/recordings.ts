import * as path from 'node:path';
import * as fs from 'node:fs';

/** The LibreNMS recordings live in ../shared beside the repo (or where QP_RECORDINGS points); never copied in. */
export function recordingsDir(): string {
  return process.env.QP_RECORDINGS ?? path.resolve(__dirname, '../../../shared/recordings/librenms');
}

export function recordingNames(): string[] {
  return fs
    .readdirSync(recordingsDir())
    .filter((f) => f.endsWith('.snmprec'))
    .map((f) => f.slice(0, -'.snmprec'.length))
    .sort();
}

export function readRecording(name: string): string {
  return fs.readFileSync(path.join(recordingsDir(), `${name}.snmprec`), 'utf8');
}
