import { describe, expect, it, vi } from 'vitest';
import { EventBus } from './event-bus.ts';

describe('EventBus', () => {
  it('delivers events to every listener until it is disposed', () => {
    const bus = new EventBus<number>();
    expect(bus.observed).toBe(false);
    const seen: number[] = [];
    const subscription = bus.on((n) => seen.push(n));
    expect(bus.observed).toBe(true);
    bus.emit(1);
    subscription.dispose();
    bus.emit(2);
    expect(seen).toEqual([1]);
    expect(bus.observed).toBe(false);
  });

  it('works with `using`', () => {
    const bus = new EventBus<string>();
    const seen: string[] = [];
    {
      using _subscription = bus.on((s) => seen.push(s));
      bus.emit('in');
    }
    bus.emit('out');
    expect(seen).toEqual(['in']);
  });

  it('keeps going when a listener throws, and warns', () => {
    const bus = new EventBus<number>();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const seen: number[] = [];
    bus.on(() => {
      throw new Error('broken sink');
    });
    bus.on((n) => seen.push(n));
    expect(() => bus.emit(7)).not.toThrow();
    expect(seen).toEqual([7]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('broken sink'), expect.anything());
    warn.mockRestore();
  });
});
