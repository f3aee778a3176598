import { describe, expect, test } from 'vitest';
import { FakeClock } from '../core/fake-clock.ts';
import { PermitLeases } from './permit-leases.ts';

describe('PermitLeases', () => {
  test('asks ahead only for a key asked for more than once in a lease, at most maxLease - 1', async () => {
    const clock = new FakeClock();
    const leases = new PermitLeases(clock, 10, 16);
    expect(leases.take('k')).toBe(false);
    expect(leases.aheadFor('k')).toBe(0);
    for (let i = 0; i < 40; i++) leases.take('k');
    expect(leases.aheadFor('k')).toBe(15);
    expect(leases.aheadFor('other')).toBe(0);
  });

  test('grants what was leased, once each, until the lease runs out', async () => {
    const clock = new FakeClock();
    const leases = new PermitLeases(clock, 10, 16);
    leases.add('k', 2);
    expect([leases.take('k'), leases.take('k'), leases.take('k')]).toEqual([true, true, false]);
    leases.add('k', 3);
    await clock.advance(10);
    // Past its time, a lease is spent: those permits go unused, never late.
    expect(leases.take('k')).toBe(false);
  });
});
