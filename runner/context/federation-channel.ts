/**
 * FATE's federation `remote` / `get` for one task (component.ts: FederationChannel). `remote`
 * encodes the value (transfer-codec.ts), cuts it into parts when large (transfer-parts.ts) and
 * sends one `transfer` per part and destination through the runner's PeerClient, whatever the
 * destination. `get` polls this site's TransferStore until every part is in, or the wait is over.
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
import { decodeTransferValue, encodeTransferValue } from './transfer-codec.js';

/** How long a `get` waits by default: FATE's federation waits minutes for a slow peer too. */
export const DEFAULT_GET_TIMEOUT_MS = 10 * 60 * 1000;
/** The first and the longest pause between two looks at the store while a `get` waits. */
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 500;
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
}

const describe = (party: PartyRef): string => `${party.role} ${party.partyId}`;
const same = (a: PartyRef, b: PartyRef): boolean => a.role === b.role && a.partyId === b.partyId;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createFederationChannel(deps: FederationChannelDeps): FederationChannel {
  const { task, roles } = deps;
  const clock = deps.clock ?? Date.now;
  const self: PartyRef = { role: task.role, partyId: task.partyId };

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

    async get(tag, from, options = {}) {
      const scoped = scopeTransferTag(task, tag);
      checkParty(from, 'get from');
      const timeoutMs = options.timeoutMs ?? deps.getTimeoutMs ?? DEFAULT_GET_TIMEOUT_MS;
      const key = { jobId: task.jobId, src: from, dest: self, tag: scoped };
      const what = `"${tag}" from ${describe(from)} (${scoped}, job ${task.jobId})`;
      const deadline = clock() + timeoutMs;
      let pause = FIRST_POLL_MS;
      for (;;) {
        const parts = await deps.transfers.listParts(key);
        const bytes = joinParts(parts, what);
        if (bytes !== undefined) return decodeTransferValue(bytes);
        const left = deadline - clock();
        if (left <= 0) {
          const partial = parts.length === 0 ? 'nothing' : `${parts.length} of ${parts[0]?.count} parts`;
          throw new FederatedError(`get ${what}: ${partial} arrived within ${timeoutMs} ms`);
        }
        await sleep(Math.min(pause, left));
        pause = Math.min(MAX_POLL_MS, pause * 2);
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
