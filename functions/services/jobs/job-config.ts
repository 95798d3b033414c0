import { NotFoundError } from '../../domain/errors.js';
import type { Role } from '../../domain/job/roles.js';
import type { SiteServices } from '../site-services.js';

export type FateJobConfigDeps = Pick<SiteServices, 'jobs' | 'site'>;

/** FATE's `job config`: the DSL, runtime conf and model info of one party's view of the job. */
export async function fateJobConfig(services: FateJobConfigDeps, jobId: string, role?: Role, partyId?: number) {
  const records = await services.jobs.getJobRecords(jobId);
  const job =
    records.find((r) => (role === undefined || r.role === role) && (partyId === undefined || r.partyId === partyId)) ??
    undefined;
  if (job === undefined) {
    const who = [role, partyId].filter((v) => v !== undefined).join(' ');
    throw new NotFoundError(`job ${jobId}${who ? ` (${who})` : ''} not found at party ${services.site.partyId}`);
  }
  return {
    job_id: jobId,
    dsl: job.dsl,
    runtime_conf: job.runtimeConf,
    runtime_conf_on_party: job.runtimeConfOnParty,
    train_runtime_conf: job.trainRuntimeConf,
    model_info: { model_id: job.modelId, model_version: job.modelVersion },
  };
}
