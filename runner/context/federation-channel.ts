/**
 * FATE's federation `remote` / `get` for one task (component.ts: FederationChannel). `remote`
 * encodes the value (transfer-codec.ts), cuts it into parts when large (transfer-parts.ts) and
 * sends one `transfer` per part and destination through the runner's PeerClient, whatever the
 * destination. `get` looks at this site's TransferStore until every part is in, or the wait is
 * over: again at once when word of an arrival comes (TransferArrivals: locally the site tells the
 * runner over its IPC channel, and hands it the part, which then needs no look), otherwise at its
 * next poll (GetPolling).
 */
import { ArgumentError, FederatedError } from '../../functions/domain/errors.js';
import {
  joinParts,
  partTag,
  scopeTransferTag,
  splitIntoParts,
  TRANSFER_PART_BYTES,
} from '../../functions/domain/federation/transfer-parts.js';
import type { PartyRef, RoleParties } from '../../functions/domain/job/roles.js';
import type { FederatedMessage, PeerClient, PeerReply } from '../../functions/domain/ports/peer-client.js';
import type { TransferStore } from '../../functions/domain/ports/transfer-store.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';
import type { FederationChannel } from '../components/component.js';
import type { TransferArrivals } from './transfer-arrivals.js';
import { decodeTransferValue, encodeTransferValue } from './transfer-codec.js';

/** How long a `get` waits by default: FATE's federation waits minutes for a slow peer too. */
export const DEFAULT_GET_TIMEOUT_MS = 10 * 60 * 1000;
/** The pauses between two looks at the store while a `get` waits: from `firstMs`, doubling up to `maxMs`. */
export interface GetPolling {
  readonly firstMs: number;
  readonly maxMs: number;
}

/**
 * Where word of arrivals comes (a local runner): the poll is only a safety net for lost word, so
 * it may be slow and cheap. (At 10 ms doubling to 500 ms, the arbiter's waits through the other
 * parties' Paillier work were most of a hetero-LR job's store reads; at 100 ms doubling to 2 s,
 * a wait of a second still looked five times where the word makes two: docs/data-plane.md,
 * "The data plane" and "The hetero-LR job's CPU".) A lost word costs at most 2 s, as before.
 */
export const POLLING_WITH_ARRIVALS: GetPolling = { firstMs: 1000, maxMs: 2000 };
/**
 * Where none comes (a Fargate runner): a value is seen at most 50 ms after it is stored, for about
 * 20 reads a second per waiting `get` (docs/cost.md, "Transfers: the get's polls").
 */
export const POLLING_WITHOUT_ARRIVALS: GetPolling = { firstMs: 10, maxMs: 50 };
/** Messages of one `remote` in flight at once (parts × destinations). */
const CONCURRENCY = 8;

export interface FederationChannelDeps {
  /** The task the channel serves: its component and version scope every tag. */
  readonly task: TaskKey;
  /** The job's parties by role (the job record's). */
  readonly roles: RoleParties;
  /**
   * Every destination's way in. The runner's (federation-from-config.ts) is a loopback: a task of
   * this same site (host → arbiter of one party) gets its value through the transfer receiver on
   * this site's store, admitted and stored as a peer's delivery would be (not over HTTPS to its own
   * site: a site's party registry does not list the site, so its endpoint could not check the
   * runner's signature); any other party through signed HTTPS with the runner's delegated key.
   */
  readonly peers: PeerClient;
  /** This site's store of received values (the same table the site's receiver writes). */
  readonly transfers: TransferStore;
  /** Epoch milliseconds. @default Date.now */
  readonly clock?: () => number;
  /** @default DEFAULT_GET_TIMEOUT_MS */
  readonly getTimeoutMs?: number;
  /** @default TRANSFER_PART_BYTES (tests use smaller parts) */
  readonly partBytes?: number;
  /** Word of values stored for this task. @default none: `get` only polls */
  readonly arrivals?: TransferArrivals;
  /** @default POLLING_WITH_ARRIVALS when `arrivals` is given, else POLLING_WITHOUT_ARRIVALS */
  readonly polling?: GetPolling;
}

const describe = (party: PartyRef): string => `${party.role} ${party.partyId}`;
const same = (a: PartyRef, b: PartyRef): boolean => a.role === b.role && a.partyId === b.partyId;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Without word of arrivals, a wait is a plain pause. */
const NO_ARRIVALS: TransferArrivals = {
  mark: () => 0,
  wait: (_key, _since, ms) => sleep(ms),
  delivered: () => [],
  forget: () => {},
};

export function createFederationChannel(deps: FederationChannelDeps): FederationChannel {
  const { task, roles } = deps;
  const clock = deps.clock ?? Date.now;
  const self: PartyRef = { role: task.role, partyId: task.partyId };
  const arrivals = deps.arrivals ?? NO_ARRIVALS;
  const polling = deps.polling ?? (deps.arrivals === undefined ? POLLING_WITHOUT_ARRIVALS : POLLING_WITH_ARRIVALS);

  const checkParty = (party: PartyRef, verb: string): void => {
    if (!(roles[party.role] ?? []).includes(party.partyId)) {
      throw new ArgumentError(`cannot ${verb} ${describe(party)}: it plays no part in job ${task.jobId}`);
    }
    if (same(party, self)) throw new ArgumentError(`cannot ${verb} ${describe(party)}: that is this task itself`);
  };

  const send = async (message: FederatedMessage<'transfer'>): Promise<void> => {
    const reply: PeerReply = await deps.peers.call(message);
    if (reply.retcode !== 0) {
      throw new FederatedError(`${describe(message.dest)} refused transfer "${message.body.tag}": ${reply.retmsg}`);
    }
  };

  return {
    roles,

    async remote(tag, value, to) {
      const scoped = scopeTransferTag(task, tag);
      for (const party of to) checkParty(party, 'send to');
      const parts = splitIntoParts(encodeTransferValue(value), deps.partBytes ?? TRANSFER_PART_BYTES);
      const messages = to.flatMap((dest) =>
        parts.map(
          (bytes, i): FederatedMessage<'transfer'> => ({
            command: 'transfer',
            jobId: task.jobId,
            src: self,
            dest,
            body: {
              tag: partTag(scoped, i + 1, parts.length),
              payload: { kind: 'inline', base64: Buffer.from(bytes).toString('base64') },
            },
          }),
        ),
      );
      await withConcurrency(messages, CONCURRENCY, send);
    },

    prepare(to) {
      // A party `remote` would refuse is left to `remote` to name.
      for (const party of to) {
        if ((roles[party.role] ?? []).includes(party.partyId) && !same(party, self)) deps.peers.prepare?.(party);
      }
    },

    async get(tag, from, options = {}) {
      const scoped = scopeTransferTag(task, tag);
      checkParty(from, 'get from');
      const timeoutMs = options.timeoutMs ?? deps.getTimeoutMs ?? DEFAULT_GET_TIMEOUT_MS;
      const key = { jobId: task.jobId, src: from, dest: self, tag: scoped };
      const what = `"${tag}" from ${describe(from)} (${scoped}, job ${task.jobId})`;
      const deadline = clock() + timeoutMs;
      let pause = polling.firstMs;
      try {
        for (;;) {
          // Taken before the look: word of a part stored while the store answers still wakes the wait.
          const mark = arrivals.mark();
          // Every part came with its word: the same bytes as stored, without reading them back.
          const delivered = joinParts(arrivals.delivered(key), what);
          if (delivered !== undefined) return decodeTransferValue(delivered);
          const parts = await deps.transfers.listParts(key);
          const bytes = joinParts(parts, what);
          if (bytes !== undefined) return decodeTransferValue(bytes);
          const left = deadline - clock();
          if (left <= 0) {
            const partial = parts.length === 0 ? 'nothing' : `${parts.length} of ${parts[0]?.count} parts`;
            throw new FederatedError(`get ${what}: ${partial} arrived within ${timeoutMs} ms`);
          }
          await arrivals.wait(key, mark, Math.min(pause, left));
          pause = Math.min(polling.maxMs, pause * 2);
        }
      } finally {
        arrivals.forget(key);
      }
    },
  };
}

/** Runs `work` over `items`, at most `limit` at once; the first failure is thrown once all settle. */
async function withConcurrency<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async (): Promise<void> => {
    for (let item = items[next]; item !== undefined && failures.length === 0; item = items[next]) {
      next += 1;
      await work(item).catch((error: unknown) => {
        failures.push(error);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
}
