import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { dockerSocketPath } from '../../../src/testkit/docker/docker-engine.ts';
import { removeRunContainers } from '../../../src/testkit/docker/remove-run-containers.ts';
import { listRunContainers, listRunNetworks } from '../../../src/testkit/docker/run-containers.ts';
import { sweepOrphanContainers } from '../../../src/testkit/docker/sweep-orphan-containers.ts';
import { isRunning } from '../../../src/testkit/process/proc.ts';
import type { ProcessRecord } from '../../../src/testkit/process/service-process.ts';
import { sweepOrphans } from '../../../src/testkit/process/sweep-orphans.ts';
import { sendRedisCommands } from '../../../src/testkit/services/resp-probe.ts';
import { startServices } from '../../../src/testkit/start-services.ts';

const services = inject('bulwarkServices');
const underDocker = services.provider === 'docker';
const started: ChildProcess[] = [];

/** The engine's socket, under Docker (the provider found it there). */
function socket(): string {
  const path = dockerSocketPath();
  if (path === undefined)
    throw new Error('the Docker provider ran, but no local Docker socket is set');
  return path;
}

/**
 * The services of a run that are still there: processes that still run (local), or
 * containers that still exist in any state (Docker).
 */
async function leftOf(run: { runId: string; runDir: string }): Promise<string[]> {
  if (underDocker) {
    const containers = await listRunContainers(socket(), run.runId);
    return containers.map((container) => container.service).sort();
  }
  return records(run.runDir)
    .filter((record) => isRunning(record.pid, record.program))
    .map((record) => record.name)
    .sort();
}

const childRuns: string[] = [];

/** What every run starts, by the names its processes or containers carry. */
const everyService = [
  'postgres',
  'redis',
  ...[1, 2, 3, 4, 5, 6].map((n) => `redis-cluster-${n}`),
  'redis-tls',
  's3',
  'toxiproxy',
];

// A failed test must not leave a child run's services behind either.
afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  if (underDocker) {
    await Promise.all(childRuns.splice(0).map((runId) => removeRunContainers(socket(), runId)));
  }
});

function records(runDir: string): ProcessRecord[] {
  const pids = join(runDir, 'pids');
  return readdirSync(pids).map(
    (file) => JSON.parse(readFileSync(join(pids, file), 'utf8')) as ProcessRecord,
  );
}

async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Starts a miniature run (Redis, with this run's provider) in a child process, under its own
 * runs root.
 */
async function startChildRun(root: string) {
  const fixture = new URL('./fixtures/run-then-hang.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, BULWARK_RUNS_DIR: root, BULWARK_SERVICES: services.provider },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  const [line] = (await once(
    createInterface({ input: child.stdout as NodeJS.ReadableStream }),
    'line',
  )) as [string];
  const info = JSON.parse(line) as {
    runId: string;
    runDir: string;
    port: number;
    reaperPid: number;
  };
  childRuns.push(info.runId);
  return { child, ...info };
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
        e.redisTls?.port,
        ...(e.redisCluster?.nodes.map((node) => node.port) ?? []),
        e.s3.port,
        Number(new URL(e.toxiproxy.apiUrl).port),
      ];
      expect(ports(second.endpoints).some((port) => ports(services).includes(port))).toBe(false);
      for (const e of [services, second.endpoints]) {
        const { host, port, password } = e.redis;
        expect(await sendRedisCommands({ host, port }, [['AUTH', password], ['PING']])).toBe(
          '+OK\r\n+PONG\r\n',
        );
      }
    } finally {
      const run = { runId: second.endpoints.runId, runDir };
      expect(await leftOf(run)).toEqual(everyService);
      await second.stop();
      expect(await leftOf(run)).toEqual([]);
      if (underDocker) expect(await listRunNetworks(socket(), run.runId)).toEqual([]);
      else expect(records(runDir)).toEqual([]);
    }
    const { host, port } = second.endpoints.redis;
    await expect(sendRedisCommands({ host, port }, [['PING']])).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('a run that goes without the TLS Redis and the Cluster starts neither', async () => {
    const lean = await startServices({ redisTls: false, redisCluster: false });
    const run = { runId: lean.endpoints.runId, runDir: dirname(lean.endpoints.logsDir) };
    try {
      expect(lean.endpoints.redisTls).toBeUndefined();
      expect(lean.endpoints.redisCluster).toBeUndefined();
      expect(await leftOf(run)).toEqual(['postgres', 'redis', 's3', 'toxiproxy']);
    } finally {
      await lean.stop();
    }
    expect(await leftOf(run)).toEqual([]);
  });

  it('a run killed with SIGKILL takes its services with it (the reaper)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bulwark-lifecycle-'));
    const run = await startChildRun(root);
    expect(await leftOf(run)).toEqual(['redis']);
    run.child.kill('SIGKILL');
    // The reaper removes the containers, then the run's network: the test waits for both
    // (reading between the two steps once saw the network still there).
    const networksLeft = async () =>
      underDocker ? (await listRunNetworks(socket(), run.runId)).length : 0;
    const cleared = async () => (await leftOf(run)).length === 0 && (await networksLeft()) === 0;
    expect(await until(cleared, 10_000)).toBe(true);
    expect(await leftOf(run)).toEqual([]);
    if (underDocker) expect(await listRunNetworks(socket(), run.runId)).toEqual([]);
  });

  it("the next run's sweep removes what a crashed run left behind, and nothing of a live run", async () => {
    const root = mkdtempSync(join(tmpdir(), 'bulwark-lifecycle-'));
    const run = await startChildRun(root);
    // Take the reaper down first, as a crash of the whole machine's session would.
    process.kill(run.reaperPid, 'SIGKILL');
    run.child.kill('SIGKILL');
    await once(run.child, 'exit');
    expect(await leftOf(run)).toEqual(['redis']);
    const mainRun = { runId: services.runId, runDir: dirname(services.logsDir) };

    if (underDocker) {
      const swept = await sweepOrphanContainers(socket());
      expect(swept).toContain(run.runId);
      expect(swept).not.toContain(services.runId);
      expect(await leftOf(run)).toEqual([]);
      expect(await listRunNetworks(socket(), run.runId)).toEqual([]);
    } else {
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
      const redis = records(run.runDir).find((record) => record.name === 'redis');

      const report = sweepOrphans(root);
      expect(report.killed.map((k) => k.pid)).toEqual([redis?.pid]);
      expect(report.skipped).toBe(1);
      expect(await until(async () => (await leftOf(run)).length === 0, 5_000)).toBe(true);
      expect(bystander.exitCode).toBeNull();
      expect(isRunning(bystander.pid ?? -1, 'sleep')).toBe(true);
    }
    // This run's own services, whose owner is alive, are untouched.
    expect(await leftOf(mainRun)).toEqual(everyService);
  });
});
