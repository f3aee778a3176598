import { policyOptionKeys } from '../core/resolve-pipeline.ts';
import { parseRedisUrl } from './redis-url.ts';
import { resolveRedisTls, type RedisTlsOptions } from './redis-tls.ts';
import type { RedisOptions } from 'ioredis';
import { systemClock, type Clock } from '../core/clock.ts';
import type { PipelineOptions } from '../core/pipeline-options.ts';
import {
  checkFunction,
  checkInteger,
  checkKeys,
  checkName,
  checkNumber,
} from '../core/validate.ts';
import { classifyRedis } from './classify-redis.ts';
import { redisSpans } from './redis-spans.ts';
import {
  defaultRedisBackoff,
  defaultRedisCloseTimeoutMs,
  defaultRedisConnectTimeoutMs,
  defaultRedisDb,
  defaultRedisHost,
  defaultRedisPort,
  defaultRedisService,
  defaultRedisTimeout,
  fixedIoredisOptions,
} from './redis-defaults.ts';
import { InvalidOptionError } from '../core/error-catalogue.ts';

/**
 * Options of {@link createRedisClient}: where Redis is, and the pipeline's policies (retry,
 * breaker, rate limit, timeouts, bulkhead), each merged over bulwark's Redis defaults.
 */
export interface RedisClientOptions extends Omit<
  PipelineOptions,
  'service' | 'classify' | 'spans'
> {
  /** The upstream's name in errors, events and logs (default `redis`). */
  readonly service?: string;
  /**
   * Where and how to connect, as Redis users write it: `redis://[[user]:password@]host[:port][/db]`.
   * Instead of host, port, username, password and db, not with them.
   */
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  /** An ACL user (Redis 6+); the `default` user when absent. */
  readonly username?: string;
  /** Sent in HELLO/AUTH only; never in an error, event or log. */
  readonly password?: string;
  /** The database index to SELECT on every connection (default 0). */
  readonly db?: number;
  /** CLIENT SETNAME on every connection, to find this client in CLIENT LIST. */
  readonly connectionName?: string;
  /** The longest a connection's set-up may take, past the attempts that wait for it (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** How long `close()` waits for replies still in flight (default 1 s). */
  readonly closeTimeoutMs?: number;
  /**
   * What events, log records and errors show of a key (default: the key as it is). For keys
   * that carry a secret or a person (`session:<token>`): `(key) => key.split(':')[0]` keeps
   * the prefix only.
   */
  readonly describeKey?: (key: string) => string;
  /**
   * TLS: true for a server whose certificate a public CA signed, or the CA, client
   * certificate and key it needs. `rediss://` in `url` turns it on too.
   */
  readonly tls?: true | RedisTlsOptions;
  /**
   * A Redis Cluster: some of its nodes (the client finds the others), instead of host, port
   * and url. Commands go to the master of their key's slot; a batch's keys must share a slot
   * (a hash tag: `{user:1}:name`).
   */
  readonly cluster?: {
    readonly nodes: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  };
}

/** The options split into what the pipeline and what ioredis are given. */
export interface ResolvedRedisOptions {
  readonly pipeline: PipelineOptions;
  // replyMapping left out: replies keep ioredis's RESP2 shapes, whatever the protocol.
  readonly ioredis: Omit<RedisOptions, 'replyMapping'>;
  readonly closeTimeoutMs: number;
  readonly describeKey: ((key: string) => string) | undefined;
  readonly clock: Clock;
  /** The Cluster's nodes, when it is one: `ioredis` then holds what each node's connection takes. */
  readonly cluster: ReadonlyArray<{ readonly host: string; readonly port: number }> | undefined;
}

const redisKeys = [
  'service',
  'host',
  'port',
  'url',
  'username',
  'password',
  'db',
  'connectionName',
  'connectTimeoutMs',
  'closeTimeoutMs',
  'describeKey',
  'tls',
  'cluster',
  ...policyOptionKeys,
];

/** Checked without echoing the value: it may be a secret put in the wrong option. */
function checkSecret(name: string, value: unknown): string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    throw new InvalidOptionError(`bulwark: option ${name} must be a string (got ${typeof value})`);
  }
  return value;
}

/** Validates `options` (a TypeError names the bad one) and merges them over the defaults. */
export function resolveRedisOptions(options: RedisClientOptions): ResolvedRedisOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(
      'bulwark: createRedisClient needs an options object ({ host, port, ... })',
    );
  }
  checkKeys('redis', options, redisKeys);
  if (options.hedge !== undefined && options.hedge !== false) {
    // ioredis sends every command over one connection (one per node of a Cluster), in order:
    // a second attempt would wait behind the slow answer it was meant to overtake.
    throw new InvalidOptionError(
      'bulwark: option hedge does not apply to Redis: its commands share one connection, so a hedge would queue behind the slow reply',
    );
  }
  const { url: _url, ...fields } = withUrl(options);
  const {
    service = defaultRedisService,
    host = defaultRedisHost,
    port = defaultRedisPort,
    db = defaultRedisDb,
    connectTimeoutMs = defaultRedisConnectTimeoutMs,
    closeTimeoutMs = defaultRedisCloseTimeoutMs,
    username,
    password,
    connectionName,
    describeKey,
    retry,
    timeout,
    tls: tlsOption,
    cluster: clusterOption,
    ...policies
  } = fields;
  // Checked against what the caller wrote: a url given with a cluster is named as the url.
  const cluster = resolveCluster(clusterOption, options);
  const tls = resolveRedisTls(tlsOption);
  checkName('host', host);
  checkInteger('port', port, 1, 65_535);
  checkInteger('db', db, 0);
  checkNumber('connectTimeoutMs', connectTimeoutMs, 1);
  checkNumber('closeTimeoutMs', closeTimeoutMs, 0);
  if (connectionName !== undefined) checkName('connectionName', connectionName);
  if (username !== undefined) checkName('username', username);
  checkSecret('password', password);
  if (retry !== undefined && retry !== false && (typeof retry !== 'object' || retry === null)) {
    throw new InvalidOptionError('bulwark: option retry must be an object or false');
  }

  const pipeline: PipelineOptions = {
    ...policies,
    service,
    classify: classifyRedis,
    spans: redisSpans(cluster?.[0]?.host ?? host, cluster?.[0]?.port ?? port, db),
    timeout: { ...defaultRedisTimeout, ...timeout },
    retry:
      retry === false
        ? false
        : { ...retry, backoff: { ...defaultRedisBackoff, ...(retry?.backoff ?? {}) } },
  };
  const ioredis: Omit<RedisOptions, 'replyMapping'> = {
    host,
    port,
    db,
    connectTimeout: connectTimeoutMs,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(connectionName === undefined ? {} : { connectionName }),
    ...(tls === undefined ? {} : { tls }),
    ...fixedIoredisOptions,
  };
  if (describeKey !== undefined) checkFunction('describeKey', describeKey);
  const clock = options.clock ?? systemClock;
  return { pipeline, ioredis, closeTimeoutMs, describeKey, clock, cluster };
}

const urlFields = ['host', 'port', 'username', 'password', 'db'] as const;

/** The options with what `url` says put in its fields; refused alongside those fields. */
function withUrl(options: RedisClientOptions): RedisClientOptions {
  if (options.url === undefined) return options;
  const both = urlFields.find((field) => options[field] !== undefined);
  if (both !== undefined) {
    throw new InvalidOptionError(
      `bulwark: options url and ${both} both say how to connect: give the url, or the fields`,
    );
  }
  const parts = parseRedisUrl(options.url);
  // rediss:// turns TLS on; the tls option, when given, says how.
  const tls = options.tls ?? parts.tls;
  return { ...options, ...parts, ...(tls === undefined ? {} : { tls }) };
}

/** The Cluster's nodes, checked; refused beside the options that name one server. */
function resolveCluster(
  option: RedisClientOptions['cluster'],
  fields: RedisClientOptions,
): ReadonlyArray<{ readonly host: string; readonly port: number }> | undefined {
  if (option === undefined) return undefined;
  const one = (['url', 'host', 'port'] as const).find((name) => fields[name] !== undefined);
  if (one !== undefined) {
    throw new InvalidOptionError(
      `bulwark: options cluster and ${one} both say where to connect: a Cluster is found from its nodes`,
    );
  }
  if (fields.db !== undefined && fields.db !== 0) {
    throw new InvalidOptionError('bulwark: option db must be 0 on a Cluster, which has no other');
  }
  if (
    typeof option !== 'object' ||
    option === null ||
    !Array.isArray(option.nodes) ||
    option.nodes.length === 0
  ) {
    throw new InvalidOptionError(
      'bulwark: option cluster must be { nodes: [{ host, port }, ...] } with at least one node',
    );
  }
  checkKeys('cluster', option, ['nodes']);
  return option.nodes.map((node, i) => {
    checkKeys(`cluster.nodes[${i}]`, node, ['host', 'port']);
    checkName(`cluster.nodes[${i}].host`, node.host);
    checkInteger(`cluster.nodes[${i}].port`, node.port, 1, 65_535);
    return { host: node.host, port: node.port };
  });
}
