/**
 * The scheduling tests' jobs: DSL v2 / conf v2 pairs initiated by the guest 9999 with the host (and
 * the arbiter) at 10000, as both the in-memory federation (test/support/fakes) and the real local
 * federation (test/e2e/orchestration) run them.
 */
const GUEST = 9999;
const HOST = 10000;

/** A DSL v2 component: `module`, data inputs as `{kind: [refs]}`, one data output "data". */
export function component(module: string, inputs: Readonly<Record<string, string[]>> = {}) {
  return {
    module,
    ...(Object.keys(inputs).length === 0 ? {} : { input: { data: inputs } }),
    output: { data: ['data'] },
  };
}

export interface JobSpec {
  readonly components: Readonly<Record<string, ReturnType<typeof component>>>;
  /** job_parameters.common over {task_cores: 1, task_parallelism: 1, auto_retries: 0}. */
  readonly jobParameters?: Readonly<Record<string, unknown>>;
  /** component_parameters.common. */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** component_parameters.role (FATE's per-role, per-index sections). */
  readonly roleParameters?: Readonly<Record<string, unknown>>;
  /** With the arbiter (at 10000 beside the host). @default true */
  readonly arbiter?: boolean;
}

/** The DSL and the runtime conf of a job. */
export function jobDocuments(spec: JobSpec): { readonly dsl: unknown; readonly conf: unknown } {
  return {
    dsl: { components: spec.components },
    conf: {
      dsl_version: 2,
      initiator: { role: 'guest', party_id: GUEST },
      role: { guest: [GUEST], host: [HOST], ...(spec.arbiter === false ? {} : { arbiter: [HOST] }) },
      job_parameters: {
        common: { job_type: 'train', task_cores: 1, task_parallelism: 1, auto_retries: 0, ...spec.jobParameters },
      },
      component_parameters: {
        common: spec.parameters ?? {},
        ...(spec.roleParameters === undefined ? {} : { role: spec.roleParameters }),
      },
    },
  };
}
