import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunDir } from '../process/run-dir.ts';
import { externalProvider } from './external-provider.ts';

let dir: string;
const run = {} as RunDir;
const base = { postgres: {}, redis: {}, s3: {}, toxiproxy: {} };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-external-'));
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function endpointsFile(content: unknown): string {
  const file = join(dir, 'endpoints.json');
  writeFileSync(file, JSON.stringify(content));
  vi.stubEnv('BULWARK_ENDPOINTS_FILE', file);
  return file;
}

describe('externalProvider', () => {
  it('offers redisTls and redisCluster when the file has them, and not otherwise', async () => {
    const cluster = { nodes: [{ host: 'h', port: 1 }], password: 'p' };
    endpointsFile({ ...base, redisCluster: cluster });
    const { endpoints } = await externalProvider.start(run);
    expect(endpoints.redisCluster).toEqual(cluster);
    expect(endpoints.redisTls).toBeUndefined();
  });

  it('still requires the four base services', async () => {
    const file = endpointsFile({ postgres: {}, redis: {}, s3: {} });
    await expect(externalProvider.start(run)).rejects.toThrow(
      `${file} has no "toxiproxy" endpoint`,
    );
  });

  it('refuses an optional service that is not an endpoint object', async () => {
    const file = endpointsFile({ ...base, redisTls: 'rediss://h:1' });
    await expect(externalProvider.start(run)).rejects.toThrow(
      `${file}: "redisTls" must be an endpoint object or absent`,
    );
  });
});
