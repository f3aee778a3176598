// What a user sees when something is wrong: one line on stderr, a non-zero exit, never a
// stack trace, never a password.
import { describe, expect, it } from 'vitest';
import { closedPort } from './closed-port.ts';
import { runBulwark } from './run-bulwark.ts';

const oneLineWithoutStack = (stderr: string) => {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
};

describe('bulwark command errors', () => {
  it('an unknown flag: exit 2 and a line naming it', async () => {
    const run = await runBulwark(['drill', '--chaos-monkey']);
    expect(run.code).toBe(2);
    oneLineWithoutStack(run.stderr);
    expect(run.stderr).toContain('--chaos-monkey');
  });

  it('an unknown command: exit 2', async () => {
    const run = await runBulwark(['explode']);
    expect(run.code).toBe(2);
    oneLineWithoutStack(run.stderr);
    expect(run.stderr).toContain('explode');
  });

  it('--help: the usage on stdout, exit 0', async () => {
    const run = await runBulwark(['drill', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: bulwark drill');
    expect(run.stderr).toBe('');
  });

  it('an unreachable service: exit 2, one line naming it, no password', async () => {
    const port = await closedPort();
    const url = `postgres://app:hunter2@127.0.0.1:${port}/orders`;
    const run = await runBulwark(['drill', '--quick', '--postgres-url', url]);
    expect(run.code).toBe(2);
    oneLineWithoutStack(run.stderr);
    expect(run.stderr).toContain(`postgres at postgres://127.0.0.1:${port}/orders is unreachable`);
    expect(run.stderr).toContain('ECONNREFUSED');
    expect(`${run.stdout}${run.stderr}`).not.toContain('hunter2');
  });
});
