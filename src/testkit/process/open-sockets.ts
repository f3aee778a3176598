// Counts this process's own TCP sockets to a port, from /proc: what the kernel holds open for
// us, whatever library opened it. A socket we closed is gone from our descriptors even while
// the kernel keeps it in TIME_WAIT; one we leaked (or that sits in CLOSE_WAIT) is counted.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { TestKitSetupError } from '../testkit-setup-error.ts';

/**
 * Throws unless /proc can be read (Linux, as on every machine this project runs on). A leak
 * check without it must fail loudly, not pass: one that silently does nothing proves nothing.
 */
export function requireProcSockets(): void {
  try {
    readFileSync('/proc/net/tcp', 'utf8');
    readdirSync('/proc/self/fd');
  } catch (error) {
    throw new TestKitSetupError(
      'counting open sockets needs /proc/net/tcp and /proc/self/fd (Linux)',
      {
        cause: error,
      },
    );
  }
}

function ownSocketInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // Closed between the listing and the read: not open, then.
    }
  }
  return inodes;
}

/** Open TCP connections of this process whose remote port is `port`. */
export function socketsTo(port: number): number {
  const inodes = ownSocketInodes();
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue; // no IPv6 on this machine
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const columns = line.trim().split(/\s+/);
      const remote = columns[2];
      const inode = columns[9];
      if (remote === undefined || inode === undefined || !inodes.has(inode)) continue;
      if (Number.parseInt(remote.split(':')[1] ?? '', 16) === port) count++;
    }
  }
  return count;
}

/** Waits (briefly) for the count to settle at or below `max`: socket teardown is asynchronous. */
export async function socketsSettle(port: number, max: number, withinMs = 3_000): Promise<number> {
  const until = performance.now() + withinMs;
  let count = socketsTo(port);
  while (count > max && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    count = socketsTo(port);
  }
  return count;
}
