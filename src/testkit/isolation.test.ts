import { afterEach, describe, expect, it, vi } from 'vitest';
import { uniqueName, workerDatabase, workerId, workerRedisDatabase } from './isolation.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('worker isolation', () => {
  it('gives each worker its own database and Redis database', () => {
    vi.stubEnv('VITEST_POOL_ID', '3');
    expect(workerId()).toBe(3);
    expect(workerDatabase()).toBe('bulwark_w3');
    expect(workerRedisDatabase()).toBe(3);
    vi.stubEnv('VITEST_POOL_ID', '64');
    expect(workerRedisDatabase()).toBe(1);
  });

  it('makes names that never repeat and are valid S3 bucket names', () => {
    const names = new Set(Array.from({ length: 1_000 }, () => uniqueName('My_Bucket')));
    expect(names.size).toBe(1_000);
    for (const name of names) expect(name).toMatch(/^[a-z0-9][a-z0-9-]{2,62}$/);
  });
});
