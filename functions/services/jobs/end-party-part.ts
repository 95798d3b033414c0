import type { PartyRef } from '../../domain/job/roles.js';
import type { StopStatus } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { type ReturnJobResourcesDeps, returnJobResources } from '../scheduling/receive-resources.js';
import { type StopLocalTasksDeps, stopLocalTasks } from '../tasks/stop-local-tasks.js';
import { type SetLocalJobStatusDeps, setLocalJobStatus } from './set-local-job-status.js';

/** A party's reason in a tag is kept to this length: it is shown at every party of the job. */
const MAX_REASON_LENGTH = 200;

/** FATE's job tag naming who stopped a job, and why when a reason is given. */
export function stoppedByTag(party: PartyRef, reason?: string): string {
  const why = reason === undefined || reason === '' ? '' : `: ${reason.slice(0, MAX_REASON_LENGTH)}`;
  return `stopped by ${party.role} ${party.partyId}${why}`;
}

/** The record a party speaks for the job with: its main role (an arbiter beside a host speaks as the host). */
export function speakingRecord(records: readonly JobRecord[]): JobRecord | undefined {
  return records.find((record) => record.role !== 'arbiter') ?? records[0];
}

export type EndPartyPartDeps = ReturnJobResourcesDeps & SetLocalJobStatusDeps & StopLocalTasksDeps;

/**
 * Ends this party's part of a job (each of `records`, its records here): running tasks are killed
 * — tasks first, so no task outlives its record — the record takes `status` with `tag` (a
 * conditional write: a record that ended otherwise keeps its status), and what the record holds
 * in the pool goes back.
 */
export async function endPartyPart(
  services: EndPartyPartDeps,
  records: readonly JobRecord[],
  status: StopStatus,
  tag: string,
): Promise<void> {
  for (const record of records) {
    await stopLocalTasks(services, record.jobId, record.role, status);
    await setLocalJobStatus(services, record.jobId, status, { tag }, { role: record.role });
    // Ended now, whichever way: its grant has nothing left to hold.
    await returnJobResources(services, record, true);
  }
}
