import { attachLogger, createPipeline } from '../src/index.ts';
import { pino } from 'pino';

const payments = createPipeline({
  service: 'payments-api',
  retry: { maxAttempts: 3, backoff: { initialDelayMs: 100, jitter: 'full' } },
  breaker: { consecutiveFailures: 5, openDurationMs: 10_000 },
  timeout: { attemptMs: 2_000, totalMs: 5_000 },
  rateLimit: { ratePerSecond: 50, mode: 'delay' },
});
attachLogger(payments.events, pino());

/** GET an invoice; a 5xx, a reset connection or a hang is retried, a 404 is not. */
export function getInvoice(baseUrl: string, id: string): Promise<unknown> {
  return payments.execute(
    async ({ signal }) => {
      const response = await fetch(`${baseUrl}/invoices/${id}`, { signal });
      if (!response.ok) {
        await response.body?.cancel();
        throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
      }
      return response.json();
    },
    { operation: 'getInvoice', idempotent: true },
  );
}
