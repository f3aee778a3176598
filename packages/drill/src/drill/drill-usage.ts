import { drillExitCodes } from './drill-exit-codes.ts';

/** What `bulwark drill --help` prints. Lines stay within 80 columns. */
export const drillUsage = `Usage: bulwark drill [flags]

Drives a workload through each bulwark client and, side by side, the raw client,
through fault phases, then prints a scorecard. With no target it starts its own
services; with any target it drills only the services you name.

Flags:
  --quick               about 25 s instead of about two minutes
  --clients LIST        comma list of s3, postgres, redis, http
                        (default: all four, or those that have a target)
  --report FILE.html    also write an HTML report
  --json FILE           also write the results as JSON
  --plain               plain lines instead of the live display
  -h, --help            show this help

Targets (a flag wins over its environment variable):
  --postgres-url URL    BULWARK_DRILL_POSTGRES_URL   postgres://user:pw@host/db
  --redis-url URL       BULWARK_DRILL_REDIS_URL      redis://[:pw@]host:port/db
  --http-url URL        BULWARK_DRILL_HTTP_URL       a URL the drill may GET
  --s3-endpoint URL     BULWARK_DRILL_S3_ENDPOINT    http(s)://host:port
  --s3-bucket NAME      BULWARK_DRILL_S3_BUCKET
  --s3-access-key KEY   BULWARK_DRILL_S3_ACCESS_KEY  (or AWS_ACCESS_KEY_ID)
  --s3-secret-key KEY   BULWARK_DRILL_S3_SECRET_KEY  (or AWS_SECRET_ACCESS_KEY)
  --s3-region REGION    BULWARK_DRILL_S3_REGION      (default us-east-1)
  S3 needs its endpoint, bucket, access key and secret key together.

What it writes to your services, and removes at the end: a table
bulwark_drill_<run> (PostgreSQL), keys bulwark:drill:<run>:* with a one-hour
expiry (Redis), objects under bulwark-drill/<run>/ (S3). HTTP is GET only.
Faults act only on the drill's own local proxies, never on your services.

Exit codes:
  ${drillExitCodes.kept}  bulwark kept every promise
  ${drillExitCodes.broken}  bulwark broke a promise
  ${drillExitCodes.usage}  bad usage, or a service could not be reached
`;
