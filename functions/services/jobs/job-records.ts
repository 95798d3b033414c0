import { ArgumentError } from '../../domain/errors.js';
import { FIRST_TASK_VERSION } from '../../domain/ids.js';
import type { JsonObject } from '../../domain/job/deep-merge.js';
import { MAX_JOB_WRITE_UNITS } from '../../domain/limits.js';
import type { JobPlan, PartyPlan } from '../../domain/plan/job-plan.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { newTaskRecord } from '../../domain/records/new-task-record.js';
import { assertRecordFits, writeUnits } from '../../domain/records/stored-size.js';
import type { TaskRecord } from '../../domain/records/task-record.js';

export interface JobRecordsInput {
  readonly jobId: string;
  readonly plan: JobPlan;
  readonly dsl: JsonObject;
  readonly runtimeConf: JsonObject;
  /** The party this site serves. */
  readonly partyId: number;
  readonly createTime: number;
}

/**
 * The records a site stores for a new job: one job record per role the site's party plays, its
 * own tasks (version 0, waiting), and at the initiator a holder task for every other party too,
 * so that it can combine all parties' statuses (FATE's "task holders"). Refused (ArgumentError,
 * naming the limit) when they would not fit the store, so that nothing is written for them.
 */
export function buildJobRecords(input: JobRecordsInput): { jobs: JobRecord[]; tasks: TaskRecord[] } {
  const { plan, partyId } = input;
  const localParties = plan.parties.filter((party) => party.partyId === partyId);
  const isInitiatorSite = plan.initiator.partyId === partyId;
  const jobs = localParties.map((party) => jobRecordFor(input, party));
  const taskParties = isInitiatorSite ? plan.parties : localParties;
  const tasks = taskParties.flatMap((party) => tasksFor(input, party, party.partyId === partyId));
  assertStorable(jobs, tasks);
  return { jobs, tasks };
}

function assertStorable(jobs: readonly JobRecord[], tasks: readonly TaskRecord[]): void {
  const hint = 'send a smaller DSL or runtime conf';
  let units = 0;
  for (const job of jobs) {
    units += writeUnits(assertRecordFits(job, `the job record of ${job.role} ${job.partyId}`, hint));
  }
  for (const task of tasks) {
    const what = `the task of ${task.component} at ${task.role} ${task.partyId}`;
    units += writeUnits(assertRecordFits(task, what, 'send smaller component parameters'));
  }
  if (units > MAX_JOB_WRITE_UNITS) {
    throw new ArgumentError(
      `the job's ${jobs.length + tasks.length} records take ${units} write units, over the limit of ${MAX_JOB_WRITE_UNITS} per job (one DynamoDB partition takes 1,000 a second); use fewer components or parties, or smaller parameters`,
      { details: { writeUnits: units, limit: MAX_JOB_WRITE_UNITS } },
    );
  }
}

function jobRecordFor(input: JobRecordsInput, party: PartyPlan): JobRecord {
  const { plan } = input;
  const isInitiator = plan.initiator.role === party.role && plan.initiator.partyId === party.partyId;
  return {
    jobId: input.jobId,
    role: party.role,
    partyId: party.partyId,
    initiatorRole: plan.initiator.role,
    initiatorPartyId: plan.initiator.partyId,
    isInitiator,
    status: 'waiting',
    jobType: plan.jobType,
    roles: plan.roles,
    dsl: input.dsl,
    runtimeConf: input.runtimeConf,
    runtimeConfOnParty: {
      ...input.runtimeConf,
      job_parameters: { common: { ...party.jobParameters } },
      local: { role: party.role, party_id: party.partyId },
    },
    trainRuntimeConf: {},
    stages: plan.stages,
    modelId: plan.modelInfo.modelId,
    modelVersion: plan.modelInfo.modelVersion ?? input.jobId,
    description: typeof input.runtimeConf.description === 'string' ? input.runtimeConf.description : '',
    progress: 0,
    tag: '',
    cancelSignal: false,
    rerunSignal: false,
    priority: party.jobParameters.priority,
    cores: party.resources.cores,
    memory: party.resources.memory,
    resourceInUse: false,
    runCount: 0,
    createTime: input.createTime,
    updateTime: input.createTime,
  };
}

function tasksFor(input: JobRecordsInput, party: PartyPlan, isLocal: boolean): TaskRecord[] {
  return party.tasks.map((task) =>
    newTaskRecord(
      {
        jobId: input.jobId,
        component: task.component,
        taskVersion: FIRST_TASK_VERSION,
        role: party.role,
        partyId: party.partyId,
        module: task.module,
        needRun: task.needRun,
        provider: task.provider,
        parameters: task.parameters,
        isLocal,
      },
      input.createTime,
    ),
  );
}
