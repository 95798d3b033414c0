import { NotFoundError, OperatingError } from '../../domain/errors.js';
import { isEndStatus } from '../../domain/status/statuses.js';
import { callParties, describeFailures } from '../federation/fan-out.js';
import type { SiteServices } from '../site-services.js';
import { setLocalJobStatus } from './set-local-job-status.js';

export type StopStatus = 'canceled' | 'failed' | 'timeout';

/**
 * FATE's `job stop`: at the initiator, set the cancel signal, stop the job here and at every
 * other party (in parallel). A job already in an end status is left as it is (retcode 10, as
 * FATE answers a transition it ignores). Parties that could not be told are named in the answer.
 */
export async function stopJob(
  services: SiteServices,
  jobId: string,
  status: StopStatus,
): Promise<{ readonly retcode: number; readonly retmsg: string }> {
  const records = await services.jobs.getJobRecords(jobId);
  const initiator = records.find((r) => r.isInitiator);
  if (records.length === 0) throw new NotFoundError(`job ${jobId} not found at party ${services.site.partyId}`);
  if (initiator === undefined) {
    const any = records[0];
    throw new OperatingError(
      `job ${jobId} was initiated by ${any?.initiatorRole} ${any?.initiatorPartyId}; stop it at the initiator's site`,
    );
  }
  if (isEndStatus(initiator.status)) {
    return { retcode: 10, retmsg: `job ${jobId} is already ${initiator.status}; nothing to stop` };
  }
  if (status === 'canceled') await services.jobs.updateJobFields(initiator, { cancelSignal: true });
  await setLocalJobStatus(services, jobId, status);

  const remote = Object.entries(initiator.roles).flatMap(([role, ids]) =>
    (ids ?? [])
      .filter((id) => id !== services.site.partyId)
      .map((partyId) => ({ role: role as typeof initiator.role, partyId })),
  );
  const src = { role: initiator.role, partyId: initiator.partyId };
  const stopped = await callParties(services.peers, { jobId, src, command: 'job.stop', body: { status } }, remote);
  const failures = describeFailures(stopped.replies);
  return failures === ''
    ? { retcode: 0, retmsg: 'success' }
    : { retcode: 104, retmsg: `job ${jobId} stopped here, but not everywhere: ${failures}` };
}
