import { RetCode } from '../../domain/errors.js';
import { partiesOf } from '../../domain/job/roles.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { callJobParties } from '../federation/fan-out.js';
import { type StopJobDeps, stopJob } from '../jobs/stop-job.js';
import type { SiteServices } from '../site-services.js';
import type { DetectorOptions } from './detector-options.js';

export type PeerCheck = 'all answered' | 'silent' | 'failed';

export type CheckPeersDeps = Pick<SiteServices, 'jobs' | 'peers' | 'site'> & StopJobDeps;

/**
 * FATE's FederatedDetector, at the initiator of a running job: every other party is asked to
 * align on the job's status (`status/running`, which changes nothing at a party that runs it).
 * A party that does not answer starts the job's silence clock, kept on the job record so that
 * any later sweep (another Lambda container) continues it; an answer from all stops it. Past the
 * limit the job fails at every party that can still be reached, tagged with who went silent.
 */
export async function checkPeers(
  services: CheckPeersDeps,
  job: JobRecord,
  now: number,
  options: DetectorOptions,
  /**
   * Parties found silent earlier in this sweep: not called again (each call to a silent party
   * spends its whole retry budget, seconds), just counted silent. Parties found silent are added.
   */
  silentThisSweep: Set<number>,
): Promise<PeerCheck> {
  const others = partiesOf(job.roles).filter((party) => party.partyId !== services.site.partyId);
  if (others.length === 0) return 'all answered';
  const known = others.filter((party) => silentThisSweep.has(party.partyId));
  const asked = others.filter((party) => !silentThisSweep.has(party.partyId));
  const aligned =
    asked.length === 0
      ? []
      : (await callJobParties(services.peers, job, 'job.status', { status: 'running' }, asked)).replies;
  const silent = [...known, ...aligned.filter((r) => r.reply.retcode === RetCode.FEDERATED_ERROR).map((r) => r.party)];
  for (const party of silent) silentThisSweep.add(party.partyId);
  if (silent.length === 0) {
    if (job.peersSilentSince !== undefined) await services.jobs.updateJobFields(job, { peersSilentSince: 0 });
    return 'all answered';
  }
  const since = job.peersSilentSince ?? now;
  if (job.peersSilentSince === undefined) await services.jobs.updateJobFields(job, { peersSilentSince: now });
  if (now - since <= options.peerSilenceLimitMs) return 'silent';
  const who = [...new Set(silent.map((party) => `${party.role} ${party.partyId}`))].join(', ');
  await stopJob(
    services,
    job.jobId,
    'failed',
    `federated_error: ${who} did not answer for ${Math.round((now - since) / 1000)} s`,
  );
  return 'failed';
}
