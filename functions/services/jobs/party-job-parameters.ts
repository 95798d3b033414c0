import { JOB_PARAMETER_DEFAULTS } from '../../domain/job/job-parameters.js';
import type { JobRecord } from '../../domain/records/job-record.js';

type NumericParameter = 'task_parallelism' | 'auto_retries' | 'timeout';

/**
 * A numeric job parameter of this party's view of the job (its resolved `runtime_conf_on_party`
 * job_parameters.common), or FATE's default when it is missing or not a number. The planner
 * already validated them at submit; this only reads them back from the stored record.
 */
export function partyJobParameter(job: Pick<JobRecord, 'runtimeConfOnParty'>, name: NumericParameter): number {
  const jobParameters = job.runtimeConfOnParty.job_parameters as { common?: Record<string, unknown> } | undefined;
  const value = jobParameters?.common?.[name];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : JOB_PARAMETER_DEFAULTS[name];
}

/** task_parallelism as a whole number of at least 1 (a Map's MaxConcurrency, a share of cores). */
export function taskParallelismOf(job: Pick<JobRecord, 'runtimeConfOnParty'>): number {
  return Math.max(1, Math.floor(partyJobParameter(job, 'task_parallelism')));
}
