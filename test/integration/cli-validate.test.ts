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
      `${file}: devices[0].kind: expected one of switch, router, firewall, printer, server, other (line 2)`,
      `${file}: devices[1].address: "1.2.3.4; rm -rf /" is not an IP address or host name (line 3)`,
      `${file}: devices[1].snmp.versoin: unknown key "versoin" (line 3)`,
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
    expect(lines[0]).toBe(`${file}: alerting.rules[0].metric: unknown metric "quarkpulse_toner_level" (rules can use the quarkpulse_* device metrics of CONTRACT section 3) (line 3)`);
    expect(lines[1]).toMatch(new RegExp(`^${file}: alerting\\.rules\\[1\\]\\.for: invalid duration "5 minutes"; .* \\(line 4\\)$`));
    expect(lines[2]).toMatch(new RegExp(`^${file}: alerting\\.rules\\[2\\]\\.summary: .+ \\(line 5\\)$`));
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
