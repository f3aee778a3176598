import { expect, test } from 'vitest';
import { formatAddress, parseListenAddress } from './listen-address.ts';

test('splits host:port, IPv4, IPv6 and names alike', () => {
  expect(parseListenAddress('127.0.0.1:40123')).toEqual({ host: '127.0.0.1', port: 40123 });
  expect(parseListenAddress('[::1]:80')).toEqual({ host: '::1', port: 80 });
  expect(parseListenAddress('redis:6379')).toEqual({ host: 'redis', port: 6379 });
});

test('rejects what is not host:port', () => {
  for (const bad of ['', '6379', ':6379', 'host:', 'host:port', 'host:70000']) {
    expect(parseListenAddress(bad)).toBeUndefined();
  }
});

test('formats so that the result parses back', () => {
  expect(formatAddress('::1', 80)).toBe('[::1]:80');
  expect(parseListenAddress(formatAddress('::1', 80))).toEqual({ host: '::1', port: 80 });
  expect(formatAddress('127.0.0.1', 0)).toBe('127.0.0.1:0');
});
