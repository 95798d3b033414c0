import { isAppError, RetCode } from '../../domain/errors.js';
import { type PartyRef, partiesOf } from '../../domain/job/roles.js';
import type { CommandBodies, CommandName, PeerClient, PeerReply } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { combineFederatedRetcodes } from '../../domain/status/federated-result.js';
import type { FederatedSchedulingStatusCode } from '../../domain/status/statuses.js';

export interface PartyReply {
  readonly party: PartyRef;
  readonly reply: PeerReply;
}

export interface FanOutResult {
  readonly replies: readonly PartyReply[];
  /** FATE's aggregate: SUCCESS, PARTIAL, FAILED, ERROR or NOT_EFFECTIVE. */
  readonly status: FederatedSchedulingStatusCode;
}

/**
 * Sends one command to several parties at once (FATE calls them one after another) and combines
 * their answers as FATE does. A party that cannot be reached answers FEDERATED_ERROR, naming it.
 */
export async function callParties<C extends CommandName>(
  peers: PeerClient,
  input: { readonly jobId: string; readonly src: PartyRef; readonly command: C; readonly body: CommandBodies[C] },
  destinations: readonly PartyRef[],
): Promise<FanOutResult> {
  const replies = await Promise.all(
    destinations.map(async (dest): Promise<PartyReply> => {
      try {
        const reply = await peers.call({
          command: input.command,
          jobId: input.jobId,
          src: input.src,
          dest,
          body: input.body,
        });
        return { party: dest, reply };
      } catch (error) {
        // Our errors already name the party and the command.
        if (isAppError(error)) return { party: dest, reply: { retcode: error.retcode, retmsg: error.message } };
        const reason = error instanceof Error ? error.message : String(error);
        return {
          party: dest,
          reply: {
            retcode: RetCode.FEDERATED_ERROR,
            retmsg: `${dest.role} ${dest.partyId} did not answer ${input.command}: ${reason}`,
          },
        };
      }
    }),
  );
  return { replies, status: combineFederatedRetcodes(replies.map((r) => r.reply.retcode)) };
}

/**
 * Sends a command for a job, as its initiator, to parties of it (all of them unless `only` names
 * some), the initiator included. This site's own roles go through `peers` like any other: the
 * site's peer client hands a message addressed to this site to its own receiver.
 */
export function callJobParties<C extends CommandName>(
  peers: PeerClient,
  job: JobRecord,
  command: C,
  body: CommandBodies[C],
  only?: readonly PartyRef[],
): Promise<FanOutResult> {
  const src = { role: job.initiatorRole, partyId: job.initiatorPartyId };
  return callParties(peers, { jobId: job.jobId, src, command, body }, only ?? partiesOf(job.roles));
}

/** "host 10000: <retmsg>; arbiter 10000: <retmsg>" for the parties that did not succeed. */
export function describeFailures(replies: readonly PartyReply[]): string {
  return replies
    .filter((r) => r.reply.retcode !== RetCode.SUCCESS)
    .map((r) => `${r.party.role} ${r.party.partyId}: ${r.reply.retmsg}`)
    .join('; ');
}
