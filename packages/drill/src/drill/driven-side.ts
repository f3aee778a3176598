import { isUpstreamError } from 'bulwark';
import type { CallRecord } from './call-log.ts';
import { SideLog } from './call-log.ts';
import type { DrillProfile } from './drill-profile.ts';
import type { DrillSide } from './drill-results.ts';
import type { OpenOptions, SideAddress, SideClient, Workload } from './workloads/workload.ts';

/** Waits for `work`, but no longer than `ms`: a raw client's close may hang on a hung call. */
export async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

/**
 * One client side under drill: it makes the calls (writes and reads, alternately) and records
 * how each ended. A raw side can be renewed: each phase gets a fresh raw client, so one
 * phase's hung calls do not decide the next phase's figures. The bulwark side keeps one client
 * for the whole drill, since recovering from a fault is its job.
 */
export class DrivenSide {
  readonly log: SideLog;
  readonly address: SideAddress;
  /** Every address this side's clients connected to: the station's, and any it was diverted to. */
  readonly addresses: SideAddress[] = [];
  readonly #workload: Workload;
  readonly #profile: DrillProfile;
  readonly #now: () => number;
  #client: SideClient;
  /** Clients replaced by a renewal, closed at the end with the rest. */
  readonly #retired: SideClient[] = [];
  /** Whether an HTTP gate counts this side's attempts, instead of bulwark's events. */
  readonly #gated: boolean;
  /** The client opened ahead of a diversion, and warmed up. */
  #standby: SideClient | undefined;
  #calls = 0;
  #closing: Promise<void> | undefined;
  #lastWritten: string | undefined;

  constructor(
    workload: Workload,
    side: DrillSide,
    address: SideAddress,
    gated: boolean,
    profile: DrillProfile,
    now: () => number,
  ) {
    this.#gated = gated;
    this.#workload = workload;
    this.#profile = profile;
    this.#now = now;
    this.address = address;
    this.addresses.push(address);
    this.log = new SideLog(workload.client, side);
    // On the wire, attempts are counted at the gate, or else from bulwark's own events.
    this.log.attemptsCounted = gated || side === 'bulwark';
    this.#client = this.#open(address, gated);
  }

  /** Opens a client at `address`; `gated`: its attempts are counted on the wire, not here. */
  #open(address: SideAddress, gated: boolean, options: OpenOptions = {}): SideClient {
    const client = this.#workload.open(this.log.side, address, this.#profile, options);
    client.events?.on((event) => {
      // Read as a string: hedges are newer than some copies of bulwark the drill may run.
      const type: string = event.type;
      if (type === 'hedge' && 'outcome' in event) {
        this.log.hedges.push({ atMs: this.#now(), outcome: String(event.outcome) });
      }
      // bulwark reports an attempt or a check when it ends; what counts is when it went out.
      // Only attempts past the breaker are reported: a call the open breaker refused sent
      // nothing. Recovery checks are made by no call and judged apart from attempts.
      if (!gated && (event.type === 'attempt' || event.type === 'recovery_check')) {
        const times = event.type === 'attempt' ? this.log.attemptTimes : this.log.checkTimes;
        times.push(this.#now() - event.durationMs);
      }
      if (event.type === 'breaker') {
        const { from, to, reason } = event;
        this.log.breaker.push({ atMs: this.#now(), from, to, reason });
      }
    });
    return client;
  }

  /** One write and one read, awaited and not recorded: connections open before the drill starts. */
  async warmUp(): Promise<void> {
    const key = 'warm-up';
    await this.#client.write(key).catch(() => undefined);
    await this.#client.read(key).catch(() => undefined);
  }

  /** Replaces the client with a fresh one; the old one's calls go on to their end. */
  renew(): void {
    this.#retired.push(this.#client);
    this.#client = this.#open(this.address, this.#gated);
  }

  /**
   * Opens a client of its own for another service (`address`, an overloadable server, whose
   * attempts are counted on the wire by whoever runs it), for {@link divert} to send calls to.
   * Returned so it can be warmed up first: a client meets its upstream before an overload.
   */
  standBy(address: SideAddress): SideClient {
    const client = this.#open(address, true, { overloadable: true });
    this.addresses.push(address);
    this.#retired.push(client);
    this.#standby = client;
    return client;
  }

  /**
   * Sends this side's calls to the client {@link standBy} opened until the returned function
   * is called: then they go back to the client they left, whose state is untouched.
   */
  divert(): () => void {
    const diverted = this.#standby;
    if (diverted === undefined) throw new Error('divert() before standBy()');
    const back = this.#client;
    this.#client = diverted;
    return () => {
      if (this.#client === diverted) this.#client = back;
    };
  }

  /** Notes the client's concurrency limit when it differs from the last one noted. */
  #noteLimit(): void {
    const limit = this.#client.limit?.();
    if (limit === undefined) return;
    const last = this.log.limits.at(-1);
    if (last?.limit !== limit) this.log.limits.push({ atMs: this.#now(), limit });
  }

  /** Starts one call: a write of a new key, or a read of the last key written. */
  call(): void {
    this.#noteLimit();
    const n = this.#calls++;
    const write = this.#workload.writes && (n % 2 === 0 || this.#lastWritten === undefined);
    const key = write ? `k${n}` : (this.#lastWritten ?? '');
    const record = this.log.begin(this.#now(), write ? key : undefined);
    const client = this.#client;
    (write ? client.write(key) : client.read(key)).then(
      () => {
        this.#settle(record, undefined);
        if (!write) return;
        this.log.acknowledged.push(key);
        this.#lastWritten = key;
      },
      (error: unknown) => this.#settle(record, this.#kindOf(error)),
    );
  }

  #settle(record: CallRecord, kind: string | undefined): void {
    this.log.settle(record, this.#now(), kind);
  }

  #kindOf(error: unknown): string {
    return isUpstreamError(error) ? error.kind : this.#workload.classify(error);
  }

  /**
   * Closes every client this side opened, waiting at most `ms` for each. Once: the audit closes
   * the side, and the clean-up after a failed drill calls this again.
   */
  close(ms: number): Promise<void> {
    const clients = [...this.#retired, this.#client];
    this.#closing ??= Promise.all(clients.map((client) => within(client.close(), ms))).then(
      () => undefined,
    );
    return this.#closing;
  }
}
