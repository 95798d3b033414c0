import type { Envelope } from '../../client/flow-client.js';
import { buildDag } from '../../functions/domain/dag/build-dag.js';
import { topologicalStages } from '../../functions/domain/dag/topology.js';
import { dslSchema } from '../../functions/domain/job/dsl-schema.js';

/** What `job submit --wait` reads from the site: FlowClient's post, or a test's stand-in. */
export interface JobSource {
  post(path: string, body: unknown): Promise<Envelope>;
}

export interface PartyTask {
  readonly role: string;
  readonly partyId: string;
  readonly status: string;
  /** Its error report, '' for none. */
  readonly error: string;
}

export interface ComponentView {
  readonly name: string;
  readonly stage: number;
  /** The latest version of its task at every party. */
  readonly tasks: readonly PartyTask[];
  /** The last per-iteration loss it recorded (metric namespace "train", name "loss"), while it runs. */
  readonly iteration?: { readonly index: number; readonly loss: number };
}

/** One look at a job from its initiator's site. */
export interface JobSnapshot {
  readonly jobId: string;
  readonly status: string;
  readonly progress: number;
  readonly tag: string;
  readonly components: readonly ComponentView[];
}

type Row = Readonly<Record<string, unknown>>;

/** The iterative components record their loss per iteration here (FATE's train loss metric). */
const LOSS = { metric_namespace: 'train', metric_name: 'loss' } as const;

/** Reads the job's status, every party's tasks and the running components' last loss, at the initiator. */
export async function readJobSnapshot(source: JobSource, jobId: string): Promise<JobSnapshot> {
  const jobs = await source.post('/v1/job/query', { job_id: jobId });
  if (jobs.retcode !== 0) throw new Error(`job ${jobId}: ${jobs.retmsg}`);
  const rows = rowsOf(jobs.data);
  const job = rows.find((row) => row.f_is_initiator === true) ?? rows[0];
  if (job === undefined) throw new Error(`job ${jobId}: the site answered no row`);
  const tasks = await source.post('/v1/job/task/query', { job_id: jobId });
  const latest = latestTasks(tasks.retcode === 0 ? rowsOf(tasks.data) : []);
  const stages = stagesOf(job.f_dsl);
  const components = await Promise.all(
    stages.flatMap((names, stage) =>
      names.map(async (name): Promise<ComponentView> => {
        const partyTasks = latest.get(name) ?? [];
        const running = partyTasks.some((task) => task.status === 'running');
        const iteration = running ? await lastLoss(source, jobId, job, name) : undefined;
        return { name, stage, tasks: partyTasks, ...(iteration && { iteration }) };
      }),
    ),
  );
  return {
    jobId,
    status: String(job.f_status ?? ''),
    progress: Number(job.f_progress ?? 0),
    tag: String(job.f_tag ?? ''),
    components,
  };
}

const rowsOf = (value: unknown): Row[] =>
  Array.isArray(value) ? value.filter((row): row is Row => typeof row === 'object' && row !== null) : [];

/** Each component's tasks at every party, the latest version of each only, in role order. */
function latestTasks(rows: readonly Row[]): Map<string, PartyTask[]> {
  const newest = new Map<string, Row>();
  for (const row of rows) {
    const key = `${String(row.f_component_name)}\0${String(row.f_role)}\0${String(row.f_party_id)}`;
    const kept = newest.get(key);
    if (kept === undefined || Number(row.f_task_version) > Number(kept.f_task_version)) newest.set(key, row);
  }
  const byComponent = new Map<string, PartyTask[]>();
  const roleOrder = ['guest', 'host', 'arbiter', 'local'];
  for (const row of [...newest.values()].sort(
    (a, b) => roleOrder.indexOf(String(a.f_role)) - roleOrder.indexOf(String(b.f_role)),
  )) {
    const list = byComponent.get(String(row.f_component_name)) ?? [];
    list.push({
      role: String(row.f_role),
      partyId: String(row.f_party_id),
      status: String(row.f_party_status ?? row.f_status),
      error: typeof row.f_error_report === 'string' ? row.f_error_report : '',
    });
    byComponent.set(String(row.f_component_name), list);
  }
  return byComponent;
}

/** The DSL's stages as the scheduler runs them; the components one per stage if the DSL cannot be read. */
function stagesOf(dsl: unknown): string[][] {
  const parsed = dslSchema.safeParse(dsl);
  if (!parsed.success) return [];
  try {
    return topologicalStages(buildDag(parsed.data, 'train').dag);
  } catch {
    return Object.keys(parsed.data.components).map((name) => [name]);
  }
}

async function lastLoss(
  source: JobSource,
  jobId: string,
  job: Row,
  component: string,
): Promise<ComponentView['iteration'] | undefined> {
  const answer = await source.post('/v1/tracking/component/metric_data', {
    job_id: jobId,
    role: job.f_role,
    party_id: job.f_party_id,
    component_name: component,
    ...LOSS,
  });
  if (answer.retcode !== 0 || !Array.isArray(answer.data)) return undefined;
  // FATE's curve points: [iteration, loss].
  const point: unknown = answer.data.at(-1);
  if (!Array.isArray(point) || typeof point[0] !== 'number' || typeof point[1] !== 'number') return undefined;
  return { index: point[0], loss: point[1] };
}
