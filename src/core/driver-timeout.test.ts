import { describe, expect, it } from 'vitest';
import { driverTimeoutMs, driverTimerGraceMs, serverDeadlineMs } from './driver-timeout.ts';

describe('driverTimeoutMs', () => {
  it("runs past the attempt's time, so that the pipeline's timer ends the attempt first", () => {
    expect(driverTimeoutMs(300)).toBe(300 + driverTimerGraceMs);
    expect(driverTimeoutMs(700.0000000001)).toBe(700 + driverTimerGraceMs);
    expect(driverTimeoutMs(299.6)).toBe(300 + driverTimerGraceMs);
  });

  it('is undefined for an unbounded attempt (the driver keeps its own default)', () => {
    expect(driverTimeoutMs(Infinity)).toBeUndefined();
  });
});

describe('serverDeadlineMs', () => {
  it('rounds down: the server never works past the moment nobody waits', () => {
    expect(serverDeadlineMs(299.9)).toBe(299);
    expect(serverDeadlineMs(1234.0000000002)).toBe(1234);
    expect(serverDeadlineMs(1499.9999999998)).toBe(1500);
  });

  it('is never 0, which servers read as "no limit"', () => {
    expect(serverDeadlineMs(0.4)).toBe(1);
  });

  it('is undefined for an unbounded attempt', () => {
    expect(serverDeadlineMs(Infinity)).toBeUndefined();
  });
});
