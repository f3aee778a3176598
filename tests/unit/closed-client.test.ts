// Every bulwark client answers a call made after close() the same way: at once, with an
// UpstreamError of kind `client` and no attempt, which neither a retry nor a breaker sees.
import { describe, expect, it } from 'vitest';
import { isUpstreamError } from '../../src/core/errors.ts';
import { createHttpClient } from '../../src/http/index.ts';
import { createPostgresClient } from '../../src/postgres/index.ts';
import { createRedisClient } from '../../src/redis/index.ts';
import { createS3Client } from '../../src/s3/index.ts';

/** Each client, made against a port nothing listens on (it connects only when called). */
const clients = {
  postgres: () => {
    const db = createPostgresClient({ connection: { host: '127.0.0.1', port: 1 } });
    return { close: () => db.close(), call: () => db.query('SELECT 1'), events: db.events };
  },
  redis: () => {
    const redis = createRedisClient({ host: '127.0.0.1', port: 1 });
    return { close: () => redis.close(), call: () => redis.get('k'), events: redis.events };
  },
  s3: () => {
    const s3 = createS3Client({
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const call = () => s3.getObject({ bucket: 'bucket', key: 'k' });
    return { close: () => s3.close(), call, events: s3.events };
  },
  http: () => {
    const http = createHttpClient({ baseUrl: 'http://127.0.0.1:1', service: 'api' });
    return { close: () => http.close(), call: () => http.get('/x'), events: http.events };
  },
};

describe('a call after close()', () => {
  for (const [name, make] of Object.entries(clients)) {
    it(`${name}: fails at once as the caller's mistake, with no attempt and no event`, async () => {
      const client = make();
      const seen: unknown[] = [];
      client.events.on((event) => seen.push(event));
      await client.close();
      const error: unknown = await client.call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isUpstreamError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ kind: 'client', retriable: false, attempts: 0 });
      expect((error as Error).message).toMatch(/ failed after 0 attempts: the client is closed$/);
      expect(seen).toEqual([]);
    });
  }
});
