import type { JobRecord } from '../../domain/records/job-record.js';
import { isEndStatus } from '../../domain/status/statuses.js';
import { type EndPartyPartDeps, endPartyPart, speakingRecord } from '../jobs/end-party-part.js';
import { type TellInitiatorDeps, tellInitiator } from '../jobs/stop-at-party.js';
import { grantIdOf } from '../scheduling/receive-resources.js';
import type { SiteServices } from '../site-services.js';
import type { DetectorOptions } from './detector-options.js';

export type ExpireSilentInitiatorsDeps = Pick<SiteServices, 'background' | 'resources' | 'site'> &
  EndPartyPartDeps &
  TellInitiatorDeps;

/**
 * The detector at a party, for the jobs another party initiated: a job that holds something here
 * — it runs, or it waits with a grant its initiator never started — and whose initiator has sent
 * nothing for longer than the limit (the FederatedDetector's, seen from the other side) ends here:
 * tasks stopped, resources returned, its records failed with `federated_error: initiator <role>
 * <party> silent for N s`. The initiator is told, in case it comes back. An initiator that is
 * alive pings every party of its running jobs each sweep, so only a gone (or hostile) one expires.
 * Returns how many jobs ended.
 */
export async function expireSilentInitiators(
  services: ExpireSilentInitiatorsDeps,
  watched: readonly JobRecord[],
  now: number,
  options: DetectorOptions,
): Promise<number> {
  const { partyId } = services.site;
  const foreign = watched.filter(
    (job) => job.partyId === partyId && job.initiatorPartyId !== partyId && !isEndStatus(job.status),
  );
  if (foreign.length === 0) return 0;
  const grants = new Set((await services.resources.getPool(services.site.pool.name))?.grants.map((g) => g.jobId));
  const holds = (job: JobRecord): boolean => job.status === 'running' || grants.has(grantIdOf(job));
  let expired = 0;
  for (const records of groupByJob(foreign).values()) {
    const speaker = speakingRecord(records);
    if (speaker === undefined || !records.some(holds)) continue;
    // Each record is stamped by the messages to its role; before the first, its last local write
    // (the grant, the start) is when the initiator was last heard. Never the peer's own times.
    const lastHeard = Math.max(...records.map((job) => job.initiatorSeenAt ?? job.updateTime));
    const silence = now - lastHeard;
    if (silence <= options.peerSilenceLimitMs) continue;
    const reason = `federated_error: initiator ${speaker.initiatorRole} ${speaker.initiatorPartyId} silent for ${Math.round(silence / 1000)} s`;
    await endPartyPart(services, records, 'failed', reason);
    expired += 1;
    // Not awaited: a silent initiator takes the peer client's whole retry budget to give up.
    services.background.track(tellInitiator(services, speaker, 'failed', reason));
  }
  return expired;
}

function groupByJob(jobs: readonly JobRecord[]): Map<string, JobRecord[]> {
  const groups = new Map<string, JobRecord[]>();
  for (const job of jobs) groups.set(job.jobId, [...(groups.get(job.jobId) ?? []), job]);
  return groups;
}
