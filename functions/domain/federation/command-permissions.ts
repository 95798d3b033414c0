import { isJsonObject } from '../job/deep-merge.js';
import { planDigest } from '../job/plan-digest.js';
import type { PartyRef, RoleParties } from '../job/roles.js';
import type { FederatedMessage } from '../ports/peer-client.js';
import { headConflict, type JobHead } from '../records/job-head.js';

export type CommandPermission = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const allowed: CommandPermission = { ok: true };
const refused = (reason: string): CommandPermission => ({ ok: false, reason });

const plays = (roles: RoleParties, party: PartyRef): boolean => (roles[party.role] ?? []).includes(party.partyId);
const same = (a: PartyRef, b: PartyRef): boolean => a.role === b.role && a.partyId === b.partyId;
const describe = (party: PartyRef): string => `${party.role} ${party.partyId}`;

/**
 * Whether the sender may send this command for this job, from the role it plays in it (FATE lets
 * only the initiator schedule, any party report to the initiator, and parties of a job exchange
 * data). `job` is this site's head of the job — its initiator, parties and plan, fixed by its
 * first record — or undefined when the site has none (only `create` may then come, from the
 * initiator the conf names).
 */
export function senderMayCall(message: FederatedMessage, job: JobHead | undefined): CommandPermission {
  const { src, dest, command } = message;
  if (command === 'job.create') return mayCreate(message as FederatedMessage<'job.create'>, job);
  if (job === undefined)
    return refused(`job ${message.jobId} is unknown here; only its initiator's job.create may come first`);
  if (!plays(job.roles, src)) return refused(`${describe(src)} plays no part in job ${message.jobId}`);
  if (!plays(job.roles, dest)) return refused(`${describe(dest)} plays no part in job ${message.jobId}`);
  switch (command) {
    case 'task.report':
      return same(job.initiator, dest)
        ? allowed
        : refused(`task reports of job ${message.jobId} go to its initiator ${describe(job.initiator)}`);
    case 'transfer':
      return allowed;
    case 'model.check':
      // Any party of the training job may ask before it initiates a predict job with its model.
      return allowed;
    case 'model.infer':
      // Online inference: the model's guest asks a host for its part of a score, and no one else.
      return src.role === 'guest' && dest.role === 'host'
        ? allowed
        : refused(
            `model.infer of job ${message.jobId} goes from its guest to a host, not ${describe(src)} to ${describe(dest)}`,
          );
    case 'job.party.stop':
      // A party's own stop of its part: only ever told to the initiator, which stops the job everywhere.
      return same(job.initiator, dest)
        ? allowed
        : refused(`job.party.stop of job ${message.jobId} goes to its initiator ${describe(job.initiator)}`);
    default:
      return same(job.initiator, src)
        ? allowed
        : refused(`only the initiator ${describe(job.initiator)} may send ${command} for job ${message.jobId}`);
  }
}

/**
 * A create comes from the initiator its conf names; for a job this site already has, that must
 * be the job's stored initiator and the plan the stored one (a redelivery, or the create of
 * another role this party plays) — so no peer can take over a job by creating it again.
 */
function mayCreate(message: FederatedMessage<'job.create'>, job: JobHead | undefined): CommandPermission {
  const { src, jobId } = message;
  const initiator = createInitiator(message);
  if (initiator === undefined) return refused('job.create carries no runtime_conf.initiator');
  if (!same(initiator, src)) {
    return refused(
      `job.create for job ${jobId} must come from its initiator ${describe(initiator)}, not ${describe(src)}`,
    );
  }
  if (job === undefined) return allowed;
  let digest: string;
  try {
    digest = planDigest(message.body.dsl, message.body.runtimeConf);
  } catch (error) {
    return refused(error instanceof Error ? error.message : String(error));
  }
  const conflict = headConflict(job, { initiator: src, planDigest: digest });
  return conflict === undefined ? allowed : refused(`job.create refused: ${conflict}`);
}

function createInitiator(message: FederatedMessage<'job.create'>): PartyRef | undefined {
  const initiator = message.body.runtimeConf.initiator;
  if (!isJsonObject(initiator)) return undefined;
  const { role, party_id: partyId } = initiator;
  const id = typeof partyId === 'string' && /^\d+$/.test(partyId) ? Number(partyId) : partyId;
  if (typeof role !== 'string' || typeof id !== 'number') return undefined;
  return { role: role as PartyRef['role'], partyId: id };
}
