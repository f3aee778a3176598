import { describe, expect, it } from 'vitest';
import { completeReplies } from './resp-replies.ts';

const count = (text: string) => completeReplies(Buffer.from(text));

describe('completeReplies', () => {
  it('counts one-line replies by their line ends', () => {
    expect(count('+OK\r\n+PONG\r\n')).toBe(2);
    expect(count('-WRONGPASS invalid\r\n:42\r\n+PON')).toBe(2);
    expect(count('')).toBe(0);
  });

  it('counts a bulk string only once all its bytes are there, line ends inside included', () => {
    const info = 'cluster_state:ok\r\ncluster_slots_assigned:16384\r\n';
    const bulk = `$${Buffer.byteLength(info)}\r\n${info}\r\n`;
    expect(count(`+OK\r\n${bulk}`)).toBe(2);
    expect(count(`+OK\r\n${bulk.slice(0, -3)}`)).toBe(1);
    expect(count('$-1\r\n+OK\r\n')).toBe(2);
  });

  it('measures bulk strings in bytes, not characters', () => {
    expect(count('$2\r\né\r\n')).toBe(1);
  });

  it('counts an array once all its elements are complete, nested ones included', () => {
    const array = '*2\r\n$3\r\nfoo\r\n*1\r\n:1\r\n';
    expect(count(array)).toBe(1);
    expect(count(array.slice(0, -2))).toBe(0);
    expect(count(`${array}*-1\r\n`)).toBe(2);
  });
});
