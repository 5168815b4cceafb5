/**
 * One config fetch: connect, run the plan (exec channels or one interactive shell with enable
 * mode), return the raw text. Every wait is bounded by the idle timeout and the run's deadline.
 */
import type { SshSettings } from '../../inventory/types';
import type { PlatformProfile } from '../../platforms/types';
import type { HostKeyStore } from '../types';
import { connectSsh, type SshConnection } from './connection';
import { SshFetchError } from './errors';
import { assemble, planFetch, type FetchPlan } from './plan';
import { ShellSession } from './shell-session';
import { renderTerminal } from './terminal';

export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

export interface FetchRequest {
  device: string;
  address: string;
  ssh: SshSettings;
  profile: PlatformProfile;
  hostKeys: HostKeyStore;
  signal: AbortSignal;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Drops the echoed command (first line) and the prompt the device printed after it (last line). */
function commandOutput(raw: string, command: string): string {
  const lines = renderTerminal(raw).split('\n');
  if (lines.length > 0 && (lines[0] ?? '').trimEnd().endsWith(command)) lines.shift();
  lines.pop();
  return lines.join('\n');
}

async function runExec(conn: SshConnection, plan: FetchPlan, idleMs: number, where: string): Promise<string> {
  const parts: Array<{ label: string; text: string }> = [];
  for (const step of plan.steps) {
    const { stdout, code } = await conn.exec(step.command, idleMs);
    if (code !== null && code !== 0) throw new SshFetchError('protocol', `ssh: \`${step.command}\` on ${where} exited with status ${code}`);
    parts.push({ label: step.label, text: renderTerminal(stdout) });
  }
  return assemble(parts);
}

async function runShell(conn: SshConnection, req: FetchRequest, plan: FetchPlan, idleMs: number, where: string): Promise<string> {
  const { profile, ssh } = req;
  const channel = await conn.shell();
  const session = new ShellSession(channel, { pager: profile.pager, interactions: profile.interactions, idleMs, signal: req.signal, where });
  const isPrompt = (line: string) => plan.prompt.test(line);
  await session.waitFor([isPrompt], 'prompt after login');
  let prompt = session.tail().trim();
  session.take();

  const enable = profile.enable;
  if (enable && enable.unprivileged.test(prompt)) {
    session.send(enable.command);
    const privileged = (line: string) => isPrompt(line) && !enable.unprivileged.test(line);
    const asked = await session.waitFor([privileged, (l) => enable.passwordPrompt.test(l), isPrompt], 'answer to `enable`');
    if (asked === 1) {
      if (!ssh.enablePassword) throw new SshFetchError('auth', `ssh: ${where} asks for the enable secret; set ssh.enable_password`);
      session.take();
      session.send(ssh.enablePassword.reveal());
      const after = await session.waitFor([privileged, (l) => enable.passwordPrompt.test(l), isPrompt], 'answer to the enable secret');
      if (after !== 0) throw new SshFetchError('auth', `ssh: ${where} refused the enable secret`);
    } else if (asked === 2) throw new SshFetchError('auth', `ssh: ${where} refused \`enable\``);
    prompt = session.tail().trim();
    session.take();
  }

  // From here on the device's own prompt, learnt at login, is what ends a command's output.
  const base = escapeRegExp(prompt.replace(/[>#$%]\s*$/, ''));
  const learnt = new RegExp(`^${base}[>#$%] ?$`);
  const atPrompt = (line: string) => learnt.test(line.trim()) || line.trim() === prompt;
  for (const command of plan.setup) {
    session.send(command);
    await session.waitFor([atPrompt], `prompt after \`${command}\``);
    session.take();
  }
  const parts: Array<{ label: string; text: string }> = [];
  for (const step of plan.steps) {
    session.send(step.command);
    await session.waitFor([atPrompt], `prompt after \`${step.command}\``);
    parts.push({ label: step.label, text: commandOutput(session.take(), step.command) });
  }
  session.send('exit');
  return assemble(parts);
}

export async function fetchConfig(req: FetchRequest): Promise<string> {
  const { ssh } = req;
  const where = `${req.address}:${ssh.port}`;
  const plan = planFetch(req.profile, ssh);
  const conn = await connectSsh({
    device: req.device,
    host: req.address,
    port: ssh.port,
    username: ssh.username,
    password: ssh.password?.reveal(),
    privateKey: ssh.privateKey?.reveal(),
    passphrase: ssh.passphrase?.reveal(),
    legacyAlgorithms: ssh.legacyAlgorithms ? req.profile.legacyAlgorithms : undefined,
    connectTimeoutMs: ssh.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    hostKeys: req.hostKeys,
    signal: req.signal,
  });
  try {
    const idleMs = ssh.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    return plan.mode === 'exec' ? await runExec(conn, plan, idleMs, where) : await runShell(conn, req, plan, idleMs, where);
  } finally {
    conn.close();
  }
}
