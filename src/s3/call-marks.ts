import type { Classification, Classifier } from '../index.ts';

/** Errors whose classification the client already knows better than the SDK's error says. */
const verdicts = new WeakMap<object, Classification>();
/** Errors of attempts whose stream body had been (partly) read. */
const consumedBody = new WeakSet<object>();

/** Records how an error the client raised (or saw first) is to be classified. */
export function markVerdict<E extends object>(error: E, classification: Classification): E {
  verdicts.set(error, classification);
  return error;
}

/** Records that the attempt which failed with `error` had read from its stream body. */
export function markConsumedBody(error: unknown): void {
  if (typeof error === 'object' && error !== null) consumedBody.add(error);
}

/**
 * Wraps a classifier with what only the client knows about a call. An attempt that read from
 * a stream body is never proven unsent, whatever the network said: bytes left the stream, and
 * a second attempt would send a truncated body. (Stream puts are not idempotent, so without
 * `neverSent` the pipeline does not retry them.)
 */
export function classifyWithMarks(classify: Classifier): Classifier {
  return (error: unknown): Classification => {
    if (typeof error !== 'object' || error === null) return classify(error);
    const verdict = verdicts.get(error);
    if (verdict) return verdict;
    const classification = classify(error);
    return consumedBody.has(error) ? { ...classification, neverSent: false } : classification;
  };
}
