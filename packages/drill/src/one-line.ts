import { redact } from '../index.ts';

/**
 * An error as one line for the terminal: its first line of message, with any credentials in
 * URLs masked. Services that fail to start put their log in the message; that stays in the
 * log file the message names.
 */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
  return redact(first.trim());
}
