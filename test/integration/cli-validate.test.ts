import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';

describe('quarkpulse validate (the real command)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-validate-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the shipped default config is valid: exit 0 and a summary', async () => {
    const r = await runCli(['validate', '--config', 'config/quarkpulse.yml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/config\/quarkpulse\.yml: ok: 4 devices \(1 printer, 1 switch, 1 router, 1 firewall\), 1 clients/);
  });

  test('a bad config: exit 2, one line per problem with file, YAML path and line, no stack trace', async () => {
    const file = path.join(dir, 'bad.yml');
    fs.writeFileSync(
      file,
      ['devices:', '  - { name: a, client: c, kind: toaster, address: 127.0.0.1 }', '  - { name: b, client: c, kind: switch, address: "1.2.3.4; rm -rf /", snmp: { versoin: 2c } }', ''].join('\n'),
    );
    const r = await runCli(['validate', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${file}:2:33: devices[0].kind: expected one of switch, router, firewall, printer, server, other, got the text "toaster"`,
      `${file}:3:50: devices[1].address: "1.2.3.4; rm -rf /" is not an IP address or host name`,
      `${file}:3:79: devices[1].snmp.versoin: unknown key "versoin"; did you mean "version"?`,
    ]);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  test('bad alert rules: unknown metric, bad template, bad duration — exact messages, exit 2', async () => {
    const file = path.join(dir, 'rules.yml');
    fs.writeFileSync(
      file,
      [
        'alerting:',
        '  rules:',
        '    - { name: TonerGone, metric: quarkpulse_toner_level, op: "<", threshold: 1, for: 5m, summary: "x" }',
        '    - { name: Jam, metric: quarkpulse_printer_error, match: { condition: jammed }, op: "==", threshold: 1, for: 5 minutes, summary: "x" }',
        '    - { name: Hot, metric: quarkpulse_host_cpu_load_ratio, op: ">", threshold: 0.9, for: 15m, summary: "{{ $labels.cpu" }',
        '',
      ].join('\n'),
    );
    const r = await runCli(['validate', '--config', file]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`${file}:3:34: alerting.rules[0].metric: unknown metric "quarkpulse_toner_level" (rules can use the quarkpulse_* device metrics of CONTRACT section 3)`);
    expect(lines[1]).toMatch(new RegExp(`^${file}:4:\\d+: alerting\\.rules\\[1\\]\\.for: invalid duration "5 minutes"; `));
    expect(lines[2]).toMatch(new RegExp(`^${file}:5:\\d+: alerting\\.rules\\[2\\]\\.summary: .+`));
  });

  // Issue 14: a FIFO as a secret file froze start-up (and a reload) for ever; the command now
  // refuses it at once. Run as a process so a regression hangs (and is killed), not the test runner.
  test('a named pipe as { file: } secret: exit 2 at once with what it is', async () => {
    const fifo = path.join(dir, 'secret.fifo');
    execFileSync('mkfifo', [fifo]);
    const file = path.join(dir, 'fifo.yml');
    fs.writeFileSync(file, `http: { token: { file: ${JSON.stringify(fifo)} } }\n`);
    const t0 = Date.now();
    const r = await runCli(['validate', '--config', file], { timeoutMs: 15_000 });
    expect(r.code).toBe(2);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.stderr.trim()).toBe(`${file}:1:24: http.token.file: secret file ${JSON.stringify(fifo)} is not a regular file (it is a named pipe); point it at a file holding the value`);
  });

  // Issue 14: a billion-laughs file ended in exit 1 and a stack trace.
  test('a billion-laughs file: exit 2 with one line', async () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghij';
    for (let i = 1; i < names.length; i++) rows.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
    const file = path.join(dir, 'laughs.yml');
    fs.writeFileSync(file, `${rows.join('\n')}\n`);
    const r = await runCli(['validate', '--config', file], { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${file}: \\(file\\): YAML aliases: `))]);
  });

  test('a missing file and bad arguments exit 2 with a message', async () => {
    const missing = await runCli(['validate', '--config', path.join(dir, 'nope.yml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yml: (file): file not found');
    const badArg = await runCli(['simulate', '--recordings', dir, '--port', 'x']);
    expect(badArg.code).toBe(2);
    expect(badArg.stderr).toContain('--port: expected 0..65535, got "x"');
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
  });
});
