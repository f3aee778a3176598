// bulwark/postgres against the real PostgreSQL that global setup started, always through a
// Toxiproxy proxy of the test's own, in the ten categories of tests/integration/README.md,
// plus: no write is applied twice across injected faults.
//
// Timing: lower bounds are what a policy guarantees; upper bounds are generous, because a
// loaded 2-core machine can stall the process for a while but never makes a fault shorter.
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { directClient } from '../postgres/fixture.ts';

export let admin: pg.Client;

beforeAll(async () => {
  admin = await directClient();
});

afterAll(async () => {
  await admin.end();
});
