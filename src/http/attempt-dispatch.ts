import type { Dispatcher } from 'undici';
import { driverTimeoutMs, serverDeadlineMs } from '../core/driver-timeout.ts';

/**
 * The request as one attempt sends it, carrying the attempt's time (the remaining deadline, on
 * a retry) over the wire. undici gets it as its own headers and body timeouts, so the socket
 * work is bounded by the driver too; with a `deadlineHeader`, the server is told it, so it can
 * stop work nobody waits for. An unbounded attempt sends the request as it is.
 *
 * Both timeouts are sound within an attempt: the client reads every body inside the attempt
 * (`stream` hands it to `consume` there), and undici's body timeout is an idle timeout, reset
 * by every chunk, so it never cuts a body the attempt still waits for.
 */
export function attemptDispatch(
  dispatch: Dispatcher.DispatchOptions,
  timeoutMs: number,
  deadlineHeader: string | undefined,
): Dispatcher.DispatchOptions {
  const driverMs = driverTimeoutMs(timeoutMs);
  if (driverMs === undefined) return dispatch;
  const timed = { ...dispatch, headersTimeout: driverMs, bodyTimeout: driverMs };
  if (deadlineHeader === undefined) return timed;
  // The client's headers are always a plain object of lowercased names (see `lowercase`).
  const headers = dispatch.headers as Readonly<Record<string, string>>;
  return {
    ...timed,
    headers: { ...headers, [deadlineHeader]: String(serverDeadlineMs(timeoutMs)) },
  };
}
