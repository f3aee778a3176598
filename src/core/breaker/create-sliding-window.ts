import { CountWindow } from './count-window.ts';
import type { SlidingWindow, SlidingWindowOptions } from './sliding-window.ts';
import { TimeWindow } from './time-window.ts';

/** Slices of a time window when none are given: it forgets in steps of a tenth of its span. */
export const defaultTimeWindowBuckets = 10;

/** Makes the window the (already validated) options describe. */
export function createSlidingWindow(options: SlidingWindowOptions): SlidingWindow {
  return options.type === 'count'
    ? new CountWindow(options.size)
    : new TimeWindow(options.durationMs, options.buckets ?? defaultTimeWindowBuckets);
}
