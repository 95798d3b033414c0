/**
 * How much of a site's pool the jobs of one peer may hold. FATE-Flow grants a peer's job whatever
 * is free, so one peer can `create` a job as large as the per-job limit, `apply`, and never start
 * it: the site's own jobs then wait for ever. Here the grants held for jobs initiated by one other
 * party are bounded by a share of the pool; the site's own jobs are not.
 */

/**
 * Half the pool by default: any one peer can still run a job as large as half the site, and the
 * other half stays for the site's own jobs and its other peers, whatever that peer holds.
 */
export const DEFAULT_PEER_RESOURCE_SHARE = 0.5;

export interface ResourceAmount {
  readonly cores: number;
  readonly memory: number;
}

/** What the jobs of one peer may hold at most: the share of each total, rounded down. */
export function peerShareLimit(pool: ResourceAmount, share: number): ResourceAmount {
  return { cores: Math.floor(pool.cores * share), memory: Math.floor(pool.memory * share) };
}

/** What the grants of one peer's jobs hold now. */
export function heldForPeer(
  grants: readonly (ResourceAmount & { readonly peer?: number })[],
  peer: number,
): ResourceAmount {
  let cores = 0;
  let memory = 0;
  for (const grant of grants) {
    if (grant.peer !== peer) continue;
    cores += grant.cores;
    memory += grant.memory;
  }
  return { cores, memory };
}

/** Whether a grant of `demand` keeps what the peer holds within `limit`. */
export function fitsPeerShare(held: ResourceAmount, demand: ResourceAmount, limit: ResourceAmount): boolean {
  return held.cores + demand.cores <= limit.cores && held.memory + demand.memory <= limit.memory;
}

/** The refusal of an apply over the share: names the peer, the share and the numbers. */
export function peerShareRefusal(input: {
  readonly partyId: number;
  readonly jobId: string;
  /** The peer, as `<role> <party id>` of the job's initiator. */
  readonly peer: string;
  readonly share: number;
  readonly pool: ResourceAmount;
  readonly held: ResourceAmount;
  readonly demand: ResourceAmount;
}): string {
  const { pool, held, demand, share } = input;
  const limit = peerShareLimit(pool, share);
  const memory =
    held.memory + demand.memory > limit.memory
      ? `, memory ${held.memory} MB held + ${demand.memory} MB asked > ${limit.memory} MB`
      : '';
  return (
    `party ${input.partyId} lends jobs initiated by ${input.peer} at most peer_resource_share ${share} of its pool: ` +
    `${limit.cores} of ${pool.cores} cores; they hold ${held.cores} and job ${input.jobId} needs ${demand.cores}${memory}`
  );
}
