import { OperatingError } from '../errors.js';
import type { ResolvedJobParameters } from '../job/job-parameters.js';
import type { Role } from '../job/roles.js';

/**
 * FATE-Flow's resource arithmetic (`resource_manager.py`) for one party's site pool.
 * A site is one "engine": `cores` in all on `nodes` nodes; one job may take at most
 * floor(cores × maxCoresPercentPerJob).
 */
export interface SitePool {
  readonly cores: number;
  readonly nodes: number;
  readonly maxCoresPercentPerJob: number;
}

/** FATE's standalone engine default: 20 cores on 1 node, a job may use all of it. */
export const DEFAULT_SITE_POOL: SitePool = { cores: 20, nodes: 1, maxCoresPercentPerJob: 1 };

/** The key FATE reads to let a conf fix the cores per node of a standalone/eggroll job. */
const PROCESSORS_PER_NODE = 'eggroll.session.processors.per.node';

export interface ResourceDemand {
  readonly taskCoresPerNode: number;
  readonly taskNodes: number;
  readonly taskParallelism: number;
  /** What the job holds at this party while it runs: cores per node × nodes × parallelism. */
  readonly cores: number;
  readonly memory: number;
}

/**
 * The job's demand at a party in `role`. FATE requests `task_cores` per task and 1 at the arbiter;
 * it counts the arbiter as 0 on standalone/eggroll because there it runs in-process. Here every
 * arbiter task is a real container, so it is counted: 1 core per task.
 */
export function resourceDemand(role: Role, parameters: ResolvedJobParameters, pool: SitePool): ResourceDemand {
  const requestTaskCores = role === 'arbiter' ? 1 : parameters.task_cores;
  const taskNodes = pool.nodes;
  const override = parameters.eggroll_run?.[PROCESSORS_PER_NODE];
  const taskCoresPerNode =
    typeof override === 'number' && Number.isInteger(override) && override >= 1 && role !== 'arbiter'
      ? override
      : Math.max(1, Math.floor(requestTaskCores / taskNodes));
  return {
    taskCoresPerNode,
    taskNodes,
    taskParallelism: parameters.task_parallelism,
    cores: taskCoresPerNode * taskNodes * parameters.task_parallelism,
    memory: 0,
  };
}

export function maxCoresPerJob(pool: SitePool): number {
  return Math.floor(pool.cores * pool.maxCoresPercentPerJob);
}

/** FATE's create-time check: a job asking more than the per-job limit is refused with 103. */
export function assertWithinJobCoreLimit(demand: ResourceDemand, pool: SitePool, party: string): void {
  const limit = maxCoresPerJob(pool);
  if (demand.cores > limit) {
    throw new OperatingError(
      `max cores per job is ${limit} base on (site pool cores ${pool.cores} * max_cores_percent_per_job ${pool.maxCoresPercentPerJob}), ` +
        `expect ${demand.cores} cores at ${party} (task_cores per node ${demand.taskCoresPerNode} * nodes ${demand.taskNodes} * task_parallelism ${demand.taskParallelism}), ` +
        'please lower job_parameters task_cores or task_parallelism',
      { details: { party, limit, expected: demand.cores } },
    );
  }
}
