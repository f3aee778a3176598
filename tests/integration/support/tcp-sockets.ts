/**
 * TCP socket handles this process holds open right now, whoever opened them: a client that
 * leaks connections leaves more of them behind than it found.
 */
export function tcpSockets(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
}
