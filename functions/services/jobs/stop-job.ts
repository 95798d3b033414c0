import { NotFoundError } from '../../domain/errors.js';
import type { StopStatus } from '../../domain/ports/peer-client.js';
import { isEndStatus } from '../../domain/status/statuses.js';
import { callJobParties, describeFailures } from '../federation/fan-out.js';
import type { SiteServices } from '../site-services.js';
import { type StopAtPartyDeps, stopAtParty } from './stop-at-party.js';

export type StopJobDeps = Pick<SiteServices, 'jobs' | 'orchestrator' | 'peers' | 'site'> & StopAtPartyDeps;

/**
 * FATE's `job stop` at the initiator: the cancel signal, the workflow stopped, then `stop/<status>`
 * at every party at once (this site's own roles included) — each kills its running tasks — and
 * the resources returned. A job already in an end status is left as it is (retcode 10, as FATE
 * answers a transition it ignores). Parties that could not be told are named in the answer.
 * At a site that did not initiate the job, this party's part stops and the initiator is told,
 * which stops the job everywhere (stop-at-party.ts).
 */
export async function stopJob(
  services: StopJobDeps,
  jobId: string,
  status: StopStatus,
  /** Why, as FATE's job tag at every party (default `job_end`). */
  tag?: string,
): Promise<{ readonly retcode: number; readonly retmsg: string }> {
  const records = await services.jobs.getJobRecords(jobId);
  const initiator = records.find((r) => r.isInitiator);
  if (records.length === 0) throw new NotFoundError(`job ${jobId} not found at party ${services.site.partyId}`);
  if (initiator === undefined) return stopAtParty(services, records, status);
  if (isEndStatus(initiator.status)) {
    return { retcode: 10, retmsg: `job ${jobId} is already ${initiator.status}; nothing to stop` };
  }
  if (status === 'canceled') await services.jobs.updateJobFields(initiator, { cancelSignal: true });
  await services.orchestrator.stopExecution(jobId, initiator.runCount, tag ?? `job ${status} by a stop request`);
  const stopped = await callJobParties(
    services.peers,
    initiator,
    'job.stop',
    tag === undefined ? { status } : { status, tag },
  );
  await callJobParties(services.peers, initiator, 'job.resource.return', {});
  const failures = describeFailures(stopped.replies);
  return failures === ''
    ? { retcode: 0, retmsg: 'success' }
    : { retcode: 104, retmsg: `job ${jobId} stopped here, but not everywhere: ${failures}` };
}
