import { describe, expect, it } from 'vitest';
import { DrillHelpRequested } from './drill-help-requested.ts';
import { usageRefusal } from './usage-refusal.test-helpers.ts';
import { parseDrillArgs } from './parse-drill-args.ts';

function usageMessage(argv: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  return usageRefusal(() => parseDrillArgs(argv, env, false), JSON.stringify(argv));
}

describe('parseDrillArgs', () => {
  it('drills all four embedded services by default', () => {
    expect(parseDrillArgs([], {}, true)).toEqual({
      quick: false,
      clients: ['s3', 'postgres', 'redis', 'http'],
      targets: undefined,
      reportPath: undefined,
      jsonPath: undefined,
      progress: 'live',
    });
  });

  it('reads --quick, --report and --json', () => {
    const options = parseDrillArgs(
      ['--quick', '--report', 'out/drill.html', '--json=out/drill.json'],
      {},
      false,
    );
    expect(options).toMatchObject({
      quick: true,
      reportPath: 'out/drill.html',
      jsonPath: 'out/drill.json',
    });
  });

  it('shows live progress on a terminal unless --plain, or the terminal is dumb', () => {
    expect(parseDrillArgs([], {}, true).progress).toBe('live');
    expect(parseDrillArgs(['--plain'], {}, true).progress).toBe('lines');
    expect(parseDrillArgs([], { TERM: 'dumb' }, true).progress).toBe('lines');
    expect(parseDrillArgs([], {}, false).progress).toBe('lines');
  });

  it('asks for help', () => {
    expect(() => parseDrillArgs(['--quick', '-h'], {}, true)).toThrow(DrillHelpRequested);
  });

  describe('embedded mode', () => {
    it('drills the clients named in --clients, in the usual order, once each', () => {
      expect(parseDrillArgs(['--clients', 'http, Redis,http,'], {}, false).clients).toEqual([
        'redis',
        'http',
      ]);
    });

    it('refuses an unknown client and lists the allowed ones', () => {
      expect(usageMessage(['--clients=postgres,mysql'])).toBe(
        '--clients: unknown client "mysql" (allowed: s3, postgres, redis, http)',
      );
    });

    it('refuses an empty client list', () => {
      expect(usageMessage(['--clients=,'])).toBe(
        '--clients: name at least one client (allowed: s3, postgres, redis, http)',
      );
    });

    it('is not switched off by AWS credentials in the environment', () => {
      const env = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' };
      expect(parseDrillArgs([], env, false).targets).toBeUndefined();
    });
  });

  describe('external mode', () => {
    it('drills exactly the clients given a target', () => {
      const options = parseDrillArgs(
        ['--redis-url', 'redis://cache:6379'],
        { BULWARK_DRILL_POSTGRES_URL: 'postgres://app:pw@db/main' },
        false,
      );
      expect(options.clients).toEqual(['postgres', 'redis']);
      expect(options.targets).toEqual({
        postgresUrl: 'postgres://app:pw@db/main',
        redisUrl: 'redis://cache:6379',
      });
    });

    it('narrows to the clients in --clients and leaves the other targets out', () => {
      const options = parseDrillArgs(
        ['--clients=redis', '--redis-url=redis://cache', '--http-url=not a url'],
        {},
        false,
      );
      expect(options.clients).toEqual(['redis']);
      expect(options.targets).toEqual({ redisUrl: 'redis://cache' });
    });

    it('refuses a client in --clients that has no target', () => {
      expect(usageMessage(['--clients=redis,s3', '--redis-url=redis://cache'])).toBe(
        '--clients: "s3" has no target, and with a target given no service is started (targets given: redis)',
      );
    });

    it('drills S3 from the environment, with the AWS credentials filling in', () => {
      const env = {
        BULWARK_DRILL_S3_ENDPOINT: 'http://minio:9000',
        BULWARK_DRILL_S3_BUCKET: 'drill',
        AWS_ACCESS_KEY_ID: 'minioadmin',
        AWS_SECRET_ACCESS_KEY: 'minioadmin-secret',
      };
      const options = parseDrillArgs([], env, false);
      expect(options.clients).toEqual(['s3']);
      expect(options.targets?.s3).toEqual({
        endpoint: 'http://minio:9000',
        region: 'us-east-1',
        bucket: 'drill',
        accessKeyId: 'minioadmin',
        secretAccessKey: 'minioadmin-secret',
      });
    });

    it('refuses an incomplete S3 target without quoting the keys it has', () => {
      const message = usageMessage(['--s3-secret-key=s3cr3t', '--s3-access-key=AKIAEXAMPLE']);
      expect(message).toMatch(/^S3 needs .*; missing --s3-endpoint .*, --s3-bucket /);
      expect(message).not.toContain('s3cr3t');
      expect(message).not.toContain('AKIAEXAMPLE');
    });

    it('masks the password of a bad URL', () => {
      expect(usageMessage(['--postgres-url=mysql://app:hunter2@db/main'])).toBe(
        '--postgres-url: "mysql://app:***@db/main" must start with postgres:// or postgresql://',
      );
    });
  });

  describe('output files', () => {
    it('refuses a report that is not .html or .htm', () => {
      expect(usageMessage(['--report=drill.pdf'])).toBe(
        '--report: "drill.pdf" must end in .html or .htm',
      );
      expect(parseDrillArgs(['--report=DRILL.HTM'], {}, false).reportPath).toBe('DRILL.HTM');
    });

    it('refuses --json and --report naming the same file', () => {
      expect(usageMessage(['--report=out/r.html', '--json=./out/../out/r.html'])).toBe(
        '--json and --report name the same file "./out/../out/r.html"',
      );
    });
  });
});
