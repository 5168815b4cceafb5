/**
 * The config store: a git repository under `backup.dir`, driven through the system git
 * (simple-git). One file per device under its client (`<client>/<device>.cfg`); one commit per
 * changed version, with device, client, profile and fetch time in the message and as the author
 * date; an unchanged version makes no commit. The approved baseline of a device is a ref
 * (`refs/quarkpulse/approved/<device>`) pointing at a commit, so approving never rewrites history.
 *
 * Writes are serialised inside the process; across processes there is exactly one writer (the
 * process that owns the store, see owner.ts). Whether a version changed is decided in memory, from
 * the git blob id of the text, so an unchanged fetch costs no git process at all.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

export interface StoredVersion {
  /** Commit id (40 hex). */
  rev: string;
  /** Fetch time (the commit's author date), ms since epoch. */
  atMs: number;
  profile: string;
}

export interface PutInput {
  device: string;
  client: string;
  profile: string;
  text: string;
  fetchedAtMs: number;
}

export type PutResult = { status: 'stored'; rev: string; first: boolean } | { status: 'unchanged' };

/** A commit that touched a device file, as read from the log. */
export interface LoggedChange extends StoredVersion {
  device: string;
  client: string;
}

const APPROVED_REF = 'refs/quarkpulse/approved/';
/** Beside the versions, never committed (listed in .git/info/exclude): status, pinned host keys. */
export const STATE_DIR = '.quarkpulse';
const AUTHOR = { name: 'quarkpulse', email: 'quarkpulse@localhost' };
/** Field separator in git log formats: a byte that never occurs in names or subjects. */
const SEP = '\x1f';

/** The git blob id of `text`: what `git hash-object` would say, without a process. */
export function blobId(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

export function stateDir(backupDir: string): string {
  return path.join(path.resolve(backupDir), STATE_DIR);
}

export function devicePath(client: string, device: string): string {
  return `${client}/${device}.cfg`;
}

export function commitMessage(input: Omit<PutInput, 'text'>, first: boolean): string {
  const at = new Date(input.fetchedAtMs).toISOString();
  return [
    `${input.client}/${input.device}: ${first ? 'first' : 'new'} ${input.profile} config (${at})`,
    '',
    `Device: ${input.device}`,
    `Client: ${input.client}`,
    `Profile: ${input.profile}`,
    `Fetched-At: ${at}`,
  ].join('\n');
}

export class GitConfigStore {
  readonly dir: string;
  private gitClient?: SimpleGit;
  /** device → { path, blob } of the newest stored version. */
  private readonly heads = new Map<string, { path: string; blob: string }>();
  private chain: Promise<unknown> = Promise.resolve();
  private opened = false;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  /** simple-git wants an existing directory: created by open(). */
  private get git(): SimpleGit {
    if (!this.gitClient) throw new Error('config store used before open()');
    return this.gitClient;
  }

  /** Creates the repository when needed and reads which version each device is at. */
  async open(): Promise<void> {
    if (this.opened) return;
    await mkdir(this.dir, { recursive: true });
    // A minimal environment: nothing of the caller's (editors, pagers, hooks paths) steers git here.
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.dir,
      LC_ALL: 'C',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: AUTHOR.name,
      GIT_AUTHOR_EMAIL: AUTHOR.email,
      GIT_COMMITTER_NAME: AUTHOR.name,
      GIT_COMMITTER_EMAIL: AUTHOR.email,
    };
    this.gitClient = simpleGit({ baseDir: this.dir, maxConcurrentProcesses: 4, allowEnvironment: Object.keys(env) }).env(env);
    if (!(await this.isRepository())) {
      await this.git.init(['--quiet', '--initial-branch=main']);
      await mkdir(path.join(this.dir, '.git', 'info'), { recursive: true });
      await appendFile(path.join(this.dir, '.git', 'info', 'exclude'), `/${STATE_DIR}/\n`);
    }
    await mkdir(this.stateDir(), { recursive: true });
    this.heads.clear();
    if (await this.hasCommits()) {
      const tree = await this.git.raw(['ls-tree', '-r', '-z', 'HEAD']);
      for (const entry of tree.split('\0')) {
        const m = /^\d+ blob ([0-9a-f]{40})\t(.+)$/.exec(entry);
        if (!m) continue;
        const device = deviceOfPath(m[2]);
        if (device) this.heads.set(device, { path: m[2], blob: m[1] });
      }
    }
    this.opened = true;
  }

  /** Where the owner keeps what is not a config version (status, pinned host keys). */
  stateDir(): string {
    return stateDir(this.dir);
  }

  /** Stores `text` as the device's newest version unless it equals the current one. */
  put(input: PutInput): Promise<PutResult> {
    return this.serial(async () => {
      const file = devicePath(input.client, input.device);
      const blob = blobId(input.text);
      const head = this.heads.get(input.device);
      if (head && head.blob === blob && head.path === file) return { status: 'unchanged' };
      await mkdir(path.join(this.dir, input.client), { recursive: true });
      await writeFile(path.join(this.dir, file), input.text);
      const first = head === undefined;
      const paths = [file];
      // A device that moved to another client: its old file goes in the same commit.
      if (head && head.path !== file) {
        await this.git.raw(['rm', '--quiet', '--cached', '--ignore-unmatch', '--', head.path]);
        paths.push(head.path);
      }
      // A file git knows already is committed straight from the work tree (`commit -- path`).
      if (first || head?.path !== file) await this.git.add(file);
      const date = new Date(input.fetchedAtMs).toISOString();
      await this.git.raw(['commit', '--quiet', '--no-verify', `--date=${date}`, '-m', commitMessage(input, first), '--', ...paths]);
      this.heads.set(input.device, { path: file, blob });
      const rev = (await this.git.revparse(['HEAD'])).trim();
      return { status: 'stored', rev, first };
    });
  }

  /** Devices with at least one stored version. */
  devices(): string[] {
    return [...this.heads.keys()];
  }

  has(device: string): boolean {
    return this.heads.has(device);
  }

  /** Versions of `device`, newest first. */
  async history(device: string): Promise<StoredVersion[]> {
    const head = this.heads.get(device);
    if (!head) return [];
    return (await this.logChanges(['--', `*/${device}.cfg`])).filter((c) => c.device === device);
  }

  /** Every stored version since `sinceMs` (all devices), newest first. */
  async changesSince(sinceMs: number): Promise<LoggedChange[]> {
    if (!(await this.hasCommits())) return [];
    return (await this.logChanges([])).filter((c) => c.atMs >= sinceMs);
  }

  /** Number of stored versions per device (a cheap walk of the whole log). */
  async versionCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (!(await this.hasCommits())) return counts;
    for (const c of await this.logChanges([])) counts.set(c.device, (counts.get(c.device) ?? 0) + 1);
    return counts;
  }

  /** The text of `device` at `rev` (default: newest); undefined when that commit has no such file. */
  async text(device: string, rev?: string): Promise<string | undefined> {
    const commit = rev ?? (await this.lastRev(device));
    const file = await this.fileAt(device, commit);
    if (!file) return undefined;
    return this.git.show([`${commit}:${file}`]);
  }

  /** A full commit id for `rev` (a prefix, HEAD~1, …) that stored a version of `device`. */
  async resolve(device: string, rev: string): Promise<string | undefined> {
    if (!/^[0-9A-Za-z~^._/-]{1,100}$/.test(rev) || rev.startsWith('-')) return undefined;
    // --quiet: an unknown name is empty output (simple-git does not fail on a silent exit 1).
    const full = (await this.git.raw(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).catch(() => '')).trim();
    if (!/^[0-9a-f]{40}$/.test(full)) return undefined;
    const versions = await this.history(device);
    return versions.some((v) => v.rev === full) ? full : undefined;
  }

  async lastRev(device: string): Promise<string> {
    const [newest] = await this.history(device);
    if (!newest) throw new Error(`no stored config for device "${device}"`);
    return newest.rev;
  }

  /** The approved baseline of `device`, if one was set. */
  async approved(device: string): Promise<string | undefined> {
    return (await this.approvals()).get(device);
  }

  /** Every approved baseline: one git process for all devices. */
  async approvals(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!(await this.hasCommits())) return out;
    const refs = await this.git.raw(['for-each-ref', '--format=%(refname)%00%(objectname)', APPROVED_REF]);
    for (const line of refs.split('\n')) {
      const [ref, rev] = line.split('\0');
      if (ref && rev) out.set(ref.slice(APPROVED_REF.length), rev);
    }
    return out;
  }

  approve(device: string, rev: string): Promise<void> {
    return this.serial(async () => {
      await this.git.raw(['update-ref', `${APPROVED_REF}${device}`, rev]);
    });
  }

  /** Blob ids of the device's file at `rev` (undefined: not there). */
  async blobAt(device: string, rev: string): Promise<string | undefined> {
    const file = await this.fileAt(device, rev);
    if (!file) return undefined;
    return (await this.git.revparse([`${rev}:${file}`])).trim();
  }

  /** The blob of the newest version, from memory. */
  headBlob(device: string): string | undefined {
    return this.heads.get(device)?.blob;
  }

  /** Waits for writes in flight. */
  async idle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.catch(() => undefined).then(work);
    this.chain = run;
    return run;
  }

  private async fileAt(device: string, rev: string): Promise<string | undefined> {
    const listing = await this.git.raw(['ls-tree', '--name-only', '-r', '-z', rev]);
    return listing.split('\0').find((p) => deviceOfPath(p) === device);
  }

  private async logChanges(args: string[]): Promise<LoggedChange[]> {
    const format = ['%H', '%aI', '%(trailers:key=Device,valueonly,separator=)', '%(trailers:key=Client,valueonly,separator=)', '%(trailers:key=Profile,valueonly,separator=)'].join(SEP);
    const out = await this.git.raw(['log', `--format=${format}`, 'HEAD', ...args]);
    const changes: LoggedChange[] = [];
    for (const line of out.split('\n')) {
      const [rev, date, device, client, profile] = line.split(SEP);
      if (!rev || !device) continue;
      changes.push({ rev, atMs: Date.parse(date), device: device.trim(), client: (client ?? '').trim(), profile: (profile ?? '').trim() });
    }
    return changes;
  }

  private async isRepository(): Promise<boolean> {
    try {
      return (await this.git.revparse(['--show-toplevel'])).trim() === this.dir;
    } catch {
      return false;
    }
  }

  private async hasCommits(): Promise<boolean> {
    const head = await this.git.raw(['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => '');
    return /^[0-9a-f]{40}$/.test(head.trim());
  }
}

function deviceOfPath(file: string): string | undefined {
  const m = /^[^/]+\/(.+)\.cfg$/.exec(file);
  return m ? m[1] : undefined;
}
