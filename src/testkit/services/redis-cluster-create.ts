import type { RedisNodeAddress } from './endpoints.ts';

/**
 * The arguments of `redis-cli` that join six started nodes into a cluster of three masters
 * with a replica each, without asking for confirmation. The password is not among them: it
 * goes in `REDISCLI_AUTH`, where `ps` does not show it.
 */
export function clusterCreateArgs(nodes: readonly RedisNodeAddress[]): string[] {
  return [
    '--cluster',
    'create',
    ...nodes.map(({ host, port }) => `${host}:${port}`),
    '--cluster-replicas',
    '1',
    '--cluster-yes',
  ];
}

/** redis-cli colours its cluster reports even when they go to a file; logs want plain text. */
export function withoutColours(text: string): string {
  // eslint-disable-next-line no-control-regex -- the escape character is what it removes
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
