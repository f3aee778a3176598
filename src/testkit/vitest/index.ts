// bulwark/testkit/vitest: the vitest side of the test kit. Add
// `globalSetup: ['bulwark/testkit/global-setup']` to the vitest config, then use these.
export { useFaultProxy } from '../faults/use-fault-proxy.ts';
export type { UseFaultProxyOptions } from '../faults/use-fault-proxy.ts';
export type { ProvidedServices } from './provided-context.ts';
