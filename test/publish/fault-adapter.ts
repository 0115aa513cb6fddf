/**
 * A fake network with injectable faults, for randomized publish tests: an in-memory "server" per
 * channel that records every creation (it does NOT deduplicate by key, so any double send shows as two
 * creations), and adapters over it whose calls fail in the ways real networks do.
 *
 * Faults are decided by a pure function of (seed, channel, pair, call number for that pair), so a
 * failing seed replays the same fault sequence for every pair whatever the interleaving of runs.
 *
 * Process crashes are simulated in-process: `publishRun` only knows SIGKILL (`fault: 'after-send'`),
 * which would kill the test runner, so a "crashed" run is one whose adapter calls never return from the
 * crash on. Its `Promise.all` over channels never settles, so it records and pushes nothing more, which is
 * what a SIGKILL does; the test abandons it (and its working copy, as a dead CI runner loses its disk).
 */
import { createHash } from 'node:crypto';
import type { Adapter, LookupResult, PublishResult } from '../../src/adapters/adapter.ts';
import type { AdapterFactory } from '../../src/adapters/select.ts';
import type { ChannelId } from '../../src/core/channels.ts';

export type PublishFault =
  | 'ok'
  /** 429 with a Retry-After the run waits for (≤ 60 s). */
  | 'rate-limited-short'
  /** 429 with a Retry-After beyond the run's budget: failed for this run, retryable. */
  | 'rate-limited-long'
  /** 5xx before anything was created. */
  | 'server-error'
  /** Created, then the response is lost (timeout): outcome unknown. */
  | 'timeout-after'
  /** Created, then the adapter throws (a bug, a reset connection): outcome unknown. */
  | 'throw-after'
  /** Created, then the process dies before the ledger records it. */
  | 'crash-after'
  /** The process dies right before the call (after the claims were pushed). */
  | 'crash-before';

export type LookupFault = 'ok' | 'lookup-failed' | 'lookup-throws';

/** Weights of each publish fault while faults are on. */
export const DEFAULT_PUBLISH_WEIGHTS: Readonly<Record<PublishFault, number>> = {
  ok: 50,
  'rate-limited-short': 10,
  'rate-limited-long': 5,
  'server-error': 10,
  'timeout-after': 9,
  'throw-after': 5,
  'crash-after': 6,
  'crash-before': 5,
};
export const DEFAULT_LOOKUP_WEIGHTS: Readonly<Record<LookupFault, number>> = { ok: 70, 'lookup-failed': 20, 'lookup-throws': 10 };

/** A number in [0, 1) from the seed and any labels: deterministic, independent of call order. */
export function unit(seed: number, ...labels: (string | number)[]): number {
  const digest = createHash('sha256').update(`${seed}\u0000${labels.join('\u0000')}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

export function pick<T extends string>(weights: Readonly<Record<T, number>>, u: number): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let x = u * total;
  for (const [value, weight] of entries) {
    if (x < weight) return value;
    x -= weight;
  }
  return entries[entries.length - 1]![0];
}

/** A simulated process: once crashed, every adapter call of its run hangs forever. */
export class SimulatedProcess {
  dead = false;
  readonly crashed: Promise<'crashed'>;
  private resolveCrash!: (value: 'crashed') => void;
  readonly name: string;
  constructor(name: string) {
    this.name = name;
    this.crashed = new Promise((resolve) => (this.resolveCrash = resolve));
  }
  crash(): Promise<never> {
    this.dead = true;
    this.resolveCrash('crashed');
    return hang();
  }
}

const hang = (): Promise<never> => new Promise<never>(() => {});

export interface Creation {
  id: string;
  channel: ChannelId;
  postId: string;
  key: string;
  /** The simulated process that sent it. */
  by: string;
  text: string;
}

export interface FaultPlanOptions {
  seed: number;
  /** `postId:channel` pairs the network refuses (422) on every call. */
  refused?: ReadonlySet<string>;
  publishWeights?: Readonly<Record<PublishFault, number>>;
  lookupWeights?: Readonly<Record<LookupFault, number>>;
}

/** One fake network per channel, sharing a fault plan; `faults = false` makes every call behave. */
export class FakeNetworks {
  faults = true;
  readonly creations: Creation[] = [];
  /** Every fault injected, counted (for the test to check that the paths were exercised). */
  readonly injected = new Map<string, number>();
  private readonly publishCalls = new Map<string, number>();
  private readonly lookupCalls = new Map<string, number>();
  private nextId = 1;

  private readonly options: FaultPlanOptions;
  constructor(options: FaultPlanOptions) {
    this.options = options;
  }

  creationsOf(postId: string, channel: ChannelId): Creation[] {
    return this.creations.filter((c) => c.postId === postId && c.channel === channel);
  }

  private count(what: string): void {
    this.injected.set(what, (this.injected.get(what) ?? 0) + 1);
  }

  private publishFault(pair: string): PublishFault {
    const n = (this.publishCalls.get(pair) ?? 0) + 1;
    this.publishCalls.set(pair, n);
    if (!this.faults) return 'ok';
    return pick(this.options.publishWeights ?? DEFAULT_PUBLISH_WEIGHTS, unit(this.options.seed, 'publish', pair, n));
  }

  private lookupFault(pair: string): LookupFault {
    const n = (this.lookupCalls.get(pair) ?? 0) + 1;
    this.lookupCalls.set(pair, n);
    if (!this.faults) return 'ok';
    return pick(this.options.lookupWeights ?? DEFAULT_LOOKUP_WEIGHTS, unit(this.options.seed, 'lookup', pair, n));
  }

  /** Adapter factories for one run (one simulated process). */
  factories(proc: SimulatedProcess, channels: readonly ChannelId[]): Partial<Record<ChannelId, AdapterFactory>> {
    return Object.fromEntries(channels.map((channel) => [channel, () => this.adapter(channel, proc)]));
  }

  adapter(channel: ChannelId, proc: SimulatedProcess): Adapter {
    const create = (postId: string, key: string, text: string): Creation => {
      const creation: Creation = { id: `${channel}-${this.nextId++}`, channel, postId, key, by: proc.name, text };
      this.creations.push(creation);
      return creation;
    };
    const ok = (c: Creation) => ({ remoteId: c.id, url: `https://fake.example/${channel}/${c.id}` });
    return {
      name: `fake-${channel}`,
      channel,
      render: (publication) => publication.parts.map((p) => p.text),
      publish: async (publication): Promise<PublishResult> => {
        await Promise.resolve();
        if (proc.dead) return hang();
        const pair = `${publication.postId}:${channel}`;
        if (this.options.refused?.has(pair)) {
          this.count('refused');
          return { ok: false, kind: 'refused', status: 422, message: 'Validation failed: text refused by the network' };
        }
        const fault = this.publishFault(pair);
        this.count(fault);
        switch (fault) {
          case 'crash-before':
            return proc.crash();
          case 'rate-limited-short':
            return { ok: false, kind: 'rate-limited', status: 429, retryAfterMs: 30_000, message: 'Too Many Requests' };
          case 'rate-limited-long':
            return { ok: false, kind: 'rate-limited', status: 429, retryAfterMs: 3_600_000, message: 'Too Many Requests' };
          case 'server-error':
            return { ok: false, kind: 'transient', status: 503, message: 'Service Unavailable' };
          default:
            break;
        }
        const creation = create(publication.postId, publication.key, publication.parts[0]?.text ?? '');
        if (fault === 'timeout-after') return { ok: false, kind: 'unknown', message: 'timed out after 30 s (the request may have been processed)' };
        if (fault === 'throw-after') throw new Error('socket hang up');
        if (fault === 'crash-after') return proc.crash();
        return { ok: true, ...ok(creation) };
      },
      lookup: async (publication, key): Promise<LookupResult> => {
        await Promise.resolve();
        if (proc.dead) return hang();
        const pair = `${publication.postId}:${channel}`;
        const fault = this.lookupFault(pair);
        this.count(`lookup:${fault}`);
        if (fault === 'lookup-failed') return { found: 'unknown', message: '502 Bad Gateway' };
        if (fault === 'lookup-throws') throw new Error('ECONNRESET');
        const found = this.creations.find((c) => c.channel === channel && c.key === key);
        return found ? { found: true, ...ok(found) } : { found: false };
      },
      delete: async () => ({ ok: false, unsupported: true, message: 'the fake network cannot delete' }),
    };
  }
}
