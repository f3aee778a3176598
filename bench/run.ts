// `npm run bench`: every benchmark, one after another, in one process so that the peers and
// the raw clients are measured on the same runtime in the same run. `npm run bench -- http`
// runs only the named ones.
import { runCoreBench } from './core.bench.ts';
import { runFleetBench } from './fleet.bench.ts';
import { runHttpBench } from './http.bench.ts';
import { runOverloadBench } from './overload.bench.ts';
import { runPostgresBench } from './postgres.bench.ts';
import { runRedisBench } from './redis.bench.ts';
import { runS3Bench } from './s3.bench.ts';
import { runTailBench } from './tail.bench.ts';

const benches: Record<string, () => Promise<void>> = {
  core: runCoreBench,
  s3: runS3Bench,
  postgres: runPostgresBench,
  redis: runRedisBench,
  http: runHttpBench,
  fleet: runFleetBench,
  tail: runTailBench,
  overload: runOverloadBench,
};
const chosen = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (chosen.length === 0 || chosen.includes(name)) await run();
}
