/**
 * A fleet policy moved between Redis and its local stand-in: `local` when Redis failed to
 * answer (unreachable, slow, refusing), `redis` when it answered again.
 */
export interface FleetFallbackEvent {
  readonly type: 'fleet_fallback';
  /** The policy's name (the limit's, the budget's). */
  readonly name: string;
  readonly to: 'local' | 'redis';
  /** Why: the Redis call's failure, or that Redis answered. */
  readonly reason: string;
}

export type FleetEvent = FleetFallbackEvent;
