import type { JsonObject } from '../job/deep-merge.js';
import { planDigest } from '../job/plan-digest.js';
import type { PartyRef, RoleParties } from '../job/roles.js';

/**
 * What a site fixes about a job at its first record, for good: who initiated it, who plays in it,
 * and which plan (DSL and runtime conf) it runs. Written once, conditionally, before any other
 * record of the job; every inbound federation command is checked against it, and a later
 * `job.create` for the same id must come from the same initiator with the same plan.
 */
export interface JobHead {
  readonly jobId: string;
  readonly initiator: PartyRef;
  readonly roles: RoleParties;
  /** {@link planDigest} of the job's DSL and runtime conf. */
  readonly planDigest: string;
}

/** The head a job record implies (every record of one job implies the same head). */
export function jobHeadOf(job: {
  readonly jobId: string;
  readonly initiatorRole: PartyRef['role'];
  readonly initiatorPartyId: number;
  readonly roles: RoleParties;
  readonly dsl: JsonObject;
  readonly runtimeConf: JsonObject;
}): JobHead {
  return {
    jobId: job.jobId,
    initiator: { role: job.initiatorRole, partyId: job.initiatorPartyId },
    roles: job.roles,
    planDigest: planDigest(job.dsl, job.runtimeConf),
  };
}

const sameParty = (a: PartyRef, b: PartyRef): boolean => a.role === b.role && a.partyId === b.partyId;

/**
 * Why `claim` cannot join the job `head` describes, or undefined when it can: the same initiator
 * and the same plan (the roles follow from the plan).
 */
export function headConflict(head: JobHead, claim: Pick<JobHead, 'initiator' | 'planDigest'>): string | undefined {
  const { initiator } = head;
  if (!sameParty(initiator, claim.initiator)) {
    return `job ${head.jobId} exists here with initiator ${initiator.role} ${initiator.partyId}, not ${claim.initiator.role} ${claim.initiator.partyId}`;
  }
  if (head.planDigest !== claim.planDigest) {
    return `job ${head.jobId} exists here with another plan: its dsl and runtime_conf must be the ones first sent`;
  }
  return undefined;
}
