import type { FlowClient } from '../../../client/flow-client.js';

/** A component's data output at the guest (9999): its header (the id first) and every row. */
export interface GuestOutput {
  readonly header: string[];
  readonly rows: string[][];
}

export async function guestOutput(guest: FlowClient, jobId: string, component: string): Promise<GuestOutput> {
  const answer = await guest.post('/v1/tracking/component/output/data', {
    job_id: jobId,
    role: 'guest',
    party_id: 9999,
    component_name: component,
    limit: -1,
  });
  const [rows = []] = (answer.data ?? []) as string[][][];
  const [header = []] = ((answer.meta as { header?: string[][] } | undefined)?.header ?? []) as string[][];
  return { header, rows };
}

/** id → predict_score of an LR component's output. */
export function predictScores(output: GuestOutput): Map<string, number> {
  const score = output.header.indexOf('predict_score');
  return new Map(output.rows.map((row) => [row[0] ?? '', Number(row[score])]));
}

/** `<component> <role>: <first line of its error>` of each failed task of the job, at every party. */
export async function failedTasks(guest: FlowClient, jobId: string): Promise<string[]> {
  const tasks = ((await guest.post('/v1/job/task/query', { job_id: jobId })).data ?? []) as {
    f_component_name: string;
    f_role: string;
    f_party_status: string;
    f_error_report: string;
  }[];
  return tasks
    .filter((task) => task.f_party_status === 'failed')
    .map((task) => `${task.f_component_name} ${task.f_role}: ${task.f_error_report.split('\n')[0] ?? ''}`);
}
