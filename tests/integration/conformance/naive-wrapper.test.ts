// The suite can fail: a wrapper that calls the driver directly must fail the categories it has
// no policy for, and pass the happy path and the clean-up it gets from the driver.
import { describeConformance } from '../../../src/testkit/conformance/index.ts';
import { naivePostgres } from './postgres-subject.ts';

describeConformance(naivePostgres, {
  expectFailures: [
    'transient failure, then success',
    'retry exhaustion',
    'breaker opens',
    'breaker recovers',
    'rate limiting',
    'timeouts',
    'observability',
  ],
});
