import { describe, expect, it } from 'vitest';
import { DrillHelpRequested } from './drill-help-requested.ts';
import { usageRefusal } from './usage-refusal.test-helpers.ts';
import { readDrillFlags } from './read-drill-flags.ts';

function usageMessage(argv: readonly string[]): string {
  return usageRefusal(() => readDrillFlags(argv), JSON.stringify(argv));
}

describe('readDrillFlags', () => {
  it('reads boolean and string flags, spaced or inline', () => {
    const flags = readDrillFlags(['--quick', '--report', 'out.html', '--json=r.json', '--plain']);
    expect(Object.fromEntries(flags)).toEqual({
      quick: true,
      report: 'out.html',
      json: 'r.json',
      plain: true,
    });
  });

  it('keeps the last value of a repeated flag', () => {
    expect(readDrillFlags(['--json', 'a.json', '--json', 'b.json']).get('json')).toBe('b.json');
  });

  it('reads nothing from no arguments', () => {
    expect(readDrillFlags([]).size).toBe(0);
  });

  it('asks for help on --help or -h, even among bad arguments', () => {
    expect(() => readDrillFlags(['--help'])).toThrow(DrillHelpRequested);
    expect(() => readDrillFlags(['-h'])).toThrow(DrillHelpRequested);
    expect(() => readDrillFlags(['--bogus', 'stray', '-h'])).toThrow(DrillHelpRequested);
  });

  it('refuses an unknown flag and lists the allowed ones', () => {
    const message = usageMessage(['--quik']);
    expect(message).toMatch(/^unknown flag "--quik" \(allowed: --quick, --report, .*--help\)$/);
    expect(usageMessage(['-x'])).toMatch(/^unknown flag "-x"/);
  });

  it('refuses positional arguments, after -- too', () => {
    expect(usageMessage(['run'])).toBe(
      'unexpected argument "run" (bulwark drill takes flags only; see --help)',
    );
    expect(usageMessage(['--', '--quick'])).toMatch(/^unexpected argument "--quick"/);
  });

  it('masks a password in a stray positional URL', () => {
    expect(usageMessage(['postgres://app:s3cr3t@db/main'])).not.toContain('s3cr3t');
  });

  it('refuses a value on a boolean flag', () => {
    expect(usageMessage(['--quick=yes'])).toBe('--quick takes no value');
  });

  it('refuses a string flag without a value', () => {
    expect(usageMessage(['--report'])).toBe('--report needs a value');
    expect(usageMessage(['--report='])).toBe('--report needs a value');
  });

  it('does not take the next flag as a value, and does not quote it', () => {
    expect(usageMessage(['--report', '--quick'])).toBe(
      '--report needs a value (write --report=-... for one that starts with "-")',
    );
    const message = usageMessage(['--s3-secret-key', '-s3cr3t']);
    expect(message).not.toContain('s3cr3t');
  });

  it('takes an inline value that starts with "-"', () => {
    expect(readDrillFlags(['--s3-secret-key=-abc']).get('s3-secret-key')).toBe('-abc');
  });
});
