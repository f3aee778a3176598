import { describe, expect, it } from 'vitest';
import { brokenAuditCells, brokenScoreCells } from './broken-cells.ts';
import type { BrokenPromise } from './drill-results.ts';

const broken: BrokenPromise[] = [
  { client: 'redis', phase: 'latency', promise: 'serves_as_raw', detail: '' },
  { client: 'redis', phase: 'blackhole', promise: 'recovers_as_raw', detail: '' },
  { client: 'redis', phase: 'blackhole', promise: 'spares_the_service', detail: '' },
  { client: 'redis', phase: 'blackhole', promise: 'no_hang', detail: '' },
  { client: 'redis', phase: 'flapping', promise: 'serves_through_flapping', detail: '' },
  { client: 'redis', phase: undefined, promise: 'no_double_write', detail: '' },
  { client: 'redis', phase: undefined, promise: 'no_lost_write', detail: '' },
  { client: 's3', phase: 'down', promise: 'recovers', detail: '' },
  { client: 's3', phase: undefined, promise: 'no_leak', detail: '' },
];

describe('brokenScoreCells', () => {
  it("marks the figure each broken promise is judged on, in that client's phase only", () => {
    expect([...brokenScoreCells(broken, 'redis', 'latency')]).toEqual(['success']);
    expect([...brokenScoreCells(broken, 'redis', 'blackhole')].sort()).toEqual([
      'hung',
      'reached',
      'recovery',
    ]);
    expect([...brokenScoreCells(broken, 'redis', 'flapping')]).toEqual(['success']);
    expect([...brokenScoreCells(broken, 'redis', 'down')]).toEqual([]);
    expect([...brokenScoreCells(broken, 's3', 'down')]).toEqual(['recovery']);
  });
});

describe('brokenAuditCells', () => {
  it("marks the audit's figures of the client's broken promises", () => {
    expect([...brokenAuditCells(broken, 'redis')].sort()).toEqual(['doubled', 'lost']);
    expect([...brokenAuditCells(broken, 's3')]).toEqual(['leaked']);
    expect([...brokenAuditCells(broken, 'http')]).toEqual([]);
  });
});
