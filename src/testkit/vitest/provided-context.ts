/**
 * What bulwark's global setup provides to test workers, typed for vitest's `inject`:
 * `inject('bulwarkServices')` returns the started services' endpoints.
 */
import type { ServiceEndpoints } from '../services/endpoints.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    // Spelled out rather than computed from `servicesKey`: an augmentation cannot import a
    // value, and the two must stay equal (`servicesKey` is `'bulwarkServices'`).
    bulwarkServices: ServiceEndpoints;
  }
}

/** The endpoints under `bulwarkServices`; importing this type also loads the augmentation. */
export type ProvidedServices = ServiceEndpoints;
