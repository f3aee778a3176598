// GET and PUT of small objects through bulwark/s3 against the raw SDK client, both talking to
// the same real S3 server (the test kit's: versitygw locally, MinIO under Docker), at
// concurrency 1 and 32. The goal: bulwark keeps at least 97% of raw throughput.
//
// A real server on the same machine drifts by tens of percent from one second to the next,
// far more than bulwark's microseconds per call. So the two clients are not timed in turns of
// whole runs: every worker alternates them call by call (raw then bulwark, bulwark then raw),
// and each call is timed. Both see the same server at the same moment; the ratio of their mean
// call times is the ratio of the throughputs they sustain.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../src/s3/index.ts';
import { startServices } from '../src/testkit/index.ts';
import { printTable } from './measure.ts';

const CALLS = Number(process.env['BENCH_S3_CALLS'] ?? 600);
const SIZE = 1_024;

type Op = () => Promise<unknown>;

/** Mean ms per call of each client, over `calls` calls each, run by `concurrency` workers. */
async function alternate(raw: Op, bulwark: Op, calls: number, concurrency: number) {
  const times = { raw: 0, bulwark: 0 };
  let next = 0;
  const timed = async (who: 'raw' | 'bulwark', op: Op) => {
    const start = performance.now();
    await op();
    times[who] += performance.now() - start;
  };
  const worker = async () => {
    while (next < calls) {
      const i = next++;
      if (i % 2 === 0) {
        await timed('raw', raw);
        await timed('bulwark', bulwark);
      } else {
        await timed('bulwark', bulwark);
        await timed('raw', raw);
      }
    }
  };
  const wallStart = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - wallStart;
  return { rawMs: times.raw / calls, bulwarkMs: times.bulwark / calls, wallMs };
}

export async function runS3Bench(): Promise<void> {
  // Neither the TLS Redis nor the Cluster is measured here.
  await using services = await startServices({ redisTls: false, redisCluster: false });
  const s3 = services.endpoints.s3;
  const credentials = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
  const raw = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials,
  });
  // The pipeline as a service would run it: retries, breaker and timeouts at their defaults.
  const bulwark = createS3Client({ endpoint: s3.endpoint, region: s3.region, credentials });
  const Bucket = 'bench-s3';
  const body = Buffer.alloc(SIZE, 7);
  try {
    await bulwark.ensureBucket({ bucket: Bucket });
    await bulwark.putObject({ bucket: Bucket, key: 'get', body });
    const ops: Record<string, { raw: Op; bulwark: Op }> = {
      GET: {
        raw: async () => {
          const out = await raw.send(new GetObjectCommand({ Bucket, Key: 'get' }));
          await out.Body?.transformToByteArray();
        },
        bulwark: () => bulwark.getObject({ bucket: Bucket, key: 'get' }),
      },
      PUT: {
        raw: () => raw.send(new PutObjectCommand({ Bucket, Key: 'put-raw', Body: body })),
        bulwark: () => bulwark.putObject({ bucket: Bucket, key: 'put-bulwark', body }),
      },
    };
    console.log(
      `\ns3 (${s3.server}): ${CALLS} calls per client and case, ${SIZE} B objects, ` +
        `the two clients alternating call by call\n`,
    );
    const rows: string[][] = [];
    const ratios: number[] = [];
    for (const concurrency of [1, 32]) {
      for (const [name, op] of Object.entries(ops)) {
        await alternate(op.raw, op.bulwark, 50, concurrency); // warm-up: sockets, JIT
        const { rawMs, bulwarkMs, wallMs } = await alternate(
          op.raw,
          op.bulwark,
          CALLS,
          concurrency,
        );
        const ratio = rawMs / bulwarkMs;
        ratios.push(ratio);
        rows.push([
          `${name} x${concurrency}`,
          rawMs.toFixed(2),
          bulwarkMs.toFixed(2),
          ((2 * CALLS) / (wallMs / 1_000)).toFixed(0),
          `${(ratio * 100).toFixed(1)}%`,
        ]);
      }
    }
    printTable(
      ['case', 'raw SDK ms/call', 'bulwark ms/call', 'ops/s (both)', 'bulwark / raw'],
      rows,
    );
    console.log(
      `\nbulwark/s3 keeps ${(Math.min(...ratios) * 100).toFixed(1)}% of raw SDK throughput at worst (goal >= 97%).`,
    );
  } finally {
    raw.destroy();
    bulwark.close();
  }
}

// Also runs on its own: `node --expose-gc bench/s3.bench.ts`.
if (import.meta.main) await runS3Bench();
