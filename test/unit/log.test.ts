import { chooseLogFormat, createLogger, textLine } from '../../src/log';
import { runCli } from '../helpers/cli';
import { version } from '../../src/util/version';

describe('log format', () => {
  it('JSON by default, text on a terminal, QP_LOG_FORMAT (from --log-format) wins', () => {
    expect(chooseLogFormat({}, false)).toBe('json');
    expect(chooseLogFormat({}, true)).toBe('text');
    expect(chooseLogFormat({ QP_LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(chooseLogFormat({ QP_LOG_FORMAT: 'text' }, false)).toBe('text');
  });

  it('text is one readable line per event, fields as key=value, secrets still redacted', () => {
    const lines: string[] = [];
    const logger = createLogger({ format: 'text', level: 'info', destination: { write: (s: string) => void lines.push(textLine(s)) } });
    logger.info({ device: 'hq printer', n: 3, snmp: { community: 'public-xyz' } }, 'poll done');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  poll done device="hq printer" n=3 snmp=.*<secret>.*\n$/);
    expect(lines[0]).not.toContain('public-xyz');
    expect(textLine('not json')).toBe('not json\n');
  });
});

describe('quarkpulse --version', () => {
  it('prints the package version and exits 0', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version());
    expect(version()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--log-format accepts json or text only (exit 2 otherwise)', async () => {
    const bad = await runCli(['--log-format', 'xml', 'validate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--log-format: expected json or text');
    const ok = await runCli(['validate', '--log-format', 'text']);
    expect(ok.code).toBe(0);
  });
});
