import type { DrillClient } from './drill-results.ts';

/** The user's own services to drill instead of the embedded ones; each one is optional. */
export interface DrillTargets {
  /** `postgres://user:password@host:port/database` */
  readonly postgresUrl?: string;
  /** `redis://[:password@]host:port[/db]` */
  readonly redisUrl?: string;
  readonly s3?: {
    /** `http(s)://host:port` */
    readonly endpoint: string;
    readonly region: string;
    readonly bucket: string;
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
  };
  /** A URL the drill may GET as often as it likes (`http://127.0.0.1:8080/health`). */
  readonly httpUrl?: string;
}

/** Everything `bulwark drill` was asked to do, validated. */
export interface DrillOptions {
  /** About 25 s instead of about two minutes. */
  readonly quick: boolean;
  /** Which clients to drill (default: all, or those whose target was given). */
  readonly clients: readonly DrillClient[];
  /** Absent: start the services (the embedded default). */
  readonly targets: DrillTargets | undefined;
  /** Write the HTML report here. */
  readonly reportPath: string | undefined;
  /** Write the raw results (DrillResults) here. */
  readonly jsonPath: string | undefined;
  /** Live display (a terminal) or plain lines. */
  readonly progress: 'live' | 'lines';
}
