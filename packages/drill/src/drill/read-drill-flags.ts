import { parseArgs } from 'node:util';
import { redact } from 'bulwark';
import { DrillHelpRequested } from './drill-help-requested.ts';
import { drillFlags, type DrillFlagName } from './drill-flags.ts';
import { DrillUsageError } from './drill-usage-error.ts';

/** The flags as given on the command line: a string, or `true` for a boolean flag. */
export type DrillFlagValues = ReadonlyMap<DrillFlagName, string | true>;

const byName = new Map<string, (typeof drillFlags)[number]>(
  drillFlags.map((flag) => [flag.name, flag]),
);
const allowed = drillFlags.map((flag) => `--${flag.name}`).join(', ');

/**
 * Reads argv against the flag table, as strictly as `parseArgs({ strict: true })`, but with our
 * own messages: strict mode's are several lines long and quote the offending argument, which
 * may be a secret. So parseArgs runs non-strict, for its tokens, and each token is checked here.
 * Throws DrillHelpRequested for `--help`/`-h`, whatever else is on the line.
 */
export function readDrillFlags(argv: readonly string[]): DrillFlagValues {
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      drillFlags.map((flag) => [
        flag.name,
        'short' in flag ? { type: flag.type, short: flag.short } : { type: flag.type },
      ]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((token) => token.kind === 'option' && token.name === 'help')) {
    throw new DrillHelpRequested();
  }
  const values = new Map<DrillFlagName, string | true>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      throw new DrillUsageError(
        `unexpected argument "${redact(token.value)}" (bulwark drill takes flags only; see --help)`,
      );
    }
    const flag = byName.get(token.name);
    if (flag === undefined) {
      throw new DrillUsageError(`unknown flag "${token.rawName}" (allowed: ${allowed})`);
    }
    const name = `--${flag.name}`;
    if (flag.type === 'boolean') {
      if (token.value !== undefined) throw new DrillUsageError(`${name} takes no value`);
      values.set(flag.name, true);
      continue;
    }
    // parseArgs takes the next argument as the value even when it is another flag
    // (`--report --quick`); a value that really starts with "-" must be written inline.
    if (token.value === undefined || token.value === '') {
      throw new DrillUsageError(`${name} needs a value`);
    }
    if (!token.inlineValue && token.value.startsWith('-')) {
      throw new DrillUsageError(
        `${name} needs a value (write ${name}=-... for one that starts with "-")`,
      );
    }
    values.set(flag.name, token.value);
  }
  return values;
}
