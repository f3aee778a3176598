// The example of tests/integration/README.md ("Adding a client"): a wrapper bulwark does not
// ship, around a service of the test's own, proven in the ten categories.
import { afterAll, beforeAll } from 'vitest';
import { describeConformance } from '../../../../src/testkit/conformance/index.ts';
import { LineCounterClient } from './line-counter-client.ts';
import { startLineCounterServer, type LineCounterServer } from './line-counter-server.ts';

let server: LineCounterServer;
beforeAll(async () => {
  server = await startLineCounterServer();
});
afterAll(() => server.close());

describeConformance({
  name: 'line counter',
  service: () => server.address,
  build: (endpoint, policies) => {
    const counter = new LineCounterClient({ ...endpoint, ...policies });
    return {
      counter,
      read: () => counter.get('reads'),
      write: (key) => counter.incr(key),
      close: () => counter.close(),
      events: counter.events,
    };
  },
  timesWritten: async (key) => server.counts.get(key) ?? 0,
  failFast: ({ counter }) => counter.send('DROP everything'),
  spanAttributes: { 'rpc.method': 'GET' },
});
