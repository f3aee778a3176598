import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, onTestFinished, test } from 'vitest';
import { freePort } from '../../../src/testkit/process/free-port.ts';
import { findRedisServer } from '../../../src/testkit/tools.ts';
import type { FleetWorkerConfig, FleetWorkerReport } from './fleet-worker.ts';
import { limitName, runInstance } from './fleet-harness.ts';

const workerScript = fileURLToPath(new URL('./fleet-worker.ts', import.meta.url));

/** A Redis of this test's own on `port` (no password, no persistence), ready to answer. */
async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn(
    findRedisServer(),
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  onTestFinished(() => void server.kill('SIGKILL'));
  for (let tries = 0; tries < 100; tries++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) return server;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

describe('a fleet rate limit when its Redis is killed', () => {
  test('every instance is on its stand-in within 100 ms of the kill, and back on Redis after the restart', async () => {
    const port = await freePort();
    const server = await startRedis(port);
    const config: FleetWorkerConfig = {
      host: '127.0.0.1',
      port,
      password: '',
      db: 0,
      name: limitName('killed'),
      ratePerSecond: 200,
      instances: 4,
      startAt: Date.now() + 1_500,
      durationMs: 4_000,
      lanes: 4,
    };
    const reports = Promise.all(
      Array.from({ length: 4 }, () => runInstance<FleetWorkerReport>(workerScript, config)),
    );
    await new Promise((resolve) => setTimeout(resolve, config.startAt - Date.now() + 1_000));
    const killedAt = Date.now();
    server.kill('SIGKILL');
    await once(server, 'exit');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Restarted on the same port (stopped when the test ends).
    await startRedis(port);
    for (const report of await reports) {
      expect(report.switches.map((s) => s.to)).toEqual(['local', 'redis']);
      expect(report.switches[0]?.at ?? Infinity).toBeLessThan(killedAt + 100);
      expect(report.slowestMs).toBeLessThan(1_100);
    }
  }, 30_000);
});
