// bulwark/testkit/conformance: the ten categories as vitest tests for any client wrapper. Needs
// the test kit's global setup (`globalSetup: ['bulwark/testkit/global-setup']`) for Toxiproxy.
export { describeConformance } from './describe-conformance.ts';
export { conformanceCategories } from './conformance-subject.ts';
export type {
  ClientUnderTest,
  ConformanceCategory,
  ConformanceOptions,
  ConformancePolicies,
  ConformanceSubject,
  Endpoint,
} from './conformance-subject.ts';
export { startCountingRelay } from '../faults/counting-relay.ts';
export type { CountingRelay } from '../faults/counting-relay.ts';
