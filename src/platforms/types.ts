/**
 * What a platform profile is: how a device of that platform is asked for its configuration over
 * SSH, and how its answer becomes the text that is stored. Profiles are data (profiles/*.ts);
 * the SSH probe and normalize.ts are the only code that reads them.
 */

/** A line rule: every match is replaced; named groups `pre` and `post` are kept, the rest is the secret. */
export interface SecretRule {
  name: string;
  /** Applied to one line at a time; use the `g` flag for several values on one line. */
  pattern: RegExp;
  /** Only inside the section this header opens (the header line and the lines indented below it). */
  within?: RegExp;
  /** For flat sections (no indentation): the section runs until a line matching this. */
  until?: RegExp;
}

/** A secret that spans lines: the lines strictly between `start` and `end` become one marker line. */
export interface SecretBlock {
  name: string;
  start: RegExp;
  end: RegExp;
}

/** SSH algorithm names added (ssh2 `append`) when a device sets `legacy_algorithms: true`. */
export interface SshAlgorithmLists {
  kex: string[];
  serverHostKey: string[];
  cipher: string[];
  hmac: string[];
}

/** Something a device may print before its first prompt that needs an answer ("Press any key"). */
export interface Interaction {
  expect: RegExp;
  send: string;
}

export interface EnableStep {
  command: string;
  /** The prompt while unprivileged (Cisco `sw1>`): enable runs only when this matches. */
  unprivileged: RegExp;
  passwordPrompt: RegExp;
  /** Printed by the device when the enable secret is refused. */
  refused: RegExp;
}

export interface PlatformProfile {
  name: string;
  /** One line for docs and `validate` messages. */
  title: string;
  /** `exec`: one SSH exec channel per command; `shell`: one interactive shell, prompt-driven. */
  mode: 'exec' | 'shell';
  /** The commands whose output is the configuration, in order (`custom` takes them from the config). */
  commands: string[];
  /** Files read with `cat` (exec mode), in order, before `commands` (linux). */
  files?: string[];
  /** Shell mode: sent after the first prompt, their output discarded (`terminal length 0`). */
  setup?: string[];
  /** Shell mode: the last line of output when the device waits for a command. */
  prompt: RegExp;
  /** Shell mode: a pager prompt and what to send to get the next page. */
  pager?: { pattern: RegExp; reply: string };
  interactions?: Interaction[];
  enable?: EnableStep;
  legacyAlgorithms?: SshAlgorithmLists;
  /** Whole lines that change without the configuration changing (timestamps, counters). */
  volatile: RegExp[];
  /** Parts of a line that change without the configuration changing (`uptime=…`); removed. */
  volatileFields?: RegExp[];
  secrets: SecretRule[];
  blocks?: SecretBlock[];
  /**
   * Text the fail-closed scan skips: values public by nature (WireGuard public keys) and menu
   * words that read like secret key words (RouterOS `/ppp secret`).
   */
  scanSkips?: RegExp[];
}
