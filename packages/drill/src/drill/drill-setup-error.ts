import { BulwarkError, type BulwarkErrorCode } from 'bulwark';

/**
 * The drill could not start: a service unreachable, a bucket missing, a service that would not
 * start. Its message is one line for the user, with no credentials in it.
 */
export class DrillSetupError extends BulwarkError {
  override readonly name = 'DrillSetupError';
  readonly code = 'BULWARK_DRILL_SETUP' satisfies BulwarkErrorCode;
}
