/**
 * Composition root of the `quarkpulse` command. Parses arguments only; each command lives in
 * src/commands/<name>.ts and returns its exit code. Bad arguments: exit 2 with a one-line message.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, UserError } from './commands/errors';
import { ConfigError, formatProblem } from './config/types';
import { LOG_FORMATS } from './log';
import { version } from './util/version';

export const EXIT_OK = 0;

const DEFAULT_CONFIG = 'config/quarkpulse.yml';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function buildProgram(run: (load: () => Promise<number>) => void): Command {
  const program = new Command('quarkpulse')
    .description('Network and printer monitoring daemon: SNMP, ICMP, SSH probes → Prometheus metrics and Alertmanager alerts')
    .version(version(), '-V, --version', 'print the version and exit')
    .option('--log-format <format>', `logs on stderr: ${LOG_FORMATS.join(' or ')} (default: text on a terminal, else json)`)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  // Commands create their logger themselves; the choice reaches them through the environment.
  program.hook('preAction', () => {
    const format: unknown = program.opts().logFormat;
    if (format === undefined) return;
    if (typeof format !== 'string' || !(LOG_FORMATS as readonly string[]).includes(format)) throw new UserError(`--log-format: expected ${LOG_FORMATS.join(' or ')}, got "${String(format)}"`);
    process.env.QP_LOG_FORMAT = format;
  });

  program
    .command('run')
    .description('the daemon: scheduler + workers + HTTP server')
    .option('--config <file>', 'inventory file', DEFAULT_CONFIG)
    .option('--listen <host:port>', 'HTTP listen address')
    .action((opts) => run(async () => (await import('./commands/run')).runDaemon({ ...opts, roles: ['scheduler', 'worker', 'http'] })));

  program
    .command('scheduler')
    .description('only the scheduler (and HTTP), for scale-out over one Redis')
    .option('--config <file>', 'inventory file', DEFAULT_CONFIG)
    .option('--listen <host:port>', 'HTTP listen address')
    .action((opts) => run(async () => (await import('./commands/run')).runDaemon({ ...opts, roles: ['scheduler', 'http'] })));

  program
    .command('worker')
    .description('only a worker, for scale-out over one Redis')
    .option('--config <file>', 'inventory file', DEFAULT_CONFIG)
    .option('--listen <host:port>', 'HTTP listen address (worker self-metrics); none by default')
    .option('--concurrency <n>', 'probes run at once', (v) => parsePositiveInt(v, '--concurrency'))
    .action((opts) => run(async () => (await import('./commands/run')).runDaemon({ ...opts, roles: ['worker'] })));

  program
    .command('poll')
    .description('run every configured probe of every (chosen) device once and print the metrics')
    .requiredOption('--config <file>', 'inventory file')
    .option('--once', 'poll once and exit (the only mode)')
    .option('--device <name>', 'only this device (repeatable)', collect, [] as string[])
    .action((opts) => run(async () => (await import('./commands/poll')).runPoll(opts)));

  program
    .command('validate')
    .description('check the config; exit 2 with one line per problem')
    .option('--config <file>', 'inventory file', DEFAULT_CONFIG)
    .action((opts) => run(async () => (await import('./commands/validate')).runValidate(opts)));

  program
    .command('simulate')
    .description('an SNMP v1/v2c agent on 127.0.0.1 serving every *.snmprec in DIR (community = file name); with --ssh-port / --routeros-port, the SSH and RouterOS API lab devices too')
    .requiredOption('--recordings <dir>', 'directory of .snmprec files')
    .option('--port <n>', 'UDP port', (v) => parsePort(v), 1161)
    .option('--host <address>', 'loopback address to bind', '127.0.0.1')
    .option('--ssh-port <n>', 'also serve the bundled SSH lab devices (config/lab/ssh) on TCP ports N, N+1, …', (v) => parsePort(v))
    .option('--routeros-port <n>', 'also serve the bundled RouterOS API lab devices (config/lab/routeros) on TCP ports N, N+1, …', (v) => parsePort(v))
    .action((opts) => run(async () => (await import('./commands/simulate')).runSimulate(opts)));

  const backup = program
    .command('backup')
    .description('config backups: fetch every (chosen) device once, or accept a changed SSH host key')
    .option('--config <file>', 'inventory file', DEFAULT_CONFIG)
    .option('--once', 'fetch once and exit')
    .option('--device <name>', 'only this device (repeatable)', collect, [] as string[])
    .action((opts) => run(async () => (await import('./commands/backup')).runBackupOnce(opts)));
  backup
    .command('accept-hostkey')
    .description("pin the SSH host key a device's backup was refused for")
    .argument('<device>', 'device name')
    // --config belongs to `backup` (commander reads it wherever it stands on the line).
    .action((device: string, _opts: unknown, cmd: Command) => {
      const { config } = cmd.optsWithGlobals<{ config: string }>();
      run(async () => (await import('./commands/backup')).runAcceptHostKey({ config, device }));
    });

  const configCmd = program.command('config').description('config versions of devices');
  configCmd
    .command('approve')
    .description("approve a stored config version (default: the newest) as the device's baseline")
    .argument('<device>', 'device name')
    .argument('[rev]', 'a stored version (commit id or prefix)')
    .option('--config <file>', 'inventory file', DEFAULT_CONFIG)
    .action((device: string, rev: string | undefined, opts: { config: string }) => run(async () => (await import('./commands/config')).runConfigApprove({ ...opts, device, rev })));

  const report = program.command('report').description('reports');
  report
    .command('config-diff')
    .description('the config-diff review: per client, every change as a unified diff, failing and never backed-up devices')
    .option('--config <file>', 'inventory file', DEFAULT_CONFIG)
    .option('--since <duration>', 'how far back', '7d')
    .option('--client <name>', 'only this client')
    .option('--format <md|html>', 'output format', 'md')
    .option('--out <file>', 'write to FILE instead of stdout')
    .action((opts) => run(async () => (await import('./commands/report')).runConfigDiffReport(opts)));
  report
    .command('monthly')
    .description("a client's monthly service report (availability, outages, printing, supplies, network, alerts, config changes) from Prometheus history")
    .option('--config <file>', 'inventory file', DEFAULT_CONFIG)
    .requiredOption('--client <name>', 'the client')
    .requiredOption('--month <YYYY-MM>', 'the month (UTC)')
    .option('--prometheus <url>', 'Prometheus base URL (overrides reports.prometheus_url)')
    .option('--format <html|md|pdf|json>', 'output format (pdf needs Chromium)', 'html')
    .option('--output <file>', 'write to FILE instead of stdout')
    .action((opts) => run(async () => (await import('./commands/report')).runMonthlyReport(opts)));
  report
    .command('pages')
    .description("a client's page counts of a month per printer, for managed-print billing (CSV)")
    .option('--config <file>', 'inventory file', DEFAULT_CONFIG)
    .requiredOption('--client <name>', 'the client')
    .requiredOption('--month <YYYY-MM>', 'the month (UTC)')
    .option('--prometheus <url>', 'Prometheus base URL (overrides reports.prometheus_url)')
    .option('--format <csv>', 'output format', 'csv')
    .option('--output <file>', 'write to FILE instead of stdout')
    .action((opts) => run(async () => (await import('./commands/report')).runPagesReport(opts)));

  const rules = program.command('rules').description('alert rules');
  rules
    .command('export')
    .description('print the alert rules as a Prometheus rules file')
    .option('--config <file>', 'inventory file (its rule overrides are included)')
    .action((opts) => run(async () => (await import('./commands/rules')).runRulesExport(opts)));

  return program;
}

function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag}: expected a positive integer, got "${value}"`);
  return n;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UserError(`--port: expected 0..65535, got "${value}"`);
  return n;
}

function reportError(err: unknown): number {
  if (err instanceof ConfigError) {
    for (const p of err.problems) process.stderr.write(`${formatProblem(p)}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof UserError) {
    process.stderr.write(`quarkpulse: ${err.message}\n`);
    return err.exitCode;
  }
  process.stderr.write(`quarkpulse: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}

export function main(argv: string[]): void {
  let pending: Promise<number> | undefined;
  const program = buildProgram((load) => {
    pending = load();
  });
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; everything else is a usage error.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    process.exitCode = reportError(err);
    return;
  }
  if (!pending) {
    program.outputHelp();
    process.exitCode = EXIT_USAGE;
    return;
  }
  pending.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.exitCode = reportError(err);
    },
  );
}
