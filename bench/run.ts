// `npm run bench`: every benchmark, one after another, in one process so that the peers and
// the raw clients are measured on the same runtime in the same run.
import { runCoreBench } from './core.bench.ts';

await runCoreBench();
