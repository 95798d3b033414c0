import { isAppError, RetCode } from '../../domain/errors.js';
import type { PeerReply, StopStatus } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { isEndStatus } from '../../domain/status/statuses.js';
import type { SiteServices } from '../site-services.js';
import { sendToInitiator } from '../tasks/send-to-initiator.js';
import { type EndPartyPartDeps, endPartyPart, speakingRecord, stoppedByTag } from './end-party-part.js';
import { type SetLocalJobStatusDeps, setLocalJobStatus } from './set-local-job-status.js';

export type StopAtPartyDeps = Pick<SiteServices, 'site'> & EndPartyPartDeps & SetLocalJobStatusDeps & TellInitiatorDeps;

/**
 * `job stop` at a site that did not initiate the job, as a stop at a party does in FATE: the job
 * stops everywhere. First this party's records take `status`, tagged with who stopped them (no
 * task of the job starts here any more); then the initiator is told (`job.party.stop`) and stops
 * the job at every party — this one included: its tasks killed, its grant returned. The initiator
 * hears of the stop before any killed task's report, so the job ends `status`, not failed. Last,
 * whatever the initiator's answer, this party kills what still runs here and returns what it still
 * holds: a silent or hostile initiator delays that by one call's retries, never longer.
 */
export async function stopAtParty(
  services: StopAtPartyDeps,
  records: readonly JobRecord[],
  status: StopStatus,
): Promise<{ readonly retcode: number; readonly retmsg: string }> {
  const open = records.filter((record) => !isEndStatus(record.status));
  const speaker = speakingRecord(open);
  const jobId = records[0]?.jobId ?? '';
  if (speaker === undefined) {
    return {
      retcode: RetCode.NOT_EFFECTIVE,
      retmsg: `job ${jobId} is already ${[...new Set(records.map((r) => r.status))].join(', ')} here; nothing to stop`,
    };
  }
  const tag = stoppedByTag(speaker);
  for (const record of open) await setLocalJobStatus(services, record.jobId, status, { tag }, { role: record.role });
  const reply = await tellInitiator(services, speaker, status);
  await endPartyPart(services, open, status, tag);
  // NOT_EFFECTIVE: the job had already ended at the initiator; nothing is left to stop there.
  if (reply.retcode === RetCode.SUCCESS || reply.retcode === RetCode.NOT_EFFECTIVE) {
    return { retcode: RetCode.SUCCESS, retmsg: 'success' };
  }
  return {
    retcode: RetCode.FEDERATED_ERROR,
    retmsg:
      `job ${jobId} stopped at party ${services.site.partyId}, but its initiator ` +
      `${speaker.initiatorRole} ${speaker.initiatorPartyId} was not told: ${reply.retmsg}`,
  };
}

export type TellInitiatorDeps = Pick<SiteServices, 'peers'>;

/** `job.party.stop` to the job's initiator; an unreachable initiator is an answer, not a throw. */
export async function tellInitiator(
  services: TellInitiatorDeps,
  speaker: JobRecord,
  status: StopStatus,
  reason?: string,
): Promise<PeerReply> {
  try {
    return await sendToInitiator(services.peers, speaker, 'job.party.stop', {
      status,
      ...(reason === undefined ? {} : { tag: reason }),
    });
  } catch (error) {
    if (isAppError(error)) return { retcode: error.retcode, retmsg: error.message };
    return { retcode: RetCode.FEDERATED_ERROR, retmsg: error instanceof Error ? error.message : String(error) };
  }
}
