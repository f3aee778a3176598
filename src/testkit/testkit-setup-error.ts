import { BulwarkError, type BulwarkErrorCode } from '../core/error-catalogue.ts';

/**
 * The test kit is missing something it needs before it can serve a test: a service binary,
 * the global setup that provides the services, a free proxy port. The message names what and
 * how to fix it.
 */
export class TestKitSetupError extends BulwarkError {
  override readonly name = 'TestKitSetupError';
  readonly code = 'BULWARK_TESTKIT_SETUP' satisfies BulwarkErrorCode;
}
