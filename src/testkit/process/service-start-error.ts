import { BulwarkError, type BulwarkErrorCode } from '../../core/error-catalogue.ts';

/** A service that did not become ready; its message ends with the service's own log. */
export class ServiceStartError extends BulwarkError {
  override readonly name = 'ServiceStartError';
  readonly code = 'BULWARK_SERVICE_START' satisfies BulwarkErrorCode;
}
