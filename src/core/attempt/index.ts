// One attempt at a call: what operations are given, and the contract clients build on
// (attempt-abort.ts). The pipeline's side (making and bounding attempts) is bounded-attempt.ts.
export type { Attempt, Operation } from './attempt.ts';
export {
  attemptAbortReason,
  attemptAborted,
  attemptLinkProgressed,
  attemptOutrun,
  attemptTimedOut,
  awaitConnection,
  awaitTurn,
  offAttemptAbort,
  onAttemptAbort,
  settleOnAttemptAbort,
  watchLinkProgress,
} from './attempt-abort.ts';
export type { AttemptAbortListener } from './attempt-abort.ts';
