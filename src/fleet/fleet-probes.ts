import { createHash, randomUUID } from 'node:crypto';
import type { CheckTurn, CheckTurns } from '../core/breaker/check-turns.ts';
import { checkKeys } from '../core/validate.ts';
import {
  fleetPolicyKeys,
  resolveFleetPolicy,
  type FleetPolicyOptions,
  type ResolvedFleetPolicy,
} from './fleet-options.ts';
import { RedisFallback } from './redis-fallback.ts';
import { runFleetScript, type FleetScript } from './run-script.ts';

/** Options of {@link createFleetProbes}; `whenRedisFails` is implied: each instance checks alone. */
export type FleetProbesOptions = Omit<FleetPolicyOptions, 'whenRedisFails'>;

const turnScript = `
local mine = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
local closings = tonumber(redis.call('GET', KEYS[2]) or '0')
if mine then return {1, closings} end
return {0, closings}
`;
const closedScript = `
local closings = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], 86400000)
return closings
`;
const script = (source: string): FleetScript => ({
  source,
  sha: createHash('sha1').update(source).digest('hex'),
});
const turn = script(turnScript);
const closing = script(closedScript);

/**
 * A turn lasts a little less than the interval: the instance that has it finds it free again
 * at its next check, and keeps checking an interval apart, while the others, asking in
 * between, are refused.
 */
const turnMs = (intervalMs: number): number => Math.max(1, Math.floor(intervalMs * 0.9));

/** Alone, every instance checks, and no news arrives. */
const alone: CheckTurn = { mine: true, closings: -1 };

/**
 * One prober for a fleet, on Redis: while their circuits are open, the instances take turns
 * (a lock held for one check interval) to run the recovery check, so the upstream gets the
 * checks of one instance, not of all; and when one instance's probe closes its circuit, it
 * adds to a count the others read at their next turn, and they close without probing. News
 * travels with the turn-taking (no subscriber connection): the others learn within a check
 * interval. When Redis does not answer, each instance checks and decides alone. Give it to
 * any client as `recoveryCheck: { turns }`.
 */
export class FleetProbes implements CheckTurns, Disposable {
  readonly fallback: RedisFallback;
  readonly #options: ResolvedFleetPolicy;
  readonly #id = randomUUID();
  readonly #keys: readonly [string, string];

  constructor(options: FleetProbesOptions) {
    // Redis failing has one meaning here (each instance checks alone): no whenRedisFails.
    const known = fleetPolicyKeys.filter((key) => key !== 'whenRedisFails');
    if (typeof options === 'object' && options !== null) checkKeys('fleetProbes', options, known);
    const policy = { ...options, whenRedisFails: 'refuse' } as const;
    this.#options = resolveFleetPolicy('fleetProbes', policy, fleetPolicyKeys);
    const prefix = `bulwark:probe:{${this.#options.name}}`;
    this.#keys = [`${prefix}:turn`, `${prefix}:closings`];
    this.fallback = new RedisFallback(
      this.#options.name,
      this.#options.clock,
      this.#options.recheckMs,
      options,
    );
  }

  /** {@inheritDoc CheckTurns.takeTurn} */
  async takeTurn(intervalMs: number): Promise<CheckTurn> {
    if (!this.fallback.tryRedis()) return alone;
    const o = this.#options;
    try {
      const reply = await runFleetScript(
        o.redis,
        turn,
        this.#keys,
        [this.#id, turnMs(intervalMs)],
        {
          timeoutMs: o.redisTimeoutMs,
        },
      );
      this.fallback.answered();
      const [mine, closings] = reply as [number, number];
      return { mine: mine === 1, closings };
    } catch (error) {
      this.fallback.failed(error);
      return alone;
    }
  }

  /** {@inheritDoc CheckTurns.closed} */
  closed(): void {
    const o = this.#options;
    runFleetScript(o.redis, closing, [this.#keys[1]], [], { timeoutMs: o.redisTimeoutMs }).catch(
      (error: unknown) => this.fallback.failed(error),
    );
  }

  dispose(): void {
    this.fallback.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Makes one prober for a fleet; every option is checked here, before any I/O.
 *
 * @example
 * ```ts
 * const turns = createFleetProbes({ redis, name: 'partner-api' });
 * const partner = createHttpClient({ baseUrl, recoveryCheck: { turns } });
 * ```
 */
export function createFleetProbes(options: FleetProbesOptions): FleetProbes {
  return new FleetProbes(options);
}
