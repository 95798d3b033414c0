import type { Role } from '../../domain/job/roles.js';
import type { JobStatusPatch } from '../../domain/ports/job-store.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { isEndStatus, type JobStatus } from '../../domain/status/statuses.js';
import type { SiteServices } from '../site-services.js';

export type SetLocalJobStatusDeps = Pick<SiteServices, 'clock' | 'events' | 'jobs'>;

/**
 * Moves every record of a job at this site (one per role the party plays; or only `only.role`'s) to `status` where the
 * transition table allows it, stamping FATE's end fields on an end status, and emits the events.
 * Returns the records that changed.
 */
export async function setLocalJobStatus(
  services: SetLocalJobStatusDeps,
  jobId: string,
  status: JobStatus,
  patch: JobStatusPatch = {},
  only?: { readonly role: Role },
  options: { readonly rerun?: boolean } = {},
): Promise<JobRecord[]> {
  const now = services.clock();
  const changed: JobRecord[] = [];
  const records = await services.jobs.getJobRecords(jobId);
  for (const job of records.filter((r) => only === undefined || r.role === only.role)) {
    const ending = isEndStatus(status);
    const fullPatch: JobStatusPatch = {
      ...patch,
      ...(status === 'running' && job.startTime === undefined ? { startTime: now } : {}),
      ...(ending
        ? { endTime: now, elapsed: now - (job.startTime ?? job.createTime), tag: patch.tag ?? 'job_end' }
        : {}),
    };
    const result = await services.jobs.updateJobStatus(job, status, fullPatch, options);
    if (result.outcome !== 'updated') continue;
    changed.push(job);
    await services.events.publish([
      { type: 'JobStatusChanged', jobId, role: job.role, partyId: job.partyId, from: job.status, to: status },
      ...(ending && job.isInitiator ? [{ type: 'JobFinished' as const, jobId, status }] : []),
    ]);
  }
  return changed;
}
