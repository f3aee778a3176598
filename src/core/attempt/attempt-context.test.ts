import { describe, expect, it } from 'vitest';
import type { Attempt } from './attempt.ts';
import {
  attemptAbortReason,
  attemptAborted,
  offAttemptAbort,
  onAttemptAbort,
} from './attempt-abort.ts';
import { AttemptContext } from './attempt-context.ts';

describe('AttemptContext', () => {
  it('tells each abort listener once, in order, and its signal too', () => {
    const context = new AttemptContext(1, 100);
    const heard: string[] = [];
    onAttemptAbort(context, () => heard.push('first'));
    onAttemptAbort(context, () => heard.push('second'));
    const signal = context.signal;
    const reason = new Error('stop');
    context.abort(reason);
    context.abort(new Error('again'));
    expect(heard).toEqual(['first', 'second']);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(attemptAborted(context)).toBe(true);
    expect(attemptAbortReason(context)).toBe(reason);
  });

  it('does not tell a listener that was removed or came after the abort', () => {
    const context = new AttemptContext(1, 100);
    const heard: string[] = [];
    const removed = () => heard.push('removed');
    onAttemptAbort(context, removed);
    onAttemptAbort(context, () => heard.push('kept'));
    offAttemptAbort(context, removed);
    context.abort(new Error('stop'));
    onAttemptAbort(context, () => heard.push('late'));
    expect(heard).toEqual(['kept']);
  });

  it('makes a signal read after the abort already aborted, with the reason', () => {
    const context = new AttemptContext(2, 100);
    const reason = new Error('timed out');
    context.abort(reason);
    expect(context.signal.aborted).toBe(true);
    expect(context.signal.reason).toBe(reason);
  });

  it('tells the other listeners when one throws, and reports the throw', async () => {
    const context = new AttemptContext(1, 100);
    const heard: string[] = [];
    onAttemptAbort(context, () => {
      throw new Error('listener broke');
    });
    onAttemptAbort(context, () => heard.push('after'));
    const reported = new Promise<unknown>((resolve) => {
      const listeners = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.once('uncaughtException', (error) => {
        for (const listener of listeners) process.on('uncaughtException', listener);
        resolve(error);
      });
    });
    context.abort(new Error('stop'));
    expect(heard).toEqual(['after']);
    expect(((await reported) as Error).message).toBe('listener broke');
  });

  it('listens through the signal of an Attempt it did not make', () => {
    const controller = new AbortController();
    const attempt: Attempt = { attempt: 1, timeoutMs: 100, signal: controller.signal };
    const heard: string[] = [];
    const removed = () => heard.push('removed');
    onAttemptAbort(attempt, () => heard.push('kept'));
    onAttemptAbort(attempt, removed);
    offAttemptAbort(attempt, removed);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(heard).toEqual(['kept']);
    expect(attemptAborted(attempt)).toBe(true);
    expect(attemptAbortReason(attempt)).toBe(reason);
  });
});
