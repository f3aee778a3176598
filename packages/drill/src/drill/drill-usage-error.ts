import { BulwarkError, type BulwarkErrorCode } from 'bulwark';

/**
 * `bulwark drill` was called wrongly: an unknown flag, a bad URL, a missing S3 setting. The
 * message is one line that names what is wrong and what is allowed, and holds no secret, so the
 * CLI can print it as is and exit with the usage code.
 */
export class DrillUsageError extends BulwarkError {
  override readonly name = 'DrillUsageError';
  readonly code = 'BULWARK_DRILL_USAGE' satisfies BulwarkErrorCode;
}
