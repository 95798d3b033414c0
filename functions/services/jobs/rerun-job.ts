import { buildDag } from '../../domain/dag/build-dag.js';
import { withDownstream } from '../../domain/dag/topology.js';
import { ArgumentError, NotEffectiveError, NotFoundError, OperatingError } from '../../domain/errors.js';
import { dslSchema } from '../../domain/job/dsl-schema.js';
import { parseOrThrow } from '../../domain/job/zod-errors.js';
import type { TaskRecord } from '../../domain/records/task-record.js';
import { isEndStatus } from '../../domain/status/statuses.js';
import { callJobParties } from '../federation/fan-out.js';
import type { SiteServices } from '../site-services.js';
import { nextVersionOf } from '../tasks/next-version.js';
import { type SetLocalJobStatusDeps, setLocalJobStatus } from './set-local-job-status.js';

const succeeded = (status: string) => status === 'success' || status === 'pass';

export type RerunJobDeps = Pick<SiteServices, 'clock' | 'events' | 'jobs' | 'peers' | 'site'> & SetLocalJobStatusDeps;

/**
 * FATE's `job rerun` at the initiator, for a job that has ended: the named component (or every
 * component that did not succeed) and everything downstream of it get a new task version at every
 * party; components that succeeded upstream keep their results (rerunning a succeeded component by
 * name needs `force`). The job goes back to waiting everywhere (the table's rerun edge) and the
 * scheduler runs it again as a new workflow execution, which settles the kept components at once.
 */
export async function rerunJob(
  services: RerunJobDeps,
  jobId: string,
  options: { readonly component?: string; readonly force?: boolean } = {},
): Promise<{ readonly components: readonly string[] }> {
  const job = (await services.jobs.getJobRecords(jobId)).find((r) => r.isInitiator);
  if (job === undefined) throw new NotFoundError(`job ${jobId} was not initiated at party ${services.site.partyId}`);
  if (!isEndStatus(job.status))
    throw new OperatingError(`job ${jobId} is ${job.status}; only an ended job can be rerun`);
  if (job.status === 'success' && !options.force) {
    throw new OperatingError(`job ${jobId} succeeded; rerun it with force to run components again`);
  }
  const { dag } = buildDag(parseOrThrow(dslSchema, job.dsl, 'dsl'), job.jobType);
  const tasks = await services.jobs.listTasks(jobId);
  const latest = latestByComponent(tasks);
  const status = (component: string) => latest.get(component)?.[0]?.status ?? 'waiting';

  let roots: string[];
  if (options.component !== undefined) {
    if (!dag.names.includes(options.component)) {
      throw new ArgumentError(`request.component_name: job ${jobId} has no component "${options.component}"`);
    }
    if (succeeded(status(options.component)) && !options.force) {
      throw new OperatingError(`component ${options.component} succeeded; rerun it with force`);
    }
    roots = [options.component];
  } else {
    roots = dag.names.filter((name) => options.force || !succeeded(status(name)));
  }
  const components = withDownstream(dag, roots);
  if (components.length === 0) throw new NotEffectiveError(`job ${jobId}: every component succeeded; nothing to rerun`);

  const now = services.clock();
  await services.jobs.createTasks(
    components.flatMap((component) =>
      (latest.get(component) ?? []).map((task) => nextVersionOf(task, task.taskVersion + 1, now)),
    ),
  );
  await services.jobs.updateJobFields(job, { cancelSignal: false, rerunSignal: false });
  await setLocalJobStatus(services, jobId, 'waiting', { progress: 0 }, job, { rerun: true });
  const others = Object.entries(job.roles)
    .flatMap(([role, ids]) => (ids ?? []).map((partyId) => ({ role: role as typeof job.role, partyId })))
    .filter((party) => !(party.role === job.role && party.partyId === job.partyId));
  await callJobParties(services.peers, job, 'job.status', { status: 'waiting', rerun: true }, others);
  await services.events.publish([{ type: 'JobSubmitted', jobId }]);
  return { components };
}

function latestByComponent(tasks: readonly TaskRecord[]): Map<string, TaskRecord[]> {
  const byComponent = new Map<string, TaskRecord[]>();
  for (const task of tasks) {
    const current = byComponent.get(task.component);
    if (current === undefined || current[0] === undefined || task.taskVersion > current[0].taskVersion) {
      byComponent.set(task.component, [task]);
    } else if (task.taskVersion === current[0].taskVersion) current.push(task);
  }
  return byComponent;
}
