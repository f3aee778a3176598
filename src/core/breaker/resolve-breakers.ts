import type { Clock } from '../clock.ts';
import type { RandomSource } from '../random.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import type { BreakerOptions } from './keyed-breaker-options.ts';
import { resolveKeyedBreakers } from './keyed-breaker-options.ts';
import { KeyedBreakers } from './keyed-breakers.ts';
import { checkObject } from './option-checks.ts';

/** A pipeline's breaker: one for the whole client, a keyed set, or none. */
export interface ResolvedBreakers {
  readonly breaker: CircuitBreaker | undefined;
  readonly breakers: KeyedBreakers | undefined;
}

const none: ResolvedBreakers = { breaker: undefined, breakers: undefined };

/** The `breaker` option made into a breaker (or a keyed set), validated before any I/O. */
export function resolveBreakers(
  option: BreakerOptions | CircuitBreaker | false | undefined,
  deps: { readonly clock: Clock; readonly random: RandomSource },
): ResolvedBreakers {
  if (option === false) return none;
  if (option instanceof CircuitBreaker) return { breaker: option, breakers: undefined };
  const given = option ?? {};
  checkObject('breaker', given);
  const { keyed, ...perKey } = given;
  if (keyed === undefined)
    return { breaker: new CircuitBreaker(perKey, deps), breakers: undefined };
  return {
    breaker: undefined,
    breakers: new KeyedBreakers(perKey, resolveKeyedBreakers(keyed), deps),
  };
}
