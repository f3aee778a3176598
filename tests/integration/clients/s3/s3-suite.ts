// bulwark/s3 against the real S3 server of the test run (versitygw locally, MinIO under
// Docker), always reached through a fault proxy of the test's own: the ten categories of
// tests/integration/README.md, plus data integrity.
import type { Readable } from 'node:stream';
import { afterAll } from 'vitest';
import { requireProcSockets } from '../../../../src/testkit/index.ts';
import { direct } from '../s3/s3-harness.ts';

afterAll(() => direct.destroy());

// The leak checks below count sockets from /proc; without it they fail here, loudly.
requireProcSockets();

export { setTimeout as sleep } from 'node:timers/promises';
export { gaps } from '../../support/gaps.ts';

/** Every page of a listing (Array.fromAsync is past this project's ES2023 lib). */
export async function allPages<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

/** Reads a stream to the end. */
export async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
