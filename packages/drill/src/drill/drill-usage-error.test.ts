import { errorCatalogue, isBulwarkError } from 'bulwark';
import { describe, expect, it } from 'vitest';
import { DrillUsageError } from './drill-usage-error.ts';

describe('DrillUsageError', () => {
  it('carries a name and a stable code a caller can branch on', () => {
    const error = new DrillUsageError('--quick takes no value');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DrillUsageError');
    expect(error.code).toBe('BULWARK_DRILL_USAGE');
    expect(error.message).toBe('--quick takes no value');
    expect(String(error)).toBe('DrillUsageError: --quick takes no value');
    expect(isBulwarkError(error)).toBe(true);
    expect(errorCatalogue).toHaveProperty(error.code);
  });
});
