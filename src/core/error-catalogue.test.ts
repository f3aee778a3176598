import { describe, expect, it } from 'vitest';
import {
  errorCatalogue,
  InvalidArgumentError,
  InvalidOptionError,
  InvalidStateError,
  isBulwarkError,
} from './error-catalogue.ts';
import { errorKinds } from './error-kind.ts';
import { createUpstreamError, errorCodeOf } from './errors.ts';

describe('the error catalogue', () => {
  it("holds the code of every kind of failed call, and a failed call's error is branded", () => {
    for (const kind of errorKinds) expect(errorCatalogue).toHaveProperty(errorCodeOf(kind));
    const error = createUpstreamError({
      service: 's',
      operation: 'op',
      kind: 'server',
      retriable: true,
      attempts: 1,
      elapsedMs: 1,
      reason: 'boom',
    });
    expect(isBulwarkError(error)).toBe(true);
    expect(error.code).toBe('BULWARK_SERVER');
  });

  it.each([
    [InvalidOptionError, 'BULWARK_INVALID_OPTION', true],
    [InvalidArgumentError, 'BULWARK_INVALID_ARGUMENT', true],
    [InvalidStateError, 'BULWARK_INVALID_STATE', false],
  ] as const)('%o has its name, its code and the brand', (ErrorClass, code, isTypeError) => {
    const error = new ErrorClass('bulwark: wrong');
    expect(error.name).toBe(ErrorClass.name);
    expect(error.code).toBe(code);
    expect(errorCatalogue).toHaveProperty(code);
    expect(isBulwarkError(error)).toBe(true);
    expect(error instanceof TypeError).toBe(isTypeError);
  });

  it('does not take a look-alike for one of its own', () => {
    expect(isBulwarkError(Object.assign(new Error('x'), { code: 'BULWARK_SERVER' }))).toBe(false);
    expect(isBulwarkError('BULWARK_SERVER')).toBe(false);
  });
});
