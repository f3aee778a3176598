import { redact } from 'bulwark';

/**
 * An error as one line for the terminal: its first line of message, with any credentials in
 * URLs masked. Services that fail to start put their log in the message; that stays in the
 * log file the message names. A first line that only announces what follows (it ends with a
 * colon, as `could not start the test services:` does) is joined with the next line, which
 * says what went wrong.
 */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const [first = 'unknown error', second] = lines;
  return redact(first.endsWith(':') && second !== undefined ? `${first} ${second}` : first);
}
