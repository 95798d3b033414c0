import type { Role } from '../../domain/job/roles.js';
import type { OutputRecord } from '../../domain/ports/tracking-store.js';
import type { TaskRecord } from '../../domain/records/task-record.js';
import type { SiteServices } from '../site-services.js';

/** Which of a job's tasks at this site: any of these left out matches all. */
export interface TaskSelection {
  readonly role?: Role;
  readonly partyId?: number;
  readonly component?: string;
}

/**
 * The newest version of each task this site runs for the job, as selected: what its outputs,
 * metrics and parameters belong to (the initiator's holders for other parties run elsewhere).
 */
export async function localTasksOf(
  services: Pick<SiteServices, 'jobs'>,
  jobId: string,
  selection: TaskSelection,
): Promise<TaskRecord[]> {
  const tasks = await services.jobs.listTasks(jobId, {
    latestOnly: true,
    ...(selection.component === undefined ? {} : { component: selection.component }),
    ...(selection.role === undefined ? {} : { role: selection.role }),
    ...(selection.partyId === undefined ? {} : { partyId: selection.partyId }),
  });
  return tasks.filter((task) => task.isLocal);
}

/**
 * Where an output's rows live, as FATE names an output table: the object's folder as namespace and
 * its file name as name (an output is an object of the site's store, not an uploaded table).
 */
export function outputTableOf(output: OutputRecord): { readonly namespace: string; readonly name: string } {
  const slash = output.location.lastIndexOf('/');
  return { namespace: output.location.slice(0, slash), name: output.location.slice(slash + 1) };
}

export type DataViewDeps = Pick<SiteServices, 'jobs' | 'tracking'>;

/** FATE's `/v1/job/data/view/query`: one row per data output of the selected tasks (FATE's t_tracking_output_data_info). */
export async function dataView(services: DataViewDeps, jobId: string, selection: TaskSelection) {
  const tasks = await localTasksOf(services, jobId, selection);
  const rows = await Promise.all(
    tasks.map(async (task) => {
      const ref = { jobId, component: task.component, role: task.role, partyId: task.partyId };
      const outputs = await services.tracking.listOutputs(ref, 'data');
      return outputs.map((output) => {
        const table = outputTableOf(output);
        return {
          f_job_id: jobId,
          f_component_name: task.component,
          f_task_id: task.taskId,
          f_task_version: task.taskVersion,
          f_role: task.role,
          f_party_id: String(task.partyId),
          f_data_name: output.name,
          f_table_namespace: table.namespace,
          f_table_name: table.name,
          f_create_time: output.createTime,
        };
      });
    }),
  );
  return rows.flat();
}
