import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { isRunning } from '../../../src/testkit/process/proc.ts';
import type { ProcessRecord } from '../../../src/testkit/process/service-process.ts';
import { sweepOrphans } from '../../../src/testkit/process/sweep-orphans.ts';
import { sendRedisCommands } from '../../../src/testkit/services/resp-probe.ts';
import { startServices } from '../../../src/testkit/start-services.ts';

const services = inject('bulwarkServices');
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function records(runDir: string): ProcessRecord[] {
  const pids = join(runDir, 'pids');
  return readdirSync(pids).map(
    (file) => JSON.parse(readFileSync(join(pids, file), 'utf8')) as ProcessRecord,
  );
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Starts a miniature run (Redis) in a child process, under its own runs root. */
async function startChildRun(root: string) {
  const fixture = new URL('./fixtures/run-then-hang.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, BULWARK_RUNS_DIR: root },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  const [line] = (await once(
    createInterface({ input: child.stdout as NodeJS.ReadableStream }),
    'line',
  )) as [string];
  const info = JSON.parse(line) as { runDir: string; port: number; reaperPid: number };
  const redis = records(info.runDir).find((record) => record.name === 'redis');
  if (!redis) throw new Error('the child run recorded no redis process');
  return { child, ...info, redis };
}

describe('service lifecycle', () => {
  it('a second run at the same time gets its own services, and stopping it leaves nothing', async () => {
    const second = await startServices();
    const runDir = dirname(second.endpoints.logsDir);
    try {
      expect(second.endpoints.runId).not.toBe(services.runId);
      const ports = (e: typeof services) => [
        e.postgres.port,
        e.redis.port,
        e.s3.port,
        new URL(e.toxiproxy.apiUrl).port,
      ];
      expect(ports(second.endpoints).some((port) => ports(services).includes(port))).toBe(false);
      for (const e of [services, second.endpoints]) {
        const { host, port, password } = e.redis;
        expect(await sendRedisCommands({ host, port }, [['AUTH', password], ['PING']])).toBe(
          '+OK\r\n+PONG\r\n',
        );
      }
    } finally {
      const processes = records(runDir);
      expect(processes.map((p) => p.name).sort()).toEqual(['postgres', 'redis', 's3', 'toxiproxy']);
      await second.stop();
      for (const p of processes) expect(isRunning(p.pid, p.program)).toBe(false);
      expect(records(runDir)).toEqual([]);
    }
    const { host, port } = second.endpoints.redis;
    await expect(sendRedisCommands({ host, port }, [['PING']])).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('a run killed with SIGKILL takes its services with it (the reaper)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bulwark-lifecycle-'));
    const run = await startChildRun(root);
    expect(isRunning(run.redis.pid, run.redis.program)).toBe(true);
    run.child.kill('SIGKILL');
    expect(await until(() => !isRunning(run.redis.pid, run.redis.program), 10_000)).toBe(true);
  });

  it("the next run's sweep kills what a crashed run left behind, checking each pid first", async () => {
    const root = mkdtempSync(join(tmpdir(), 'bulwark-lifecycle-'));
    const run = await startChildRun(root);
    // Take the reaper down first, as a crash of the whole machine's session would.
    process.kill(run.reaperPid, 'SIGKILL');
    run.child.kill('SIGKILL');
    await once(run.child, 'exit');
    expect(isRunning(run.redis.pid, run.redis.program)).toBe(true);

    // A record whose pid now belongs to another program: the sweep must not touch it.
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    started.push(bystander);
    const stale = join(root, 'stale-run');
    mkdirSync(join(stale, 'pids'), { recursive: true });
    writeFileSync(
      join(stale, 'owner.json'),
      JSON.stringify({ pid: 2 ** 22 + 1, commandLine: 'gone', startedAt: '' }),
    );
    writeFileSync(
      join(stale, 'pids', 'redis.json'),
      JSON.stringify({ pid: bystander.pid, program: 'redis-server', name: 'redis' }),
    );

    const report = sweepOrphans(root);
    expect(report.killed.map((k) => k.pid)).toEqual([run.redis.pid]);
    expect(report.skipped).toBe(1);
    expect(await until(() => !isRunning(run.redis.pid, run.redis.program), 5_000)).toBe(true);
    expect(bystander.exitCode).toBeNull();
    expect(isRunning(bystander.pid ?? -1, 'sleep')).toBe(true);
  });
});
