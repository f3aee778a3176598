// Polling for what happens after a call returns: the server ends a session, the kernel closes
// a socket, a cancelled statement stops. The client suites share it.

/**
 * Reads `read()` every 20 ms until its value satisfies `until` (a predicate, or the value
 * expected) or `ms` pass; returns the last value read, for the test to assert on.
 */
export async function eventually<T>(
  read: () => T | Promise<T>,
  until: T | ((value: T) => boolean),
  ms = 2_000,
): Promise<T> {
  const done =
    typeof until === 'function' ? (until as (value: T) => boolean) : (value: T) => value === until;
  const deadline = performance.now() + ms;
  let value = await read();
  while (!done(value) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}
