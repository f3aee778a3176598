// Which master serves which slot of a Redis Cluster, read from the cluster itself: for tests
// that must put keys on chosen masters, or stop the master that serves a key.
import type { Cluster, Redis } from 'ioredis';

/** One master and the slot ranges it serves, as CLUSTER SLOTS reports them. */
export interface MasterSlots {
  readonly host: string;
  readonly port: number;
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

type SlotsReply = Array<[number, number, [string, number, ...unknown[]], ...unknown[]]>;

/** The masters of the cluster `client` speaks to (any node answers for all). */
export async function clusterMasters(client: Redis | Cluster): Promise<MasterSlots[]> {
  const reply = (await client.call('CLUSTER', 'SLOTS')) as SlotsReply;
  const masters = new Map<string, { host: string; port: number; ranges: [number, number][] }>();
  for (const [from, to, [host, port]] of reply) {
    const address = `${host}:${port}`;
    const master = masters.get(address) ?? { host, port, ranges: [] };
    master.ranges.push([from, to]);
    masters.set(address, master);
  }
  return [...masters.values()];
}

/** The slot of `key` (CRC16 of it, or of its `{hash tag}`), as the cluster computes it. */
export async function slotOf(client: Redis | Cluster, key: string): Promise<number> {
  return Number(await client.call('CLUSTER', 'KEYSLOT', key));
}

/** Whether `master` serves `slot`. */
export function serves(master: MasterSlots, slot: number): boolean {
  return master.ranges.some(([from, to]) => slot >= from && slot <= to);
}

/** A key (starting with `prefix`) that `master` serves. */
export async function keyServedBy(
  client: Redis | Cluster,
  master: MasterSlots,
  prefix: string,
): Promise<string> {
  for (let i = 0; i < 1_000; i++) {
    const key = `${prefix}:${i}`;
    if (serves(master, await slotOf(client, key))) return key;
  }
  throw new Error(`no key of ${prefix}:0..999 lands on ${master.host}:${master.port}`);
}
