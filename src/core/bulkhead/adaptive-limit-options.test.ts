import { describe, expect, it } from 'vitest';
import { defaultAdaptiveLimit, resolveAdaptiveLimitOptions } from './adaptive-limit-options.ts';

const resolve = (options: object) => () => resolveAdaptiveLimitOptions(options);

describe('resolveAdaptiveLimitOptions', () => {
  it('fills in every default', () => {
    expect(resolveAdaptiveLimitOptions({})).toEqual(defaultAdaptiveLimit);
    expect(resolveAdaptiveLimitOptions({ algorithm: 'aimd', maxLimit: undefined })).toEqual({
      ...defaultAdaptiveLimit,
      algorithm: 'aimd',
    });
  });

  it('brings the default start inside the bounds given', () => {
    expect(resolveAdaptiveLimitOptions({ maxLimit: 8 }).initialLimit).toBe(8);
    expect(resolveAdaptiveLimitOptions({ minLimit: 50 }).initialLimit).toBe(50);
  });

  it('rejects bad values with a TypeError that names them', () => {
    const cases: Array<[object, RegExp]> = [
      [{ algorithm: 'vegas' }, /bulkhead\.adaptive\.algorithm must be one of "gradient", "aimd"/],
      [{ minLimit: 0 }, /bulkhead\.adaptive\.minLimit must be an integer >= 1 \(got 0\)/],
      [{ minLimit: 10, maxLimit: 5 }, /bulkhead\.adaptive\.maxLimit must be an integer >= 10/],
      [{ maxLimit: 2.5 }, /bulkhead\.adaptive\.maxLimit must be an integer/],
      [
        { minLimit: 2, maxLimit: 9, initialLimit: 10 },
        /bulkhead\.adaptive\.initialLimit must be an integer from 2 to 9 \(got 10\)/,
      ],
      [{ backoffRatio: 1 }, /bulkhead\.adaptive\.backoffRatio must be a number from 0\.5 to 0\.99/],
      [{ backoffRatio: 0.2 }, /bulkhead\.adaptive\.backoffRatio/],
      [{ tolerance: 0.9 }, /bulkhead\.adaptive\.tolerance must be a number from 1 to 10/],
      [{ smoothing: 0 }, /bulkhead\.adaptive\.smoothing must be a number from 0\.01 to 1/],
      [
        { algorithm: 'aimd', latencyThresholdMs: -1 },
        /bulkhead\.adaptive\.latencyThresholdMs must be a number >= 0/,
      ],
      [{ intialLimit: 5 }, /unknown option bulkhead\.adaptive\.intialLimit/],
    ];
    for (const [options, message] of cases) {
      expect(resolve(options)).toThrow(TypeError);
      expect(resolve(options)).toThrow(message);
    }
  });

  it('refuses a knob of the other algorithm, instead of ignoring it', () => {
    expect(resolve({ algorithm: 'aimd', tolerance: 2 })).toThrow(
      'bulwark: option bulkhead.adaptive.tolerance applies to algorithm "gradient" only (algorithm is "aimd")',
    );
    expect(resolve({ latencyThresholdMs: 100 })).toThrow(
      /bulkhead\.adaptive\.latencyThresholdMs applies to algorithm "aimd" only/,
    );
  });
});
