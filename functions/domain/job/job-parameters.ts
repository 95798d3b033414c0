import * as z from 'zod';

/**
 * FATE-Flow's job parameters (`RunParameters`) with the defaults of `job_default_config.yaml`.
 * The conf gives them as `job_parameters.common` plus per-party overrides under
 * `job_parameters.role.<role>.<index>`.
 */

export const JOB_TYPES = ['train', 'predict'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_PARAMETER_DEFAULTS = {
  job_type: 'train' as JobType,
  task_cores: 4,
  task_parallelism: 1,
  timeout: 259_200,
  auto_retries: 0,
  // FATE-Flow 1.x stores it on the job and never reads it: a retry starts as soon as the failure is
  // settled, there as here (services/tasks/settle-component.ts).
  auto_retry_delay: 1,
  federated_status_collect_type: 'PUSH' as const,
  federated_mode: 'MULTIPLE' as const,
  priority: 0,
} as const;

/** Parameters FATE removed; it only warns about them, so do we. */
export const REMOVED_JOB_PARAMETERS = ['backend', 'work_mode'] as const;

const positiveInt = (name: string) =>
  z
    .number({ error: `${name} must be a positive integer` })
    .int({ error: `${name} must be a positive integer` })
    .min(1, {
      error: `${name} must be a positive integer`,
    });

const stringMap = z.record(z.string(), z.unknown(), { error: 'must be an object' });

/** One `job_parameters` section (common or one party's override). Every field is optional here. */
export const jobParametersSectionSchema = z.looseObject(
  {
    job_type: z.enum(JOB_TYPES, { error: 'job_type must be "train" or "predict"' }).optional(),
    task_cores: positiveInt('task_cores').optional(),
    task_parallelism: positiveInt('task_parallelism').optional(),
    computing_partitions: positiveInt('computing_partitions').optional(),
    timeout: positiveInt('timeout (seconds)').optional(),
    auto_retries: z
      .number({ error: 'auto_retries must be an integer of 0 or more' })
      .int({ error: 'auto_retries must be an integer of 0 or more' })
      .min(0, { error: 'auto_retries must be an integer of 0 or more' })
      .optional(),
    auto_retry_delay: z.number({ error: 'auto_retry_delay must be a number of seconds' }).min(0).optional(),
    federated_status_collect_type: z
      .enum(['PUSH', 'PULL'], { error: 'federated_status_collect_type must be "PUSH" or "PULL"' })
      .optional(),
    federated_mode: z
      .enum(['SINGLE', 'MULTIPLE'], { error: 'federated_mode must be "SINGLE" or "MULTIPLE"' })
      .optional(),
    model_id: z.string({ error: 'model_id must be a string' }).optional(),
    /** Ours, not FATE's: among waiting jobs of a site, a larger priority is scheduled first. */
    priority: z
      .number({ error: 'priority must be an integer from -1000 to 1000' })
      .int({ error: 'priority must be an integer from -1000 to 1000' })
      .min(-1000, { error: 'priority must be an integer from -1000 to 1000' })
      .max(1000, { error: 'priority must be an integer from -1000 to 1000' })
      .optional(),
    model_version: z
      .union([z.string(), z.number().int()], { error: 'model_version must be a string (the training job id)' })
      .transform(String)
      .optional(),
    computing_engine: z.string({ error: 'computing_engine must be a string' }).optional(),
    federation_engine: z.string({ error: 'federation_engine must be a string' }).optional(),
    storage_engine: z.string({ error: 'storage_engine must be a string' }).optional(),
    eggroll_run: stringMap.optional(),
    spark_run: stringMap.optional(),
    rabbitmq_run: stringMap.optional(),
    pulsar_run: stringMap.optional(),
    inheritance_info: z
      .strictObject(
        {
          job_id: z.string({ error: 'inheritance_info.job_id must be a job id string' }),
          component_list: z.array(z.string(), { error: 'inheritance_info.component_list must be a list of names' }),
        },
        { error: 'inheritance_info must be {"job_id", "component_list"}' },
      )
      .optional(),
  },
  { error: 'must be an object of job parameters' },
);

export type JobParametersSection = z.output<typeof jobParametersSectionSchema>;

const KNOWN_KEYS = new Set([...Object.keys(jobParametersSectionSchema.shape), 'adaptation_parameters']);

/** Keys of a section that FATE does not know (ignored, with a warning). */
export function unknownJobParameterKeys(section: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(section).filter(
    (key) => !KNOWN_KEYS.has(key) && !(REMOVED_JOB_PARAMETERS as readonly string[]).includes(key),
  );
}

/** Job parameters of one party after defaults, common and role overrides are applied. */
export interface ResolvedJobParameters {
  readonly job_type: JobType;
  readonly task_cores: number;
  readonly task_parallelism: number;
  readonly computing_partitions: number;
  readonly timeout: number;
  readonly auto_retries: number;
  readonly auto_retry_delay: number;
  readonly federated_status_collect_type: 'PUSH' | 'PULL';
  readonly federated_mode: 'SINGLE' | 'MULTIPLE';
  readonly priority: number;
  readonly model_id?: string;
  readonly model_version?: string;
  readonly eggroll_run?: Readonly<Record<string, unknown>>;
  readonly inheritance_info?: { readonly job_id: string; readonly component_list: readonly string[] };
  /** Anything else the conf set (engines, spark_run …), carried through unchanged. */
  readonly [key: string]: unknown;
}

/**
 * Applies defaults under the given sections (later sections win). `computing_partitions`
 * defaults to the site's cores, FATE's cores_per_node × nodes.
 */
export function resolveJobParameters(
  sections: readonly JobParametersSection[],
  siteCores: number,
): ResolvedJobParameters {
  const merged: Record<string, unknown> = { ...JOB_PARAMETER_DEFAULTS, computing_partitions: siteCores };
  for (const section of sections) {
    for (const [key, value] of Object.entries(section)) {
      if (value !== undefined && !(REMOVED_JOB_PARAMETERS as readonly string[]).includes(key)) merged[key] = value;
    }
  }
  return merged as ResolvedJobParameters;
}
