import { errorCatalogue, isBulwarkError } from 'bulwark';
import { describe, expect, it } from 'vitest';
import { DrillSetupError } from './drill-setup-error.ts';

describe('DrillSetupError', () => {
  it('is a bulwark error with a catalogued code', () => {
    const error = new DrillSetupError('redis at 127.0.0.1:1 is unreachable: ECONNREFUSED');
    expect(error.name).toBe('DrillSetupError');
    expect(error.code).toBe('BULWARK_DRILL_SETUP');
    expect(isBulwarkError(error)).toBe(true);
    expect(errorCatalogue).toHaveProperty(error.code);
  });
});
