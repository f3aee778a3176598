// bulwark/http: a resilient HTTP client on undici.
export { HttpClient, createHttpClient } from './http-client.ts';
export type { HttpClientOptions, RequestOptions } from './http-options.ts';
export type { HttpResponse } from './http-response.ts';
export { HttpStatusError } from './http-status-error.ts';
export { classifyHttp } from './classify-http.ts';
export { parseRetryAfter } from './retry-after.ts';
export { idempotentMethods, idempotencyKeyHeader } from './http-defaults.ts';
