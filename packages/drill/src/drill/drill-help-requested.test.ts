import { describe, expect, it } from 'vitest';
import { DrillHelpRequested } from './drill-help-requested.ts';

describe('DrillHelpRequested', () => {
  it('is an Error with its own name and code, distinct from a usage error', () => {
    const request = new DrillHelpRequested();
    expect(request).toBeInstanceOf(Error);
    expect(request.name).toBe('DrillHelpRequested');
    expect(request.code).toBe('BULWARK_DRILL_HELP');
  });
});
