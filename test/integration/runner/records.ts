/** A job of the runner tests at one party, stored the way a site stores it, with its tasks moved to running. */
import type { JsonObject } from '../../../functions/domain/job/deep-merge.js';
import type { JobStore } from '../../../functions/domain/ports/job-store.js';
import type { JobRecord } from '../../../functions/domain/records/job-record.js';
import type { TaskKey, TaskRecord } from '../../../functions/domain/records/task-record.js';

export const GUEST = 9999;
export const T0 = 1_767_268_800_000;

let counter = 0;

/** A job id no other test in the file uses, FATE-shaped: 21 digits. */
export function newJobId(): string {
  counter += 1;
  return `20260101120000${String(counter).padStart(7, '0')}`;
}

export interface TestComponent {
  readonly module: string;
  readonly parameters?: Record<string, unknown>;
  readonly input?: JsonObject;
  readonly output?: JsonObject;
}

function jobRecord(jobId: string, dsl: JsonObject): JobRecord {
  return {
    jobId,
    role: 'guest',
    partyId: GUEST,
    initiatorRole: 'guest',
    initiatorPartyId: GUEST,
    isInitiator: true,
    status: 'running',
    jobType: 'train',
    roles: { guest: [GUEST] },
    dsl,
    runtimeConf: { dsl_version: 2, initiator: { role: 'guest', party_id: GUEST } },
    runtimeConfOnParty: {},
    trainRuntimeConf: {},
    stages: [],
    modelId: `guest-${GUEST}#model`,
    modelVersion: jobId,
    description: '',
    progress: 0,
    tag: '',
    cancelSignal: false,
    rerunSignal: false,
    priority: 0,
    cores: 1,
    memory: 0,
    resourceInUse: true,
    runCount: 0,
    createTime: T0,
    updateTime: T0,
  };
}

function taskRecord(jobId: string, component: string, spec: TestComponent, taskVersion: number): TaskRecord {
  return {
    jobId,
    component,
    taskId: `${jobId}_${component}`,
    taskVersion,
    role: 'guest',
    partyId: GUEST,
    module: spec.module,
    needRun: true,
    provider: null,
    parameters: spec.parameters ?? {},
    partyStatus: 'waiting',
    status: 'waiting',
    isLocal: true,
    statusHistory: [],
    createTime: T0,
    updateTime: T0,
  };
}

/**
 * Stores a job whose DSL has `components` and one task per component (all at `taskVersion`), and
 * moves the listed ones to running at T0, as the launching service does before it launches.
 */
export async function storeJob(
  jobs: JobStore,
  components: Readonly<Record<string, TestComponent>>,
  options: { readonly running?: readonly string[]; readonly taskVersion?: number } = {},
): Promise<{ readonly jobId: string; key(component: string): TaskKey }> {
  const jobId = newJobId();
  const taskVersion = options.taskVersion ?? 0;
  const dsl: JsonObject = {
    components: Object.fromEntries(
      Object.entries(components).map(([name, spec]) => [
        name,
        {
          module: spec.module,
          ...(spec.input === undefined ? {} : { input: spec.input }),
          ...(spec.output === undefined ? {} : { output: spec.output }),
        },
      ]),
    ),
  };
  const tasks = Object.entries(components).map(([name, spec]) => taskRecord(jobId, name, spec, taskVersion));
  await jobs.createJob(jobRecord(jobId, dsl), tasks);
  const key = (component: string): TaskKey => ({ jobId, component, taskVersion, role: 'guest', partyId: GUEST });
  for (const component of options.running ?? Object.keys(components)) {
    await jobs.updateTaskPartyStatus(key(component), 'running', { startTime: T0, workerId: `worker-${component}` });
  }
  return { jobId, key };
}
