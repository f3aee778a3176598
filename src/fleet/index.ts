// bulwark/fleet: policies shared by every instance of a fleet, coordinated on Redis (which the
// fleet already runs), each with a local stand-in for when Redis does not answer.
export { FleetRateLimiter, createFleetRateLimiter } from './fleet-rate-limiter.ts';
export type { FleetRateLimiterOptions } from './fleet-rate-limiter-options.ts';
export type { FleetPolicyOptions, WhenRedisFails } from './fleet-options.ts';
export { RedisFallback } from './redis-fallback.ts';
export type { FallbackState } from './redis-fallback.ts';
export type { FleetEvent, FleetFallbackEvent } from './fleet-events.ts';
export { attachFleetTelemetry } from './fleet-telemetry.ts';
export type { FleetTelemetryOptions } from './fleet-telemetry.ts';
export { FleetRetryBudget, createFleetRetryBudget } from './fleet-retry-budget.ts';
export type { FleetRetryBudgetOptions } from './fleet-retry-budget.ts';
export { FleetProbes, createFleetProbes } from './fleet-probes.ts';
export type { FleetProbesOptions } from './fleet-probes.ts';
export { shareCoolDowns } from './share-cool-downs.ts';
