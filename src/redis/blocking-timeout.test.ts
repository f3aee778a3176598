import { describe, expect, it } from 'vitest';
import { blockingRequest } from './blocking-timeout.ts';

/** The arguments the command is sent with in an attempt of `timeoutMs`. */
function sent(timeoutMs: number, name: string, ...args: Array<string | number>) {
  return blockingRequest(name, args)?.(timeoutMs).args;
}

describe('blockingRequest', () => {
  it('clamps a timeout in seconds to the time the attempt has, in ms precision', () => {
    expect(sent(1_500, 'BLPOP', 'a', 'b', 0)).toEqual(['a', 'b', 1.5]);
    expect(sent(299.9, 'brpop', 'a', '10')).toEqual(['a', 0.299]);
    expect(sent(700, 'BLMOVE', 's', 'd', 'LEFT', 'RIGHT', 5)).toEqual([
      's',
      'd',
      'LEFT',
      'RIGHT',
      0.7,
    ]);
    expect(sent(700, 'BZMPOP', 0, 1, 'z', 'MIN')).toEqual([0.7, 1, 'z', 'MIN']);
  });

  it('clamps a timeout in ms (WAIT, XREAD BLOCK) and finds BLOCK only among the options', () => {
    expect(sent(800, 'WAIT', 1, 0)).toEqual([1, 800]);
    expect(sent(800, 'XREAD', 'COUNT', 2, 'BLOCK', 0, 'STREAMS', 's', '$')).toEqual([
      'COUNT',
      2,
      'BLOCK',
      800,
      'STREAMS',
      's',
      '$',
    ]);
    expect(
      sent(800, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '5000', 'STREAMS', 's', '>'),
    ).toEqual(['GROUP', 'g', 'c', 'BLOCK', 800, 'STREAMS', 's', '>']);
    // Without BLOCK it does not block; a stream named BLOCK is no option.
    expect(blockingRequest('XREAD', ['STREAMS', 'BLOCK', '0'])).toBeUndefined();
  });

  it("keeps a caller's shorter timeout, and any timeout of an unbounded attempt", () => {
    expect(sent(5_000, 'BLPOP', 'a', 2)).toEqual(['a', 2]);
    expect(sent(5_000, 'BLPOP', 'a', '0.25')).toEqual(['a', '0.25']);
    expect(sent(Infinity, 'BLPOP', 'a', 0)).toEqual(['a', 0]);
  });

  it('leaves other commands, and timeouts the server will refuse, alone', () => {
    expect(blockingRequest('LPOP', ['a'])).toBeUndefined();
    expect(blockingRequest('BLPOP', ['a', 'soon'])).toBeUndefined();
    expect(blockingRequest('BLPOP', ['a', -1])).toBeUndefined();
    expect(blockingRequest('BLMPOP', [])).toBeUndefined();
  });
});
