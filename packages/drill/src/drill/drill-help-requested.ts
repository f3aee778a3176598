/**
 * Thrown by `parseDrillArgs` for `--help`/`-h`: not a failure, the user asked for the usage
 * text. The CLI prints `drillUsage` to stdout and exits 0. It is thrown rather than returned so
 * that a successful parse always yields complete options.
 */
export class DrillHelpRequested extends Error {
  override readonly name = 'DrillHelpRequested';
  readonly code = 'BULWARK_DRILL_HELP';

  constructor() {
    super('help requested (print drillUsage)');
  }
}
