import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './error-catalogue.ts';
import { checkInteger, checkKeys, checkNumber, checkOneOf, checkRange } from './validate.ts';

describe('option checks', () => {
  it('name the option, the rule and the value', () => {
    expect(() => checkInteger('retry.maxAttempts', 0, 1)).toThrow(
      new InvalidOptionError('bulwark: option retry.maxAttempts must be an integer >= 1 (got 0)'),
    );
    expect(() => checkNumber('timeout.attemptMs', Number.NaN, 0)).toThrow(
      /timeout\.attemptMs .* \(got NaN\)/,
    );
    expect(() => checkRange('breaker.failureRate.threshold', 1.5, 0, 1)).toThrow(
      /from 0 to 1 \(got 1.5\)/,
    );
    expect(() => checkOneOf('retry.jitter', 'half', ['full', 'none'])).toThrow(
      /one of "full", "none" \(got "half"\)/,
    );
    expect(() => checkKeys('retry', { maxAttempt: 3 }, ['maxAttempts'])).toThrow(
      /unknown option retry\.maxAttempt/,
    );
  });

  it('return the value when it is allowed', () => {
    expect(checkInteger('n', 3, 1, 5)).toBe(3);
    expect(checkNumber('n', Infinity, 0, true)).toBe(Infinity);
    expect(checkOneOf('j', 'full', ['full', 'none'])).toBe('full');
  });
});
