// The PostgreSQL transport: how statements reach the server faster than through pg-pool
// alone. Its entry point for the client and for the bench's same-transport peer.
export { PoolHandoff } from './pool-handoff.ts';
export type { ConnectCallback } from './pool-handoff.ts';
export { gatherWhenOthersInFlight } from './statement-path.ts';
export type { StatementPath } from './statement-path.ts';
export { watchSession, sessionFailed } from './session-watch.ts';
export { CoalescedWrites } from '../../transport/coalesced-writes.ts';
