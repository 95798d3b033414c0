import { NotFoundError, OperatingError } from '../../domain/errors.js';
import { isEndStatus } from '../../domain/status/statuses.js';
import type { SiteServices } from '../site-services.js';
import { localTasksOf, type TaskSelection } from '../tracking/data-view.js';

export type CleanJobDeps = Pick<SiteServices, 'jobs' | 'objects' | 'tracking'>;

/**
 * FATE's `/v1/job/clean`: deletes the output data and metrics of the job's selected tasks at this
 * site (their rows in the object store, then their tracking records). Only once every record of
 * the job here has ended: a running job's components may still read those outputs. Returns how
 * many tracking records went.
 */
export async function cleanJob(services: CleanJobDeps, jobId: string, selection: TaskSelection): Promise<number> {
  const records = await services.jobs.getJobRecords(jobId);
  if (records.length === 0) throw new NotFoundError(`no job ${jobId} at this site`);
  const live = records.find((record) => !isEndStatus(record.status));
  if (live !== undefined) {
    throw new OperatingError(
      `job ${jobId} is ${live.status} at ${live.role} ${live.partyId}: only an ended job is cleaned`,
    );
  }
  let cleaned = 0;
  for (const task of await localTasksOf(services, jobId, selection)) {
    const ref = { jobId, component: task.component, role: task.role, partyId: task.partyId };
    for (const output of await services.tracking.listOutputs(ref, 'data')) {
      await services.objects.delete(output.location);
    }
    cleaned += await services.tracking.clean(ref);
  }
  return cleaned;
}
